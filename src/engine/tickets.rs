//! The engine's ticket operations: replay, handle, view, verify and archive, escalation — each
//! under the engine's configuration, limits and chain keys.

use super::*;

/// The ticket operations the bindings call: each one replays the stored history (checking
/// every event), then decides, views or evaluates with the engine's configuration.
impl Engine {
    /// What ticket decisions consult: this engine's calendar, SLA policy, guide, limits and
    /// requester-key secret.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// assert_eq!(e.context().limits.max_events, 10_000);
    /// ```
    pub fn context(&self) -> Context<'_> {
        Context {
            calendar: &self.calendar,
            policy: &self.policy,
            guide: &self.guide,
            limits: &self.config.limits,
            requester_key_secret: self.config.requester_key_secret.as_deref(),
            chain_key: self.signer(),
        }
    }

    /// The key that tags: the last one configured that can sign.
    fn signer(&self) -> Option<&ChainKey> {
        self.config.chain_keys.iter().rev().find(|k| k.can_sign())
    }

    /// This engine holding one more chain key, which becomes the key that tags new events and
    /// archives; the keys it held still verify (rotation). The secret is given as bytes, so it
    /// need not sit in a configuration file.
    ///
    /// # Errors
    /// [`ErrorKind::Validation`] (path `chain_keys[i].id`) when the engine already holds a
    /// key with that id, or more than [`MAX_CHAIN_KEYS`] keys.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::ChainKey};
    /// let e = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", b"0123456789abcdef-county-secret")?)?;
    /// assert_eq!(e.chain_key_id(), Some("2026-a"));
    /// let e2 = e.with_chain_key(ChainKey::new("2026-b", &[42; 32])?)?;
    /// assert_eq!(e2.chain_key_id(), Some("2026-b"));
    /// assert!(e2.with_chain_key(ChainKey::new("2026-a", &[1; 32])?).unwrap_err().is_validation());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn with_chain_key(&self, key: ChainKey) -> Result<Engine> {
        let mut config = self.config.clone();
        config.chain_keys.push(key);
        check_chain_keys(&config.chain_keys)?;
        Ok(Engine { config, calendar: self.calendar.clone(), policy: self.policy.clone(), guide: self.guide.clone(), rules: self.rules.clone() })
    }

    /// The id of the key that tags new events (the last one configured that can sign: not an
    /// Ed25519 public key), `None` for an engine that does not tag.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::engine::Engine::default_engine().chain_key_id(), None);
    /// ```
    pub fn chain_key_id(&self) -> Option<&str> {
        self.signer().map(|k| k.id())
    }

    /// Verifies a history ([`verify`](crate::ticket::verify): schema, ticket, sequence,
    /// chain, hashes) and, when the engine holds chain keys, that every event carries a tag
    /// one of them produced: `tag_missing`, `tag_invalid`, `tag_unknown_key` otherwise. An
    /// unkeyed engine verifies exactly as `verify` (tags are not read).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", &[7; 32])?)?;
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
    /// let mut events = e.handle(&[], &Actor::command_center(), &cmd, now)?;
    /// assert!(e.verify(&events).intact);
    /// if let EventBody::Registered { content, .. } = &mut events[0].body {
    ///     *content = "另一内容".into();
    /// }
    /// events[0].hash = compute_hash(&events[0])?; // re-hashed: the public chain holds again
    /// assert!(verify(&events).intact);
    /// let v = e.verify(&events); // but the tag no longer matches
    /// assert_eq!((v.intact, v.problem.unwrap().kind.as_str()), (false, "tag_invalid"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify(&self, events: &[Event]) -> Verification {
        verify_keyed(events, &self.config.chain_keys)
    }

    /// `t`, an instant the caller gives (`now`, named `field`), held to the engine's plausible
    /// window ([`Limits::check_instant`]): what [`Ticket::handle`] does with its `now`, and
    /// what the C and Python layers do with every `now` they are given, so that milliseconds
    /// given as seconds (year 58 000 or so) are refused with an error that says so.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// let ms = jiesu::calendar::instant_from_unix(1_772_413_200_000)?;
    /// assert!(e.check_instant("now", ms).unwrap_err().message().contains("milliseconds"));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn check_instant(&self, field: &str, t: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>> {
        self.config.limits.check_instant(field, t).map(|()| t)
    }

    /// [`Engine::verify`] of a history given as text, a JSON array or JSON lines, read
    /// leniently ([`verify_text`](crate::ticket::verify_text)): a stored event that gained,
    /// lost or changed a field gives `intact: false` at its index; only text that is not JSON
    /// is an error.
    ///
    /// # Example
    /// ```
    /// use jiesu::engine::Engine;
    /// let v = Engine::default_engine().verify_text("{\"seq\": 1, \"extra\": true}\n")?;
    /// assert_eq!((v.intact, v.problem.unwrap().index), (false, 0));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn verify_text(&self, text: &str) -> Result<Verification> {
        Ok(crate::ticket::verify_read(crate::ticket::read_text(text)?, &self.config.chain_keys))
    }

    /// [`Engine::verify`] of every history of a slice, over the threads `par` allows
    /// ([`verify_all`](crate::ticket::verify_all) with this engine's chain keys): one
    /// [`Verification`] per history, in order.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, parallelism::Parallelism, ticket::*};
    /// let keyed = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", &[7; 32])?)?;
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#)?;
    /// let tagged = keyed.handle(&[], &Actor::command_center(), &cmd, now)?;
    /// let untagged = Engine::default_engine().handle(&[], &Actor::command_center(), &cmd, now)?;
    /// let v = keyed.verify_all(&[tagged, untagged], Parallelism::from_env());
    /// assert!(v[0].intact);
    /// assert_eq!(v[1].problem.as_ref().unwrap().kind, "tag_missing");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_all<H: AsRef<[Event]> + Sync>(&self, histories: &[H], par: Parallelism) -> Vec<Verification> {
        crate::ticket::verify_all_keyed(histories, &self.config.chain_keys, par)
    }

    /// Audits an event log (a JSON array of events, JSON lines, or one history a line — what
    /// the platform exports): every ticket's history verified as [`Engine::verify_text`]
    /// verifies one, over the threads `par` allows, into one [`LogVerification`] (per ticket:
    /// intact or not, the first problem and the log line it is on).
    ///
    /// # Errors
    /// [`ErrorKind::LimitExceeded`] (field `jsonl`) for a log over `limits.max_log_bytes`;
    /// [`ErrorKind::Parse`] for text that is not JSON, or an item whose `ticket_id` cannot be
    /// read (field `line 7: ticket_id`, rule R-FLOW-5). An event that does not read as one
    /// otherwise is its ticket's problem (`altered`), not an error.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, parallelism::Parallelism};
    /// let e = Engine::default_engine();
    /// let audit = e.verify_log("{\"ticket_id\": \"A1\", \"seq\": 1}\n", Parallelism::SEQUENTIAL)?;
    /// assert_eq!((audit.intact, audit.not_intact), (0, 1));
    /// assert_eq!(audit.tickets[0].line.as_deref(), Some("line 1"));
    /// let e = e.verify_log("{\"seq\": 1}\n", Parallelism::SEQUENTIAL).unwrap_err();
    /// assert_eq!((e.field(), e.rule()), (Some("line 1: ticket_id"), Some("R-FLOW-5")));
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn verify_log(&self, text: &str, par: Parallelism) -> Result<LogVerification> {
        crate::ticket::verify_log_keyed(text, &self.config.chain_keys, &self.config.limits, par)
    }

    /// [`Engine::verify_text`] over JSON values already in memory (never an error).
    ///
    /// # Example
    /// ```
    /// let v = jiesu::engine::Engine::default_engine().verify_values(vec![serde_json::json!({})]);
    /// assert!(!v.intact);
    /// ```
    pub fn verify_values(&self, values: Vec<serde_json::Value>) -> Verification {
        crate::ticket::verify_read(crate::ticket::read_values(values), &self.config.chain_keys)
    }

    /// Verifies an archived file ([`verify_archive`](crate::ticket::verify_archive): chain,
    /// final hash, event count) and, when the engine holds chain keys, every event's tag and
    /// the archive's own tag (index: the number of events).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", &[7; 32])?)?;
    /// let a = ArchiveFile { schema_version: 1, ticket_id: "x".into(), event_count: 0, final_hash: "0".repeat(64), events: vec![], tag: None };
    /// assert!(verify_archive(&a).intact);
    /// assert_eq!(e.verify_archive(&a).problem.unwrap().kind, "tag_missing");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_archive(&self, archive: &ArchiveFile) -> Verification {
        verify_archive_keyed(archive, &self.config.chain_keys)
    }

    /// [`Engine::verify_archive`] of an archive given as text, its events read leniently
    /// ([`verify_archive_text`](crate::ticket::verify_archive_text)): an archived event that
    /// gained, lost or changed a field gives `intact: false` at its index.
    ///
    /// # Example
    /// ```
    /// let text = r#"{"schema_version":1,"ticket_id":"A1","event_count":1,"final_hash":"00","events":[{"seq":1}]}"#;
    /// let v = jiesu::engine::Engine::default_engine().verify_archive_text(text)?;
    /// assert_eq!(v.problem.unwrap().index, 0);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn verify_archive_text(&self, text: &str) -> Result<Verification> {
        let a: crate::ticket::Archive<&serde_json::value::RawValue> = crate::json::from_str(text)?;
        crate::ticket::verify_archive_read(a, &self.config.chain_keys)
    }

    /// [`Engine::verify_archive_text`] over a JSON value already in memory.
    ///
    /// # Example
    /// ```
    /// let a = serde_json::json!({"schema_version": 1, "ticket_id": "A1", "event_count": 1, "final_hash": "00", "events": [{}]});
    /// assert!(!jiesu::engine::Engine::default_engine().verify_archive_value(a)?.intact);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn verify_archive_value(&self, value: serde_json::Value) -> Result<Verification> {
        let a: crate::ticket::Archive<serde_json::Value> = crate::json::from_value(value)?;
        crate::ticket::verify_archive_read(a, &self.config.chain_keys)
    }

    /// The archived file of an archived ticket ([`Ticket::archive_file`]), tagged with the
    /// engine's chain key when it holds one.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// assert!(e.archive_file(&jiesu::ticket::Ticket::new()).unwrap_err().is_invalid_transition());
    /// ```
    pub fn archive_file(&self, ticket: &Ticket) -> Result<ArchiveFile> {
        let mut a = ticket.archive_file()?;
        a.tag = self.signer().and_then(|k| k.archive_tag(&a.ticket_id, a.event_count, &a.final_hash));
        Ok(a)
    }

    /// Rebuilds a ticket from its stored history ([`Ticket::replay`]: the chain, who did what,
    /// every guard), refusing a history longer than this engine's `limits.max_events`.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// assert!(e.replay(&[])?.status().is_none());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn replay(&self, events: &[Event]) -> Result<Ticket> {
        self.check_history_len(events.len())?;
        Ticket::replay(events)
    }

    /// [`Engine::replay`] taking the events ([`Ticket::replay_owned`]: moved into the
    /// history, not copied), for a history just parsed.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// assert!(e.replay_owned(jiesu::ticket::parse_history("[]")?)?.status().is_none());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn replay_owned(&self, events: Vec<Event>) -> Result<Ticket> {
        self.check_history_len(events.len())?;
        Ticket::replay_owned(events)
    }

    /// A history within this engine's `limits.max_events`.
    fn check_history_len(&self, len: usize) -> Result<()> {
        let max = self.config.limits.max_events;
        if len > max {
            return Err(Error::new(ErrorKind::LimitExceeded, format!("history has {len} events; at most {max} (limits.max_events)")).with_field("events"));
        }
        Ok(())
    }

    /// Decides `command` on the ticket whose history is `events`: the new events to append
    /// (see [`Ticket::handle`]).
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let cmd: Command = serde_json::from_str(r#"{"type":"register","id":"A1","appeal_type":"help","content":"求助"}"#).unwrap();
    /// let new = e.handle(&[], &Actor::command_center(), &cmd, now)?;
    /// assert_eq!(new[0].body.kind(), EventKind::Registered);
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn handle(&self, events: &[Event], actor: &Actor, command: &Command, now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        self.replay(events)?.handle(self, actor, command, now)
    }

    /// The state of `ticket` at `now` as integrators read it ([`Ticket::state_view`], units
    /// named by this engine's guide).
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let t = jiesu::ticket::Ticket::new();
    /// assert_eq!(e.state(&t, now).event_count, 0);
    /// ```
    pub fn state<'a>(&'a self, ticket: &'a Ticket, now: DateTime<FixedOffset>) -> StateView<'a> {
        ticket.state_view(&self.guide, now)
    }

    /// Sweeps `tickets`, each with its stored `next_check_at`, at `now`: evaluates only those
    /// due ([`escalation::sweep`]), naming units in the messages from this engine's guide.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// let t = jiesu::ticket::Ticket::new();
    /// assert_eq!(e.sweep([(&t, None)], now).not_due, 1);
    /// ```
    pub fn sweep<'t>(&self, tickets: impl IntoIterator<Item = (&'t Ticket, Option<DateTime<FixedOffset>>)>, now: DateTime<FixedOffset>) -> escalation::Sweep {
        escalation::sweep(tickets, &self.rules, &self.calendar, Some(&self.guide), now)
    }

    /// Evaluates this engine's single-ticket escalation rules on `ticket` at `now`
    /// ([`escalation::evaluate`]), naming units in the messages from this engine's guide.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// assert!(e.evaluate(&jiesu::ticket::Ticket::new(), now).alerts.is_empty());
    /// ```
    pub fn evaluate(&self, ticket: &Ticket, now: DateTime<FixedOffset>) -> Evaluation {
        escalation::evaluate_named(ticket, &self.rules, &self.calendar, Some(&self.guide), now)
    }

    /// Evaluates this engine's group rules (repeated and many-people requests) over `tickets`
    /// at `now` ([`escalation::evaluate_group`]), naming units in the messages from this
    /// engine's guide.
    ///
    /// # Example
    /// ```
    /// let e = jiesu::engine::Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// assert!(e.evaluate_group(&[], now).alerts.is_empty());
    /// ```
    pub fn evaluate_group(&self, tickets: &[Ticket], now: DateTime<FixedOffset>) -> escalation::GroupEvaluation {
        escalation::evaluate_group_named(tickets, &self.rules, Some(&self.guide), now)
    }

    /// The `escalated` events that record `alerts` (from [`Engine::evaluate`] or
    /// [`escalation::evaluate_group`]) on `ticket`, so that they are never raised twice; the
    /// actor is the command center with user `escalation_rules`. Refused, naming the alert
    /// (`alerts[i]…`): an alert for another ticket, a rule that is not in this engine's rule
    /// set, an alert that fired after `now`, an alert of a single-ticket rule that
    /// [`Engine::evaluate`] does not raise at `now` (another clock, unit or instance: recorded
    /// early it would silence the rule), a message over `limits.max_text_chars`.
    ///
    /// # Example
    /// ```
    /// use jiesu::{engine::Engine, ticket::*};
    /// let e = Engine::default_engine();
    /// let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap();
    /// assert!(e.record_alerts(&Ticket::new(), &[], now)?.is_empty());
    /// # Ok::<(), jiesu::Error>(())
    /// ```
    pub fn record_alerts(&self, ticket: &Ticket, alerts: &[Alert], now: DateTime<FixedOffset>) -> Result<Vec<Event>> {
        if alerts.is_empty() {
            return Ok(Vec::new());
        }
        let now = ticket.checked_now(now, self.limits())?;
        let id = ticket.id().unwrap_or("");
        let mut bodies = Vec::with_capacity(alerts.len());
        // Alerts of single-ticket rules, checked against `evaluate` once the guards passed.
        let mut single = Vec::new();
        for (i, a) in alerts.iter().enumerate() {
            let at = |e: Error| e.at(format_args!("alerts[{i}]"));
            if a.ticket_id != id {
                return Err(at(Error::invalid_input("ticket_id", format!("alert for ticket {:?} recorded on ticket {id:?}", a.ticket_id))));
            }
            let Some(rule) = self.rules.rules.iter().find(|r| r.id == a.rule) else {
                return Err(at(Error::invalid_input("rule", format!("{:?} is not a rule of the engine's rule set {:?}", a.rule, self.rules.id))));
            };
            if a.due_since > now {
                return Err(at(Error::invalid_input("due_since", format!("the alert fires at {}, after now {now}: it cannot be recorded yet", a.due_since))
                    .with_rule("R-ESC-4")));
            }
            if !rule.trigger.is_group() {
                single.push(i);
            }
            bodies.push(a.to_event_body());
        }
        // Sizes and the lifecycle first (the guards of `record_escalations`), then what is due.
        let events = ticket.record_escalations(&self.context(), bodies, now)?;
        // A single-ticket rule's alert is recorded only as `evaluate` raises it at `now` (same
        // clock, unit and instance): one recorded early, or for another instance, would
        // silence the rule for the real one. Group rules need the other tickets; their alerts
        // are once per ticket.
        if !single.is_empty() {
            let due = self.evaluate(ticket, now);
            for i in single {
                let a = &alerts[i];
                if !due.alerts.iter().any(|d| d.rule == a.rule && d.clock == a.clock && d.unit == a.unit && d.instance == a.instance) {
                    return Err(Error::invalid_input(
                        "rule",
                        format!(
                            "{:?} is not due on this ticket at {now} for that clock, unit and instance: only alerts evaluate raises now are recorded",
                            a.rule
                        ),
                    )
                    .with_rule("R-ESC-4")
                    .at(format_args!("alerts[{i}]")));
                }
            }
        }
        Ok(events)
    }
}
