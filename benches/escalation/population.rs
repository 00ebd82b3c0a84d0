//! The escalation bench's population (shared with `examples/escalation_digest.rs`): 60
//! realistic tickets driven through the lifecycle, copied to any number with distinct ids and
//! varied requester keys, categories, townships and registration instants (see the bench's
//! documentation).

use chrono::{DateTime, FixedOffset, TimeDelta};
use jiesu::engine::Engine;
use jiesu::escalation::{evaluate, Evaluation};
use jiesu::guide::{AppealType, Category, ClassificationDecision, Location, UnitKind};
use jiesu::sla::{Clock, HandlingClass, Urgency};
use jiesu::ticket::{compute_hash, Actor, CallbackOutcome, Command, EventBody, Judgement, Report, Requester, Role, Ticket};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// The instant of the evaluation: Monday 2026-06-15 10:00.
pub fn now() -> DateTime<FixedOffset> {
    t("2026-06-15T10:00:00+08:00")
}

/// splitmix64: a deterministic spread of ids into keys, categories, instants.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn leaf(engine: &Engine, pred: impl Fn(&Category) -> bool) -> &Category {
    engine.guide().leaves().find(|c| c.appeal_types.contains(&AppealType::Complaint) && pred(c)).expect("a leaf")
}

/// 60 tickets at various stages, open at `now()`.
fn templates(engine: &Engine) -> Vec<Ticket> {
    let cats = [
        leaf(engine, |c| {
            c.urgency == Urgency::Normal && c.handling_class == HandlingClass::Normal && !c.routing.by_location && c.routing.responsible.is_empty()
        }),
        leaf(engine, |c| c.urgency == Urgency::Urgent && !c.routing.by_location && c.routing.responsible.is_empty()),
        leaf(engine, |c| c.routing.by_location && c.handling_class == HandlingClass::Normal && c.routing.responsible.is_empty()),
        leaf(engine, |c| c.handling_class == HandlingClass::Complex && !c.routing.by_location && c.routing.responsible.is_empty()),
        leaf(engine, |c| {
            c.urgency == Urgency::Normal && c.handling_class == HandlingClass::Normal && !c.routing.by_location && !c.routing.cooperating.is_empty()
        }),
    ];
    let townships: Vec<&str> = engine.guide().units().iter().filter(|u| u.kind == UnitKind::Township).map(|u| u.id.as_str()).collect();
    let cc = Actor::command_center();
    let mut out = Vec::new();
    for i in 0..60usize {
        let cat = cats[i % cats.len()];
        let stage = i / cats.len();
        // Dispatched between 1 hour and 21 days before now.
        let dispatched = now() - TimeDelta::minutes(60 + (mix(i as u64) % (21 * 24 * 60)) as i64);
        let mut at = dispatched - TimeDelta::minutes(10);
        let mut ticket = Ticket::new();
        // Each step `step_min` minutes after the previous one; steps after `now` are not taken.
        let go = |ticket: &mut Ticket, at: &mut DateTime<FixedOffset>, actor: &Actor, cmd: Command, step_min: i64| {
            *at += TimeDelta::minutes(step_min);
            if *at <= now() {
                let _ = ticket.execute(engine, actor, &cmd, *at);
            }
        };
        let register = Command::Register {
            id: format!("T-{i}"),
            channel: Default::default(),
            appeal_type: AppealType::Complaint,
            content: "反映的问题需要处理".into(),
            requester: Requester { name: Some("王五".into()), phone: Some("13900001234".into()), requester_key: Some(format!("K{i}")) },
            location: Location::township(townships[i % townships.len()]),
        };
        go(&mut ticket, &mut at, &cc, register, 0);
        go(&mut ticket, &mut at, &cc, Command::Dispatch { decision: ClassificationDecision::new(&cat.code, AppealType::Complaint) }, 10);
        let lead = Actor::unit(&ticket.lead().expect("dispatched").unit);
        let others: Vec<Actor> = ticket.assignments().iter().skip(1).map(|a| Actor::unit(&a.unit)).collect();
        let report =
            || Report {
                result: "已办理".into(), answered_at: None, evidence: vec!["photo.jpg".into()], approved_by: Some("负责人".into()), solved: true
            };
        let submit = |ticket: &mut Ticket, at: DateTime<FixedOffset>| {
            if at <= now() {
                let r = Report { answered_at: Some(at), ..report() };
                let _ = ticket.execute(engine, &lead, &Command::SubmitReport { report: r }, at);
            }
        };
        // Stage 0: just dispatched, nothing done.
        if stage >= 1 {
            go(&mut ticket, &mut at, &lead, Command::Acknowledge {}, 30);
        }
        if stage >= 2 {
            go(&mut ticket, &mut at, &lead, Command::ContactRequester { note: "已联系".into() }, 20);
            for o in &others {
                go(&mut ticket, &mut at, o, Command::Acknowledge {}, 15);
            }
        }
        match stage {
            3 => go(&mut ticket, &mut at, &cc, Command::Suspend { reason: "等待鉴定".into() }, 600),
            4 => {
                go(&mut ticket, &mut at, &cc, Command::Suspend { reason: "等待材料".into() }, 300);
                go(&mut ticket, &mut at, &cc, Command::Resume {}, 2 * 24 * 60);
            }
            5 => {
                let due = ticket.completion().map(|c| c.due_at).unwrap();
                go(&mut ticket, &mut at, &lead, Command::RequestExtension { reason: "需协调".into(), requested_due_at: due + TimeDelta::days(7) }, 120);
                go(&mut ticket, &mut at, &cc, Command::DecideExtension { approve: true, reason: String::new() }, 60);
            }
            6 => {
                at += TimeDelta::minutes(24 * 60);
                submit(&mut ticket, at);
            }
            7 | 8 => {
                at += TimeDelta::minutes(600);
                submit(&mut ticket, at);
                go(&mut ticket, &mut at, &cc, Command::ReviewReport { accept: true, reason: None, note: String::new() }, 60);
                go(&mut ticket, &mut at, &cc, Command::RecordCallback { outcome: CallbackOutcome::Dissatisfied, solved: false, note: String::new() }, 60);
                if stage == 8 {
                    let j = Judgement::Reasonable { measures: "重新处理".into(), responsible_person: "张某".into(), due_at: None };
                    go(&mut ticket, &mut at, &cc, Command::JudgeDissatisfaction { judgement: j }, 60);
                }
            }
            9 => {
                let rr = || Command::RequestReturn { reason: "非本单位职责".into(), evidence: vec!["x.pdf".into()], suggested_unit: "water".into() };
                go(&mut ticket, &mut at, &lead, rr(), 5);
                go(&mut ticket, &mut at, &cc, Command::DecideReturn { approve: false, reason: "属本单位".into(), assignments: None }, 5);
                go(&mut ticket, &mut at, &lead, rr(), 5);
            }
            10 => go(&mut ticket, &mut at, &Actor::of(Role::LeadingGroup), Command::Instruct { instruction: "请重点督办".into() }, 90),
            _ => {}
        }
        // The platform's previous check, 0–2 days ago: what was due then is recorded.
        let last = ticket.events().last().unwrap().at;
        let check = (now() - TimeDelta::hours(1 + (i % 3) as i64 * 24)).max(last);
        if check <= now() {
            let ev = evaluate(&ticket, engine.rules(), engine.calendar(), check);
            if let Ok(events) = engine.record_alerts(&ticket, &ev.alerts, check) {
                for e in &events {
                    ticket.apply(e).unwrap();
                }
            }
        }
        assert!(!ticket.status().unwrap().is_terminal());
        out.push(ticket);
    }
    out
}

