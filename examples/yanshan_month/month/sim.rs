//! The month itself: a discrete-event simulation. Each request is registered, triaged by the
//! operator from the suggester's proposals ([`super::operator`]), then carried by units that
//! behave realistically — most on time, some late, some returning or extending, some reports
//! returned, some dissatisfied callbacks, some matters reported up. Escalation rules are
//! evaluated at each ticket's `next_check_at` and the group rules daily at 08:00.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Duration, FixedOffset};
use jiesu::assessment::Period;
use jiesu::engine::Engine;
use jiesu::guide::{AppealType, Assignment, AssignmentRole, Location};
use jiesu::ticket::{
    Actor, CallbackOutcome, Command, EventBody, Judgement, MatterKind, MatterLevel, MatterStanding, Report, ReworkReason, Role, Status, Ticket,
};

use super::operator::{reassignment, triage, Triage};
use super::requests::{generate, Request};
use super::Rng;

/// What to simulate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The seed: the same seed gives the same month.
    pub seed: u64,
    /// The month reported on; the month before is simulated too (for the bulletin's trends).
    pub month: Period,
    /// The volume of requests, in percent of the county's usual (100 for `make demo`; less for
    /// a quick test).
    pub volume_percent: u64,
}

/// The simulated month: the engine, every request and its ticket (same index), and counts.
pub struct Month {
    /// The engine the month ran on.
    pub engine: Engine,
    /// The requests, in order of arrival.
    pub requests: Vec<Request>,
    /// One ticket per request (same index); a request the rules refused to register has an
    /// empty ticket.
    pub tickets: Vec<Ticket>,
    /// Commands issued.
    pub commands: u64,
    /// Commands the rules refused (late returns, reports waiting for contributions, …), by
    /// command name and error kind.
    pub refusals: HashMap<String, u64>,
    /// How many times the group rules were evaluated.
    pub group_checks: u64,
    /// The operator's decisions at triage, by kind (`dispatch`, `emergency`, `decline`,
    /// `document`, `answer`).
    pub triage: HashMap<&'static str, u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    Register(usize),
    Triage,
    Acknowledge(String),
    Contact(String),
    Contribute(String),
    Progress,
    RequestReturn(String),
    DecideReturn,
    RequestExtension,
    DecideExtension,
    Report,
    Review,
    Callback,
    Judge,
    /// The lead unit's leader (or, holding it, the task force) reports the ticket up as a
    /// major matter (R-SCOPE-5).
    ReportUp,
    /// The level holding the major matter decides.
    DecideMatter,
    Close,
    Archive,
    Evaluate,
}

/// An action due at an instant: (when, scheduling order to break ties, ticket index, action).
type Scheduled = (DateTime<FixedOffset>, u64, usize, Action);

struct Sim {
    engine: Engine,
    rng: Rng,
    tickets: Vec<Ticket>,
    requests: Vec<Request>,
    queue: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    commands: u64,
    dissatisfied_before: HashMap<usize, u32>,
    refusals: HashMap<String, u64>,
    triage: HashMap<&'static str, u64>,
}

impl Sim {
    fn at(&mut self, t: DateTime<FixedOffset>, idx: usize, a: Action) {
        self.seq += 1;
        self.queue.push(Reverse((t, self.seq, idx, a)));
    }

    fn exec(&mut self, idx: usize, actor: Actor, cmd: Command, now: DateTime<FixedOffset>) -> bool {
        self.commands += 1;
        match self.tickets[idx].execute(&self.engine, &actor, &cmd, now) {
            Ok(_) => {
                // After every change, look again when the rules say so.
                self.schedule_evaluation(idx, now);
                true
            }
            Err(e) => {
                *self.refusals.entry(format!("{} ({:?})", cmd.name(), e.kind())).or_default() += 1;
                false
            }
        }
    }

    fn schedule_evaluation(&mut self, idx: usize, now: DateTime<FixedOffset>) {
        let ev = self.engine.evaluate(&self.tickets[idx], now);
        if !ev.alerts.is_empty() {
            self.record(idx, &ev.alerts, now);
        }
        if let Some(next) = ev.next_check_at {
            self.at(next, idx, Action::Evaluate);
        }
    }

    fn record(&mut self, idx: usize, alerts: &[jiesu::escalation::Alert], now: DateTime<FixedOffset>) {
        if let Ok(events) = self.engine.record_alerts(&self.tickets[idx], alerts, now) {
            for e in &events {
                let _ = self.tickets[idx].apply(e);
            }
        }
    }

