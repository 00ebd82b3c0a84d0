//! `make demo`: one month of Yanshan county's 接诉即办 platform, end to end.
//!
//! A seeded, reproducible simulation of September and October 2026 (Mid-Autumn 09-25..27,
//! National Day break 10-01..10-07, make-up days 09-20 and 10-10) reported for October (with
//! September as the previous period): a few thousand realistic requests a month arrive by channel and hour; each is
//! suggested against the default guide, then handed over (emergency), declined (out of scope),
//! answered on the spot, or dispatched to units that behave realistically — most on time, some
//! late, some returning or extending, some reports returned, some dissatisfied callbacks,
//! repeated and many-people requests. Escalation rules are evaluated at each ticket's
//! `next_check_at` and the group rules daily. The event log (JSON lines) is written under
//! `target/demo/` with the monthly and weekly bulletins (Markdown, JSON, printable HTML with
//! charts), then the monthly bulletin is printed.
//!
//! `cargo run --release --example yanshan_month [SEED]`

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::Write;
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, Timelike};
use jiesu::assessment::{bulletin, BulletinKind, Period};
use jiesu::engine::{Engine, EngineConfig};
use jiesu::guide::{AppealType, Assignment, AssignmentRole, ClassificationDecision, Location};
use jiesu::ticket::{
    Actor, CallbackOutcome, Channel, Command, Judgement, MatterKind, MatterLevel, MatterStanding, Report, Requester, ReworkReason, Role, Status, Ticket,
};
use serde::Deserialize;