/// A copy of `template`'s history as ticket `id`: the requester key, the registration instant
/// (never after the next event) and the classification's category and township rewritten at
/// the event level, re-chained and replayed. Escalation messages naming the template's id
/// name `id` instead.
fn variant(template: &Ticket, id: &str, requester_key: String, registered_at: DateTime<FixedOffset>, category: &str, township: &str) -> Ticket {
    let old_id = template.id().expect("registered");
    let mut events = template.events().to_vec();
    let next_at = events.get(1).map(|e| e.at);
    let mut prev_hash = events[0].prev_hash.clone();
    for e in &mut events {
        e.ticket_id = id.to_string();
        match &mut e.body {
            EventBody::Registered { requester, .. } => {
                requester.requester_key = Some(requester_key.clone());
                e.at = next_at.map_or(registered_at, |next| registered_at.min(next));
            }
            EventBody::Dispatched { classification, .. } => {
                classification.category = category.to_string();
                classification.township = Some(township.to_string());
            }
            EventBody::Escalated { message, .. } => *message = message.replace(old_id, id),
            _ => {}
        }
        e.prev_hash = std::mem::take(&mut prev_hash);
        e.hash = compute_hash(e).expect("an encodable event");
        prev_hash = e.hash.clone();
    }
    Ticket::replay(&events).expect("a rewritten template replays")
}