    /// The suggester's next lead for ticket `idx` when `returning` gives it back: not a unit
    /// that returned it before.
    fn reassignment(&self, idx: usize, returning: &str) -> Option<String> {
        let t = &self.tickets[idx];
        let mut returned: Vec<&str> = t
            .events()
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::ReturnRequested { unit, .. } => Some(unit.as_str()),
                _ => None,
            })
            .collect();
        returned.push(returning);
        reassignment(self.engine.guide(), t.content(), t.location(), &returned)
    }

    fn lead(&self, idx: usize) -> Option<String> {
        self.tickets[idx].lead().map(|a| a.unit.clone())
    }

    /// Plans the behaviour of the units assigned at `now`.
    fn plan_units(&mut self, idx: usize, now: DateTime<FixedOffset>) {
        let assignments: Vec<(String, AssignmentRole)> = self.tickets[idx].assignments().iter().map(|a| (a.unit.clone(), a.role)).collect();
        let urgent = self.tickets[idx].first_feedback().is_some();
        // Units that are slow across the board.
        let slow_units = ["natural_resources", "housing", "zhela"];
        for (unit, role) in assignments {
            let slow = slow_units.contains(&unit.as_str());
            let ack: Duration = if urgent {
                self.rng.minutes(5, 50)
            } else if slow && self.rng.chance(0.35) {
                self.rng.minutes(24 * 60, 60 * 60)
            } else {
                self.rng.minutes(20, 20 * 60)
            };
            self.at(now + ack, idx, Action::Acknowledge(unit.clone()));
            match role {
                AssignmentRole::Lead => {
                    {
                        let d = self.rng.minutes(5, 120);
                        self.at(now + ack + d, idx, Action::Contact(unit.clone()));
                    }
                    if self.rng.chance(0.06) {
                        {
                            let d = self.rng.minutes(10, 300);
                            self.at(now + ack + d, idx, Action::RequestReturn(unit.clone()));
                        }
                        continue;
                    }
                    {
                        let d = self.rng.minutes(60, 24 * 60);
                        self.at(now + ack + d, idx, Action::Progress);
                    }
                    if self.rng.chance(0.04) {
                        {
                            let d = self.rng.minutes(24 * 60, 3 * 24 * 60);
                            self.at(now + d, idx, Action::RequestExtension);
                        }
                    } else if self.rng.chance(0.006) {
                        let d = self.rng.minutes(3 * 60, 24 * 60);
                        self.at(now + ack + d, idx, Action::ReportUp);
                    }
                    self.plan_report(idx, now, slow);
                }
                _ => {
                    if self.rng.chance(0.03) {
                        {
                            let d = self.rng.minutes(10, 300);
                            self.at(now + ack + d, idx, Action::RequestReturn(unit.clone()));
                        }
                    } else {
                        {
                            let d = self.rng.minutes(60, 2 * 24 * 60);
                            self.at(now + ack + d, idx, Action::Contribute(unit.clone()));
                        }
                    }
                }
            }
        }
    }

    fn plan_report(&mut self, idx: usize, from: DateTime<FixedOffset>, slow: bool) {
        let Some(due) = self.tickets[idx].completion().map(|c| c.due_at) else { return };
        let window = (due - from).num_minutes().max(60);
        let late = if slow { 0.30 } else { 0.07 };
        let delay = if self.rng.chance(late) {
            Duration::minutes(window + self.rng.below(5 * 24 * 60) as i64)
        } else {
            Duration::minutes((window as f64 * (0.3 + 0.65 * self.rng.below(1000) as f64 / 1000.0)) as i64)
        };
        self.at(from + delay, idx, Action::Report);
    }

    fn step(&mut self, now: DateTime<FixedOffset>, idx: usize, action: Action) {
        let cc = Actor::command_center();
        match action {
            Action::Register(r) => {
                let req = &self.requests[r];
                let location = Location { township: req.township.clone(), ..Location::default() };
                let cmd = Command::Register {
                    id: format!("YS{}{:05}", now.format("%Y%m%d"), idx + 1),
                    channel: req.channel,
                    appeal_type: AppealType::Complaint,
                    content: req.text.clone(),
                    requester: req.requester.clone(),
                    location,
                };
                if self.exec(idx, cc, cmd, now) {
                    let wait = self.rng.minutes(2, 40);
                    self.at(now + wait, idx, Action::Triage);
                }
            }
            Action::Triage => {
                let decision = triage(self.engine.guide(), self.tickets[idx].content(), self.tickets[idx].location());
                let (kind, cmd) = match decision {
                    Triage::Emergency { answer } => ("emergency", Command::AnswerDirectly { answer }),
                    Triage::Decline { reason, guidance } => ("decline", Command::Decline { reason, guidance }),
                    Triage::Document { answer } => ("document", Command::AnswerDirectly { answer }),
                    Triage::Answer { answer } => ("answer", Command::AnswerDirectly { answer }),
                    Triage::Dispatch(decision) => ("dispatch", Command::Dispatch { decision }),
                };
                *self.triage.entry(kind).or_default() += 1;
                if self.exec(idx, cc, cmd, now) && kind == "dispatch" {
                    if self.rng.chance(0.01) {
                        let lg = Actor::of(Role::LeadingGroup);
                        self.exec(idx, lg, Command::Instruct { instruction: "请相关部门高度重视，限期办结并报结果".into() }, now);
                    }
                    self.plan_units(idx, now);
                }
            }
            Action::Acknowledge(u) => {
                self.exec(idx, Actor::unit(&u), Command::Acknowledge {}, now);
            }
            Action::Contact(u) => {
                self.exec(idx, Actor::unit(&u), Command::ContactRequester { note: "已电话联系诉求人，了解具体情况".into() }, now);
            }
            Action::Contribute(u) => {
                self.exec(idx, Actor::unit(&u), Command::SubmitContribution { content: "已按职责完成配合事项".into() }, now);
            }
            Action::ReportUp => {
                let t = &self.tickets[idx];
                // The task force passes on a matter it holds; otherwise the lead unit's leader raises it.
                let (actor, kind, reason) = match t.major_matter() {
                    Some(m) if m.level == MatterLevel::TaskForce && m.standing != MatterStanding::SentBack => {
                        (Actor::of(Role::TaskForce), m.kind, "涉及多个部门和乡镇，需县领导小组统筹决策".to_string())
                    }
                    _ => {
                        let Some(u) = self.lead(idx) else { return };
                        let kind = if self.rng.chance(0.5) { MatterKind::Major } else { MatterKind::HotDifficult };
                        (Actor::unit_leader(&u), kind, "群众反映集中、涉及多部门职责，需上级统筹协调".to_string())
                    }
                };
                if self.exec(idx, actor, Command::ReportUp { kind, reason }, now) {
                    let d = self.rng.minutes(6 * 60, 4 * 24 * 60);
                    self.at(now + d, idx, Action::DecideMatter);
                }
            }
            Action::DecideMatter => {
                let Some(m) = self.tickets[idx].major_matter().filter(|m| m.is_pending()).cloned() else { return };
                let actor = Actor::of(m.level.role());
                let r = self.rng.below(100);
                let cmd = if m.level == MatterLevel::TaskForce && r < 30 {
                    // Passed on to the leading group.
                    self.at(now, idx, Action::ReportUp);
                    return;
                } else if r < 80 {
                    Command::DecideMajorMatter {
                        take: true,
                        instruction: format!("由{}牵头，相关部门和乡镇按职责配合，限期办结并报结果", m.level.label()),
                        explanation: String::new(),
                        units: Vec::new(),
                        due_at: None,
                    }
                } else {
                    Command::DecideMajorMatter {
                        take: false,
                        instruction: String::new(),
                        explanation: "属承办单位职责范围，请按原渠道抓紧办理".into(),
                        units: Vec::new(),
                        due_at: None,
                    }
                };
                self.exec(idx, actor, cmd, now);
            }
            Action::Progress => {
                if let Some(u) = self.lead(idx) {
                    self.exec(idx, Actor::unit(&u), Command::AddProgress { note: "已安排工作人员到现场核实处理".into() }, now);
                }
            }
            Action::RequestReturn(u) => {
                // The unit names the suggester's next lead for the request; with none, it carries on.
                let Some(suggested) = self.reassignment(idx, &u) else {
                    if self.lead(idx).as_deref() == Some(u.as_str()) {
                        let d = self.rng.minutes(60, 24 * 60);
                        self.at(now + d, idx, Action::Progress);
                        self.plan_report(idx, now, false);
                    } else {
                        let d = self.rng.minutes(60, 2 * 24 * 60);
                        self.at(now + d, idx, Action::Contribute(u));
                    }
                    return;
                };
                let ok = self.exec(
                    idx,
                    Actor::unit(&u),
                    Command::RequestReturn {
                        reason: "该事项不属于本单位职责范围".into(), evidence: vec!["职责清单.pdf".into()], suggested_unit: suggested
                    },
                    now,
                );
                if ok {
                    let d = self.rng.minutes(30, 8 * 60);
                    self.at(now + d, idx, Action::DecideReturn);
                }
            }
            Action::DecideReturn => {
                let Some(p) = self.tickets[idx].pending_return().cloned() else { return };
                let is_lead = self.lead(idx).as_deref() == Some(p.unit.as_str());
                // The operator reassigns a returned lead to the suggester's next lead unit.
                let to = if is_lead { self.reassignment(idx, &p.unit) } else { None };
                if self.rng.chance(0.6) && (to.is_some() || !is_lead) {
                    let assignments = to.map(|unit| vec![Assignment { unit, role: AssignmentRole::Lead }]);
                    if self.exec(idx, cc, Command::DecideReturn { approve: true, reason: "经核实属实，予以改派".into(), assignments }, now) && is_lead
                    {
                        self.plan_units(idx, now);
                    }
                } else if self.exec(idx, cc, Command::DecideReturn { approve: false, reason: "属于该单位职责，不予退回".into(), assignments: None }, now)
                    && is_lead
                {
                    let d = self.rng.minutes(60, 24 * 60);
                    self.at(now + d, idx, Action::Progress);
                    self.plan_report(idx, now, false);
                }
            }
            Action::RequestExtension => {
                let Some(u) = self.lead(idx) else { return };
                let Some(due) = self.tickets[idx].completion().map(|c| c.due_at) else { return };
                let requested_due_at = due + Duration::days(5);
                if self.exec(idx, Actor::unit(&u), Command::RequestExtension { reason: "需协调多个部门现场会勘".into(), requested_due_at }, now) {
                    {
                        let d = self.rng.minutes(30, 6 * 60);
                        self.at(now + d, idx, Action::DecideExtension);
                    }
                }
            }
            Action::DecideExtension => {
                let approve = self.rng.chance(0.7);
                self.exec(idx, cc, Command::DecideExtension { approve, reason: if approve { "同意延期".into() } else { "理由不充分".into() } }, now);
            }
            Action::Report => {
                let Some(u) = self.lead(idx) else { return };
                if self.tickets[idx].status() != Some(Status::InProgress) {
                    // Not acknowledged yet or waiting for a decision: try again later.
                    if !self.tickets[idx].status().is_some_and(|s| s.is_terminal()) && self.tickets[idx].status() != Some(Status::Reported) {
                        {
                            let d = self.rng.minutes(60, 12 * 60);
                            self.at(now + d, idx, Action::Report);
                        }
                    }
                    return;
                }
                if self.tickets[idx].major_matter().is_some_and(|m| m.is_pending()) {
                    // The matter is upstairs and the clocks are paused: report after the decision.
                    let d = self.rng.minutes(12 * 60, 24 * 60);
                    self.at(now + d, idx, Action::Report);
                    return;
                }
                let solved = self.rng.chance(0.9);
                let report = Report {
                    result: if solved {
                        "问题已处理完毕，现场已整改到位".into()
                    } else {
                        "已作解释说明，因客观条件暂无法解决".into()
                    },
                    answered_at: Some(now - Duration::minutes(30)),
                    evidence: vec![format!("现场照片-{}.jpg", idx + 1)],
                    approved_by: Some("分管领导".into()),
                    solved,
                };
                if self.exec(idx, Actor::unit(&u), Command::SubmitReport { report }, now) {
                    {
                        let d = self.rng.minutes(30, 10 * 60);
                        self.at(now + d, idx, Action::Review);
                    }
                } else {
                    // Waiting for responsible units' contributions.
                    {
                        let d = self.rng.minutes(120, 24 * 60);
                        self.at(now + d, idx, Action::Report);
                    }
                }
            }
            Action::Review => {
                if self.rng.chance(0.08) {
                    let reason = *self.rng.pick(&[ReworkReason::InsufficientEvidence, ReworkReason::NonStandardFormat, ReworkReason::RequesterNotSatisfied]);
                    if self.exec(idx, cc, Command::ReviewReport { accept: false, reason: Some(reason), note: "请补充佐证材料后重新报送".into() }, now)
                    {
                        self.plan_report(idx, now, false);
                    }
                } else if self.exec(idx, cc, Command::ReviewReport { accept: true, reason: None, note: String::new() }, now) {
                    {
                        let d = self.rng.minutes(60, 36 * 60);
                        self.at(now + d, idx, Action::Callback);
                    }
                }
            }
            Action::Callback => {
                let before = self.dissatisfied_before.get(&idx).copied().unwrap_or(0);
                let r = self.rng.below(100);
                let outcome = match r {
                    0..=71 => CallbackOutcome::Satisfied,
                    72..=86 => CallbackOutcome::BasicallySatisfied,
                    87..=96 if before < 2 => CallbackOutcome::Dissatisfied,
                    87..=96 => CallbackOutcome::BasicallySatisfied,
                    _ => CallbackOutcome::Unreachable,
                };
                let solved = self.tickets[idx].report().is_none_or(|r| r.solved) && outcome != CallbackOutcome::Dissatisfied;
                if self.exec(idx, cc, Command::RecordCallback { outcome, solved, note: String::new() }, now) {
                    if outcome == CallbackOutcome::Dissatisfied {
                        *self.dissatisfied_before.entry(idx).or_default() += 1;
                        {
                            let d = self.rng.minutes(60, 24 * 60);
                            self.at(now + d, idx, Action::Judge);
                        }
                    } else {
                        {
                            let d = self.rng.minutes(10, 120);
                            self.at(now + d, idx, Action::Close);
                        }
                    }
                }
            }
            Action::Judge => {
                let r = self.rng.below(100);
                let judgement = match r {
                    0..=49 => {
                        Judgement::Reasonable {
                            measures: "责成承办单位重新核查处理".into(), responsible_person: "承办单位分管负责人".into(), due_at: None
                        }
                    }
                    50..=79 => Judgement::Unresolvable { explanation: "受客观条件限制，已向诉求人解释说明".into() },
                    _ => Judgement::Unreasonable { explanation: "诉求超出政策规定，属不合理诉求".into() },
                };
                let reopened = matches!(judgement, Judgement::Reasonable { .. });
                if self.exec(idx, cc, Command::JudgeDissatisfaction { judgement }, now) {
                    if reopened {
                        self.plan_report(idx, now, false);
                    } else {
                        {
                            let d = self.rng.minutes(60, 24 * 60);
                            self.at(now + d, idx, Action::Archive);
                        }
                    }
                }
            }
            Action::Close => {
                if self.exec(idx, cc, Command::Close {}, now) {
                    {
                        let d = self.rng.minutes(60, 24 * 60);
                        self.at(now + d, idx, Action::Archive);
                    }
                }
            }
            Action::Archive => {
                self.exec(idx, cc, Command::Archive {}, now);
            }
            Action::Evaluate => {
                self.schedule_evaluation(idx, now);
            }
        }
    }
}

