//! The JSON contract: a JSON Schema (draft 2020-12) for every document that crosses the C and
//! Python boundaries — what an integrator programs against without seeing the Rust types.
//!
//! [`DOCUMENTS`] lists them: each has a name (`command`, `event`, `state`, …), the file it is
//! published as under `schema/` in the repository (`schema/command.schema.json`), and a
//! direction: an [`Direction::Input`] is what jiesu reads (its schema says what the parser
//! accepts: a field with a default is optional, and an object that refuses unknown fields
//! has `additionalProperties: false`), an [`Direction::Output`] what jiesu writes (its
//! schema says what is always there). Events and archives are both: jiesu writes them and
//! reads them back, and their schemas are those of reading. Instants are RFC 3339 text with
//! the offset (`"format": "date-time"`).
//!
//! The schemas are generated from the Rust types (with the `schemars` crate), so they cannot
//! drift from what the types (de)serialize; the published files are checked against
//! [`Document::schema`] by the test suite, and every document the test suites produce — in
//! Rust, C and Python — is validated against them. Checks that a schema cannot express (a
//! deadline after now, a category the guide has, a status that allows the command) are the
//! engine's; `docs/JSON.md` is the reference generated from these schemas and the lifecycle
//! table.
//!
//! # Example
//! ```
//! let command = jiesu::schema::document("command").unwrap();
//! assert_eq!(command.file(), "command.schema.json");
//! let schema = command.schema();
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! // Every command is one of the `type`-tagged variants.
//! assert!(schema["oneOf"].as_array().unwrap().len() >= 28);
//! ```

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use crate::assessment::{Assessment, AssessmentOptions, Bulletin};
use crate::calendar::{BusinessHours, CalendarData, CoverageWarning};
use crate::engine::EngineConfig;
use crate::escalation::{Alert, Evaluation, GroupEvaluation, RuleSet, Sweep};
use crate::guide::{Classification, ClassificationDecision, GuideData, Location, Suggestions};
use crate::limits::Limits;
use crate::sla::{Deadlines, SlaInput, SlaPolicy};
use crate::ticket::{Actor, ArchiveFile, Command, Event, LogVerification, StateView, Verification};

/// Whether jiesu reads a document or writes it: which of its (de)serializations the schema
/// describes.
///
/// # Example
/// ```
/// use jiesu::schema::{document, Direction};
/// assert_eq!(document("command").unwrap().direction, Direction::Input);
/// assert_eq!(document("state").unwrap().direction, Direction::Output);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Read by jiesu (and, for events and archives, also written): the schema of what the
    /// parser accepts.
    Input,
    /// Written by jiesu: the schema of what it produces.
    Output,
}

impl Direction {
    /// `input` or `output`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::schema::Direction::Output.as_str(), "output");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// A published document: its name, direction, what it is and how its schema is made.
///
/// # Example
/// ```
/// let d = jiesu::schema::document("event").unwrap();
/// assert_eq!(d.schema()["title"], "Event");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Document {
    /// The name (`command`, `event`, …); the file is `<name>.schema.json`.
    pub name: &'static str,
    /// Whether jiesu reads or writes it.
    pub direction: Direction,
    /// What it is and where it crosses the boundary (C function, Python method).
    pub about: &'static str,
    generate: fn(SchemaSettings) -> schemars::Schema,
}

impl Document {
    /// The file name under `schema/`: `<name>.schema.json`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::schema::document("limits").unwrap().file(), "limits.schema.json");
    /// ```
    pub fn file(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The JSON Schema (draft 2020-12) of the document, with its `$id` (the file name) and a
    /// `description` saying what it is.
    ///
    /// # Example
    /// ```
    /// let s = jiesu::schema::document("actor").unwrap().schema();
    /// assert_eq!(s["$id"], "actor.schema.json");
    /// assert_eq!(s["additionalProperties"], false); // an actor with an unknown field is refused
    /// ```
    pub fn schema(&self) -> Value {
        let settings = match self.direction {
            Direction::Input => SchemaSettings::draft2020_12().for_deserialize(),
            Direction::Output => SchemaSettings::draft2020_12().for_serialize(),
        };
        let mut schema = (self.generate)(settings).to_value();
        tidy(&mut schema);
        if let Value::Object(map) = &mut schema {
            map.insert("$id".into(), Value::String(self.file()));
            let description = match map.get("description").and_then(Value::as_str) {
                Some(d) => format!("{}.\n\n{d}", self.about),
                None => format!("{}.", self.about),
            };
            map.insert("description".into(), Value::String(description));
        }
        schema
    }
}

/// Makes the generated descriptions read as text rather than rustdoc: every `description`
/// loses its `# Example` section, its intra-doc links become their code text, and the lines of
/// a paragraph are joined; a `"default": null` of a field that cannot be null is dropped.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = plain(d);
                if d.is_empty() {
                    map.remove("description");
                }
            }
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// The text of a rustdoc comment (see [`tidy`]).
fn plain(doc: &str) -> String {
    let doc = doc.split("\n# Example").next().unwrap_or_default();
    let doc = doc.strip_prefix("# Example").map_or(doc, |_| "");
    let joined = doc.trim().split("\n\n").map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n\n");
    unlink(&joined)
}