/// Deterministic xorshift generator: the demo needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(lo + self.below((hi - lo).max(1) as u64) as i64)
    }
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}
#[derive(Deserialize)]
struct Case {
    text: String,
    township: Option<String>,
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

struct Request {
    text: String,
    township: Option<String>,
    channel: Channel,
    requester: Requester,
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
    refused: u64,
    commands: u64,
    dissatisfied_before: HashMap<usize, u32>,
    refusals: HashMap<String, u64>,
}

const CHANNELS: [(Channel, u64); 5] = [(Channel::Hotline12345, 70), (Channel::Wechat, 12), (Channel::App, 8), (Channel::Web, 7), (Channel::WalkIn, 3)];
const TOWNSHIPS: [&str; 11] = ["jiangna", "pingyuan", "jiayi", "ameng", "ashe", "weimo", "ganhe", "panlong", "baga", "zhela", "benge"];
const SURNAMES: [&str; 12] = ["张", "李", "王", "杨", "刘", "陈", "赵", "黄", "周", "吴", "罗", "陆"];

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
                self.refused += 1;
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
                let (text, loc) = {
                    let t = &self.tickets[idx];
                    (t.content().to_string(), t.location().clone())
                };
                let s = self.engine.guide().suggest(&text, Some(&loc));
                if let Some(e) = s.emergencies.first() {
                    let answer = format!("紧急情况，已转接{}：{}", e.service.as_str(), e.guidance);
                    self.exec(idx, cc, Command::AnswerDirectly { answer }, now);
                } else if let Some(x) = s.exclusions.first() {
                    self.exec(idx, cc, Command::Decline { reason: x.reason, guidance: x.guidance.clone() }, now);
                } else if let Some(top) = s.categories.first() {
                    if let (Some(answer), true) = (&top.answer, text.contains("咨询")) {
                        let answer = answer.clone();
                        self.exec(idx, cc, Command::AnswerDirectly { answer }, now);
                        return;
                    }
                    let mut d = ClassificationDecision::new(&top.code, if text.contains("咨询") { AppealType::Consultation } else { AppealType::Complaint });
                    d.urgency = Some(top.urgency);
                    if top.routing.by_location && loc.township.is_none() {
                        d.location = Some(Location::township(s.township.as_deref().unwrap_or("jiangna")));
                    }
                    if self.exec(idx, cc, Command::Dispatch { decision: d }, now) {
                        if self.rng.chance(0.01) {
                            let lg = Actor::of(Role::LeadingGroup);
                            let when = now + self.rng.minutes(60, 24 * 60);
                            let _ = when;
                            self.exec(idx, lg, Command::Instruct { instruction: "请相关部门高度重视，限期办结并报结果".into() }, now);
                        }
                        self.plan_units(idx, now);
                    }
                } else {
                    let answer = "经查询知识库，已向来电人解释相关政策并告知办理渠道".to_string();
                    self.exec(idx, cc, Command::AnswerDirectly { answer }, now);
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
                // The unit suggests the lead of another plausible category for the request.
                let (text, loc) = (self.tickets[idx].content().to_string(), self.tickets[idx].location().clone());
                let s = self.engine.guide().suggest(&text, Some(&loc));
                let mut others: Vec<String> = s.categories.iter().filter_map(|c| c.routing.lead.clone()).filter(|l| *l != u).collect();
                if others.is_empty() {
                    others = self
                        .engine
                        .guide()
                        .units()
                        .iter()
                        .filter(|x| x.id != u && x.kind == jiesu::guide::UnitKind::Department)
                        .map(|x| x.id.clone())
                        .collect();
                }
                let suggested = others[0].clone();
                let ok = self.exec(
                    idx,
                    Actor::unit(&u),
                    Command::RequestReturn {
                        reason: "该事项不属于本单位职责范围".into(), evidence: vec!["职责清单.pdf".into()], suggested_unit: suggested
                    },
                    now,
                );
                if ok {
                    {
                        let d = self.rng.minutes(30, 8 * 60);
                        self.at(now + d, idx, Action::DecideReturn);
                    }
                }
            }
            Action::DecideReturn => {
                let Some(p) = self.tickets[idx].pending_return().cloned() else { return };
                let is_lead = self.lead(idx).as_deref() == Some(p.unit.as_str());
                if self.rng.chance(0.6) {
                    let assignments = is_lead.then(|| vec![Assignment { unit: p.suggested_unit.clone(), role: AssignmentRole::Lead }]);
                    if self.exec(idx, cc, Command::DecideReturn { approve: true, reason: "经核实属实，予以改派".into(), assignments }, now) && is_lead
                    {
                        self.plan_units(idx, now);
                    }
                } else if self.exec(idx, cc, Command::DecideReturn { approve: false, reason: "属于该单位职责，不予退回".into(), assignments: None }, now)
                    && is_lead
                {
                    let slow = false;
                    {
                        let d = self.rng.minutes(60, 24 * 60);
                        self.at(now + d, idx, Action::Progress);
                    }
                    self.plan_report(idx, now, slow);
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let seed: u64 = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(20261001);
    // Statutory limits of 60 working days reach 2027, which the built-in calendar does not
    // cover yet: the demo opts into the provisional (weekends-only) policy for those days.
    let mut config = EngineConfig { requester_key_secret: Some("demo-county-secret".into()), ..EngineConfig::default() };
    config.calendar.policy = jiesu::calendar::CoveragePolicy::Provisional;
    let engine = Engine::new(config)?;
    let cases: Cases = toml::from_str(include_str!("../tests/data/guide_requests.toml"))?;
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let sim_calendar = engine.calendar().clone();
    let month = Period::month(2026, 10)?;
    // Simulate the previous period too, so the bulletin can say what is rising.
    let start = month.previous().from;
    let days = (month.to - start).num_days();

    // Requests: arrival by day and hour, channel, requester; repeat callers; many-people clusters.
    let mut requests = Vec::new();
    let mut arrivals = Vec::new();
    let hour_weight = [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 14, 8, 9, 14, 16, 15, 12, 9, 7, 5, 4, 2, 1u64];
    let total_weight: u64 = hour_weight.iter().sum();
    let mut callers: Vec<Requester> = Vec::new();
    for day in 0..days {
        let date = (start + Duration::days(day)).date_naive();
        let holiday = !sim_calendar.is_workday(date)?;
        let n = if holiday { 55 + rng.below(30) } else { 90 + rng.below(40) };
        for _ in 0..n {
            let mut h = rng.below(total_weight);
            let mut hour = 0;
            while h >= hour_weight[hour] {
                h -= hour_weight[hour];
                hour += 1;
            }
            let t = start + Duration::days(day) + Duration::hours(hour as i64) + Duration::minutes(rng.below(60) as i64);
            let case = rng.pick(&cases.case);
            let mut c = CHANNELS[0].0;
            let mut x = rng.below(100);
            for (ch, w) in CHANNELS {
                if x < w {
                    c = ch;
                    break;
                }
                x -= w;
            }
            // 8% are callers who called before (same phone → same requester_key).
            let requester = if !callers.is_empty() && rng.chance(0.08) {
                rng.pick(&callers).clone()
            } else {
                let phone = format!("1{}{:09}", [3, 5, 8, 9][rng.below(4) as usize], rng.below(1_000_000_000));
                let name = format!("{}{}", rng.pick(&SURNAMES), ["某", "先生", "女士"][rng.below(3) as usize]);
                let r = Requester { name: Some(name), phone: Some(phone), requester_key: None };
                callers.push(r.clone());
                r
            };
            // Where: the county seat (江那镇) gets a third of the requests; 5% are not located.
            let township = if rng.chance(0.05) {
                None
            } else if rng.chance(0.3) {
                Some("jiangna".to_string())
            } else {
                Some(rng.pick(&TOWNSHIPS).to_string())
            };
            let _ = &case.township;
            arrivals.push((t, requests.len()));
            requests.push(Request { text: case.text.clone(), township, channel: c, requester });
        }
    }
    // Many-people requests: on three occasions, 6 neighbours report the same problem.
    for (day, text, town) in [
        (9, "来电人反映：××小区连续三天停水，水管爆裂一直没有人来修，几百户居民生活用水困难，希望尽快抢修恢复供水。", "jiangna"),
        (16, "来电人反映：××村附近的养殖场臭气熏天，污水直排进河沟，周边村民意见很大，希望环保部门查处。", "pingyuan"),
        (23, "来电人反映：××工地夜间施工噪音扰民，凌晨两三点还在打桩，附近居民无法休息，希望相关部门制止。", "jiayi"),
    ] {
        for k in 0..6 {
            let t = month.from + Duration::days(day) + Duration::hours(9 + k) + Duration::minutes(rng.below(50) as i64);
            let phone = format!("139{:08}", rng.below(100_000_000));
            let requester = Requester { name: Some(format!("{}某", rng.pick(&SURNAMES))), phone: Some(phone), requester_key: None };
            arrivals.push((t, requests.len()));
            requests.push(Request { text: text.to_string(), township: Some(town.to_string()), channel: Channel::Hotline12345, requester });
        }
    }
    // Repeated requests: two callers call three times within a fortnight about the same thing.
    for (day, text) in [
        (3, "来电人反映：其所在小区的路灯坏了一个多月，晚上出行很不安全，多次反映没有人来修。"),
        (12, "来电人反映：公司拖欠其工资三个月，多次讨薪未果，希望劳动监察部门督促支付。"),
    ] {
        let phone = format!("158{:08}", rng.below(100_000_000));
        let requester = Requester { name: Some(format!("{}某", rng.pick(&SURNAMES))), phone: Some(phone), requester_key: None };
        for k in 0..3 {
            let t = month.from + Duration::days(day + 5 * k) + Duration::hours(10);
            arrivals.push((t, requests.len()));
            requests.push(Request { text: text.to_string(), township: Some("jiangna".into()), channel: Channel::Hotline12345, requester: requester.clone() });
        }
    }

    let mut sim = Sim {
        engine,
        rng,
        tickets: (0..requests.len()).map(|_| Ticket::new()).collect(),
        requests,
        queue: BinaryHeap::new(),
        seq: 0,
        refused: 0,
        commands: 0,
        dissatisfied_before: HashMap::new(),
        refusals: HashMap::new(),
    };
    for (t, r) in arrivals {
        sim.at(t, r, Action::Register(r));
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
            for (i, t) in sim.tickets.clone().iter().enumerate() {
                if let Some(alerts) = t.id().and_then(|id| by_ticket.get(id)) {
                    sim.record(i, alerts, next_group.max(t.events().last().map(|e| e.at).unwrap_or(next_group)));
                }
            }
            next_group += Duration::days(1);
        }
        if now.hour() < 24 {
            sim.step(now, idx, action);
        }
    }

    // The event log: one verified history per ticket, JSON lines.
    std::fs::create_dir_all("target/demo")?;
    let mut log = std::io::BufWriter::new(std::fs::File::create("target/demo/events.jsonl")?);
    let mut events = 0usize;
    for t in &sim.tickets {
        assert!(jiesu::ticket::verify(t.events()).intact);
        for e in t.events() {
            serde_json::to_writer(&mut log, e)?;
            log.write_all(b"\n")?;
            events += 1;
        }
    }
    log.flush()?;
    // Reload the log as the platform would, and assess from it.
    let reloaded = jiesu::assessment::tickets_from_jsonl(&std::fs::read_to_string("target/demo/events.jsonl")?)?;
    assert_eq!(reloaded.len(), sim.tickets.iter().filter(|t| t.status().is_some()).count());
    // The calendar countdown as of the bulletin's issue date, the end of the period
    // (2026-11-01 00:00 CST): the built-in data covers 2026-12-31, 60 days later, so the
    // bulletin carries the warning. (The core never reads the clock; the demo stays
    // reproducible.)
    let issued = jiesu::calendar::local_date(month.to);
    let coverage_warning = sim.engine.coverage_warning(issued);
    let b = bulletin(&reloaded, sim.engine.guide(), BulletinKind::Monthly, month, None).with_coverage_warning(coverage_warning.clone());
    std::fs::write("target/demo/bulletin-2026-10.json", serde_json::to_string_pretty(&b)?)?;
    let md = b.to_markdown();
    std::fs::write("target/demo/bulletin-2026-10.md", &md)?;
    std::fs::write("target/demo/bulletin-2026-10.html", b.to_html())?;
    let week_period = Period::week_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 14).unwrap_or_default())?;
    let week = bulletin(&reloaded, sim.engine.guide(), BulletinKind::Weekly, week_period, None)
        .with_coverage_warning(sim.engine.coverage_warning(jiesu::calendar::local_date(week_period.to)));
    std::fs::write("target/demo/bulletin-2026-w42.md", week.to_markdown())?;
    std::fs::write("target/demo/bulletin-2026-w42.html", week.to_html())?;

    let escalated = reloaded.iter().map(|t| t.escalations().len()).sum::<usize>();
    println!("{md}");
    println!("---");
    println!(
        "Simulated 2026-08-31..2026-10-31: {} requests, {} events ({} escalations, {} group checks), {} commands issued ({} refused by the rules, e.g. late returns or reports waiting for contributions), seed {seed}, in {:.2?}.",
        reloaded.len(),
        events,
        escalated,
        group_checks,
        sim.commands,
        sim.refused,
        started.elapsed()
    );
    let mut refusals: Vec<(String, u64)> = sim.refusals.into_iter().collect();
    refusals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("Refused commands by kind: {}", refusals.iter().map(|(k, n)| format!("{k} ×{n}")).collect::<Vec<_>>().join(", "));
    let provisional = reloaded.iter().filter(|t| t.completion().is_some_and(|c| c.provisional)).count();
    println!("{provisional} completion deadlines reach 2027 and are provisional (weekends only) until the 2027 schedule is loaded.");
    match (&coverage_warning, sim.engine.calendar().days_left(issued)) {
        (Some(w), _) => println!("Calendar coverage countdown on {issued} (the bulletin's issue date): {w}"),
        (None, Some(n)) => println!("Calendar coverage countdown on {issued} (the bulletin's issue date): {n} days left."),
        (None, None) => {}
    }
    println!("Event log: target/demo/events.jsonl; bulletins: target/demo/bulletin-2026-10.{{md,json,html}}, target/demo/bulletin-2026-w42.{{md,html}} (the HTML prints on A4).");
    Ok(())
}