/// Simulates `options.month` and the month before on `engine`.
pub fn simulate(engine: Engine, options: Options) -> jiesu::Result<Month> {
    let mut rng = Rng::seeded(options.seed);
    let month = options.month;
    let start = month.previous().from;
    let requests = generate(&engine, &mut rng, month, options.volume_percent)?;
    let mut sim = Sim {
        engine,
        rng,
        tickets: (0..requests.len()).map(|_| Ticket::new()).collect(),
        queue: BinaryHeap::new(),
        seq: 0,
        commands: 0,
        dissatisfied_before: HashMap::new(),
        refusals: HashMap::new(),
        triage: HashMap::new(),
        requests,
    };
    for (i, r) in sim.requests.iter().enumerate() {
        sim.seq += 1;
        sim.queue.push(Reverse((r.at, sim.seq, i, Action::Register(i))));
    }
    // Group rules once a day at 08:00.
    let mut group_checks = 0;
    let mut next_group = start + Duration::hours(8);
    while let Some(Reverse((now, _, idx, action))) = sim.queue.pop() {
        if now >= month.to {
            break;
        }
        while next_group <= now {
            let g = sim.engine.evaluate_group(&sim.tickets, next_group);
            group_checks += 1;
            let mut by_ticket: HashMap<String, Vec<jiesu::escalation::Alert>> = HashMap::new();
            for a in g.alerts {
                by_ticket.entry(a.ticket_id.clone()).or_default().push(a);
            }
            let alerted: Vec<(usize, Vec<jiesu::escalation::Alert>, DateTime<FixedOffset>)> = sim
                .tickets
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    let alerts = by_ticket.remove(t.id()?)?;
                    Some((i, alerts, next_group.max(t.events().last().map(|e| e.at).unwrap_or(next_group))))
                })
                .collect();
            for (i, alerts, at) in alerted {
                sim.record(i, &alerts, at);
            }
            next_group += Duration::days(1);
        }
        sim.step(now, idx, action);
    }
    Ok(Month {
        engine: sim.engine,
        requests: sim.requests,
        tickets: sim.tickets,
        commands: sim.commands,
        refusals: sim.refusals,
        group_checks,
        triage: sim.triage,
    })
}