/// An alert without the ticket's id: rule, clock, unit, instance, due since.
type AlertShape = (String, Option<Clock>, Option<String>, Option<DateTime<FixedOffset>>, DateTime<FixedOffset>);

/// What a ticket's evaluation says, its id aside (the alerts' messages name it).
fn shape(ev: &Evaluation) -> (Vec<AlertShape>, Option<DateTime<FixedOffset>>) {
    (ev.alerts.iter().map(|a| (a.rule.clone(), a.clock, a.unit.clone(), a.instance, a.due_since)).collect(), ev.next_check_at)
}

/// `n` tickets made from the templates, with distinct ids and varied requester keys (most
/// requesters ask once; a requester's requests cluster in one category), categories,
/// townships and registration instants over the 60 days before now (an instant later than the
/// template's dispatch is moved to the dispatch: a ticket is registered before it is
/// dispatched). Built on every core, and checked on a sample: a variant evaluates exactly
/// like its template at instants around `now`.
pub fn population(engine: &Engine, n: usize) -> Vec<Ticket> {
    let templates = templates(engine);
    let categories: Vec<String> = engine.guide().leaves().map(|c| c.code.clone()).collect();
    let townships: Vec<String> = engine.guide().units().iter().filter(|u| u.kind == UnitKind::Township).map(|u| u.id.clone()).collect();
    let requesters = (n as u64 * 7 / 10).max(1);
    let window = 60 * 86_400;
    let make = |k: usize| {
        let h = mix(k as u64);
        let requester = mix(h) % requesters;
        let r = mix(requester);
        // 70 %: the requester's usual category; else any.
        let pick = if (h >> 40) % 10 < 7 { r } else { h >> 20 };
        variant(
            &templates[k % templates.len()],
            &format!("YS-{k:07}"),
            format!("{r:016x}"),
            now() - TimeDelta::seconds((h % window) as i64),
            &categories[(pick % categories.len() as u64) as usize],
            &townships[((h >> 8) % townships.len() as u64) as usize],
        )
    };
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    let chunk = n.div_ceil(threads).max(1);
    let population: Vec<Ticket> = std::thread::scope(|s| {
        let parts: Vec<_> = (0..n).step_by(chunk).map(|from| s.spawn(move || (from..(from + chunk).min(n)).map(make).collect::<Vec<_>>())).collect();
        parts.into_iter().flat_map(|p| p.join().unwrap()).collect()
    });
    for k in (0..n).step_by((n / 1000).max(1)).chain(0..templates.len().min(n)) {
        let (t, v) = (&templates[k % templates.len()], &population[k]);
        for hours in [-72, -24, -1, 0, 1, 5, 24, 72, 240] {
            let at = now() + TimeDelta::hours(hours);
            let (a, b) = (evaluate(t, engine.rules(), engine.calendar(), at), evaluate(v, engine.rules(), engine.calendar(), at));
            assert_eq!(shape(&a), shape(&b), "ticket {:?} evaluates unlike its template {:?} at {at}", v.id(), t.id());
        }
    }
    population
}

/// `rules` with thresholds no group of the population reaches (the bench's row without
/// alerts): the cost of finding the patterns without the cost of writing the alerts.
pub fn quiet(rules: &jiesu::escalation::RuleSet) -> jiesu::escalation::RuleSet {
    let mut quiet = rules.clone();
    for r in &mut quiet.rules {
        match &mut r.trigger {
            jiesu::escalation::Trigger::RepeatRequests { count, .. } => *count = 1_000,
            jiesu::escalation::Trigger::ManyPeople { min_requesters, .. } => *min_requesters = 1_000,
            _ => {}
        }
    }
    quiet
}