/// `[text](target)` and `[text]` become `text` (rustdoc links point into Rust docs, which the
/// reader of a schema does not have); other brackets stay.
fn unlink(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find("[`") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find("`]") else {
            out.push_str(&rest[open..]);
            return out;
        };
        out.push_str(&after[..close + 1]);
        rest = &after[close + 2..];
        if rest.starts_with('(') {
            if let Some(end) = rest.find(')') {
                rest = &rest[end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn root<T: JsonSchema + ?Sized>(settings: SchemaSettings) -> schemars::Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

macro_rules! doc {
    ($name:literal, $dir:ident, $ty:ty, $about:literal) => {
        Document { name: $name, direction: Direction::$dir, about: $about, generate: root::<$ty> }
    };
}

/// Every published document, in the order of `schema/README.md`.
///
/// # Example
/// ```
/// let names: Vec<&str> = jiesu::schema::DOCUMENTS.iter().map(|d| d.name).collect();
/// assert!(names.contains(&"command") && names.contains(&"engine_config"));
/// ```
pub const DOCUMENTS: &[Document] = &[
    doc!("actor", Input, Actor, "Who acts: the actor of a command (jiesu_ticket_handle's actor_json, Engine.handle's actor)"),
    doc!("command", Input, Command, "What an actor asks, tagged by `type` (jiesu_ticket_handle's command_json, Engine.handle's command)"),
    doc!("event", Input, Event, "One recorded event: envelope, hash chain and `type`-tagged body; what jiesu_ticket_handle and Engine.handle return, and what a stored history (a JSON array of events, or JSON lines) holds"),
    doc!("state", Output, StateView<'static>, "The state of a ticket at an instant (jiesu_ticket_state, Engine.state)"),
    doc!("evaluation", Output, Evaluation, "The escalation alerts due on one ticket and when to look again (jiesu_escalation_evaluate, which adds `next_check_at_unix`; Engine.evaluate)"),
    doc!("alert", Input, Alert, "One escalation alert, as evaluated and as given back to be recorded (jiesu_escalation_record's alerts_json, Engine.escalate)"),
    doc!("sweep", Output, Sweep, "The tickets a sweep found due, each with its evaluation and new `next_check_at`, the count not due and when to sweep next (jiesu_escalation_sweep, which adds `next_check_at_unix` and `next_sweep_at_unix`; Engine.sweep)"),
    doc!("group_evaluation", Output, GroupEvaluation, "The group-rule alerts over many tickets (jiesu_escalation_evaluate_group, Engine.evaluate_group)"),
    doc!("verification", Output, Verification, "Whether a history or an archive is intact (jiesu_ticket_verify, jiesu_archive_verify, jiesu_engine_verify, Engine.verify, Engine.verify_archive)"),
    doc!("log_verification", Output, LogVerification, "The audit of an event log: each ticket intact or not, with the first problem and its log line (jiesu_engine_verify_log, Engine.verify_log)"),
    doc!("archive", Input, ArchiveFile, "The archived file of a ticket (jiesu_ticket_archive, jiesu_engine_archive, Engine.archive; read back by the archive verifiers)"),
    doc!("assessment_options", Input, AssessmentOptions, "The options of an assessment (jiesu_assess's options_json, jiesu_bulletin's, Engine.assess's options)"),
    doc!("assessment", Output, Assessment, "An assessment: its options and one row per unit or township (jiesu_assess)"),
    doc!("bulletin", Output, Bulletin, "A weekly or monthly bulletin (通报) as data (jiesu_bulletin, Engine.bulletin)"),
    doc!("engine_config", Input, EngineConfig, "An engine's configuration (jiesu_engine_new, Engine(config), Engine.config)"),
    doc!("guide", Input, GuideData, "A classification guide as data (jiesu_engine_with_guide_json, Engine.with_guide, the `guide` of an engine configuration)"),
    doc!("rules", Input, RuleSet, "An escalation rule set (jiesu_engine_with_rules_json, Engine.with_rules, Engine.rules, the `rules` of an engine configuration)"),
    doc!("calendar", Input, CalendarData, "A calendar or a calendar overlay as data (jiesu_calendar_from_json, jiesu_calendar_with_overlay_json, jiesu_calendar_notice_json, the `calendar.data` and `calendar.overlays` of an engine configuration)"),
    doc!("business_hours", Input, BusinessHours, "Business hours (jiesu_calendar_with_business_hours_json, the `calendar.business_hours` of an engine configuration)"),
    doc!("sla_policy", Input, SlaPolicy, "The SLA policy (the `sla` of an engine configuration)"),
    doc!("limits", Input, Limits, "Resource limits (the `limits` of an engine configuration; docs/LIMITS.md)"),
    doc!("sla_input", Input, SlaInput, "What the SLA clocks of a ticket depend on (jiesu_sla_deadlines's input_json)"),
    doc!("deadlines", Output, Deadlines, "The SLA clocks of a ticket dispatched at an instant (jiesu_sla_deadlines, Engine.deadlines)"),
    doc!("classification_decision", Input, ClassificationDecision, "The operator's classification decision (jiesu_guide_classify's decision_json, Engine.classify, a `dispatch` command's `decision`)"),
    doc!("classification", Output, Classification, "A ticket's classification (jiesu_guide_classify, Engine.classify)"),
    doc!("location", Input, Location, "Where a request is about (jiesu_guide_suggest's location_json, Engine.suggest's location)"),
    doc!("suggestions", Output, Suggestions, "Suggested categories, exclusions and emergencies for a request text (jiesu_guide_suggest, Engine.suggest)"),
    doc!("coverage_warning", Output, CoverageWarning, "A warning that the calendar's coverage ends soon (jiesu_calendar_coverage_warning)"),
];

/// The published document named `name`.
///
/// # Example
/// ```
/// assert!(jiesu::schema::document("state").is_some());
/// assert!(jiesu::schema::document("nothing").is_none());
/// ```
pub fn document(name: &str) -> Option<&'static Document> {
    DOCUMENTS.iter().find(|d| d.name == name)
}
