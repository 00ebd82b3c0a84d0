//! The keyed chain (README, "Threat model"): a keyed engine tags the events it decides and the
//! archives it makes; `Engine::verify` / `Engine::verify_archive` refuse — as a result, with
//! index and kind — a history rewritten and re-hashed with the public `compute_hash`, a
//! missing tag, a wrong tag, a tag of another key. Unkeyed verification is unchanged, and the
//! key never appears in an output.

use chrono::{DateTime, FixedOffset};
use jiesu::engine::{Engine, EngineConfig};
use jiesu::ticket::{compute_hash, verify, verify_archive, Actor, ArchiveFile, ChainKey, Command, Event, EventBody, Ticket, Verification};

/// The secret of the tests: distinctive bytes to search every output for.
const SECRET: &str = "SeCrEt-7f3a9c1e-county-anchor";
const OTHER_SECRET: &str = "another-secret-of-32-bytes-long!";

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn keyed() -> Engine {
    Engine::default_engine().with_chain_key(ChainKey::new("2026-a", SECRET.as_bytes()).unwrap()).unwrap()
}

fn cmd(v: serde_json::Value) -> Command {
    serde_json::from_value(v).unwrap()
}

/// A ticket from registration to archive, decided by `engine`.
fn archived(engine: &Engine, id: &str) -> Vec<Event> {
    let leaf = engine.guide().leaves().find(|c| !c.routing.by_location && c.routing.responsible.is_empty() && c.routing.cooperating.is_empty()).unwrap();
    let lead = Actor::unit(leaf.routing.lead.as_deref().unwrap());
    let cc = Actor::command_center();
    let steps = [
        (
            cc.clone(),
            serde_json::json!({"type": "register", "id": id, "appeal_type": "complaint", "content": "路灯坏了",
            "requester": {"name": "张三丰", "phone": "13812345678"}}),
            "2026-03-02T09:00:00+08:00",
        ),
        (cc.clone(), serde_json::json!({"type": "dispatch", "decision": {"category": leaf.code}}), "2026-03-02T09:10:00+08:00"),
        (lead.clone(), serde_json::json!({"type": "acknowledge"}), "2026-03-02T09:20:00+08:00"),
        (lead.clone(), serde_json::json!({"type": "contact_requester", "note": "已联系"}), "2026-03-02T09:30:00+08:00"),
        (
            lead.clone(),
            serde_json::json!({"type": "submit_report", "report": {"result": "已修复", "answered_at": "2026-03-03T09:00:00+08:00",
            "evidence": ["p.jpg"], "approved_by": "王局长", "solved": true}}),
            "2026-03-03T10:00:00+08:00",
        ),
        (cc.clone(), serde_json::json!({"type": "review_report", "accept": true}), "2026-03-03T11:00:00+08:00"),
        (cc.clone(), serde_json::json!({"type": "record_callback", "outcome": "satisfied", "solved": true}), "2026-03-04T09:00:00+08:00"),
        (cc.clone(), serde_json::json!({"type": "close"}), "2026-03-04T09:10:00+08:00"),
        (cc.clone(), serde_json::json!({"type": "archive"}), "2026-03-04T09:20:00+08:00"),
    ];
    let mut events = Vec::new();
    for (actor, c, at) in steps {
        let new = engine.handle(&events, &actor, &cmd(c), t(at)).unwrap();
        events.extend(new);
    }
    events
}

/// Gives the events (in order) the sequence and hashes of an intact public chain, as a forger
/// with the public `compute_hash` would; the tags are left as they were.
fn rechain(events: &mut [Event]) {
    let mut prev = "0".repeat(64);
    for (i, e) in events.iter_mut().enumerate() {
        e.seq = i as u64 + 1;
        e.prev_hash = prev.clone();
        e.hash = compute_hash(e).unwrap();
        prev = e.hash.clone();
    }
}

fn problem(v: &Verification) -> (usize, &str) {
    assert!(!v.intact, "expected a refusal: {v:?}");
    let p = v.problem.as_ref().unwrap();
    (p.index, p.kind.as_str())
}

fn archive_of(engine: &Engine, events: &[Event]) -> ArchiveFile {
    engine.archive_file(&engine.replay(events).unwrap()).unwrap()
}

#[test]
fn a_keyed_engine_tags_every_event_and_accepts_its_untouched_history_and_archive() {
    let e = keyed();
    let events = archived(&e, "YS-K1");
    assert!(events.iter().all(|ev| ev.tag.as_ref().is_some_and(|tag| tag.key_id == "2026-a" && tag.alg == "hmac-sha256" && tag.mac.len() == 64)));
    // The tag is not part of the hash: the public chain is the same keyed or not.
    assert!(events.iter().all(|ev| compute_hash(ev).unwrap() == ev.hash));
    assert!(verify(&events).intact);
    assert!(e.verify(&events).intact);
    // Every prefix of an untouched history verifies (a live ticket).
    assert!(e.verify(&events[..3]).intact);
    let a = archive_of(&e, &events);
    assert!(a.tag.is_some());
    assert!(e.verify_archive(&a).intact);
    assert!(verify_archive(&a).intact);
    // Through JSON, as the platform stores them.
    let back: Vec<Event> = serde_json::from_str(&serde_json::to_string(&events).unwrap()).unwrap();
    assert!(e.verify(&back).intact);
    assert_eq!(Ticket::replay(&back).unwrap().events(), &events[..]);
    let back: ArchiveFile = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert!(e.verify_archive(&back).intact);
}

#[test]
fn a_modified_history_re_hashed_with_the_public_hash_is_refused_by_the_keyed_verify_only() {
    let e = keyed();
    let mut events = archived(&e, "YS-K2");
    if let EventBody::Registered { content, .. } = &mut events[0].body {
        *content = "另一内容".into();
    }
    rechain(&mut events);
    assert!(verify(&events).intact, "the public chain holds after re-hashing");
    assert!(Engine::default_engine().verify(&events).intact, "an unkeyed engine cannot tell");
    let v = e.verify(&events);
    assert_eq!(problem(&v), (0, "tag_invalid"));
    assert_eq!(v.events, events.len());
    // A later event modified: refused at that index.
    let mut events = archived(&e, "YS-K3");
    if let EventBody::ReportSubmitted { report, .. } = &mut events[4].body {
        report.result = "未处理".into();
    } else {
        panic!("event 4 is the report");
    }
    rechain(&mut events);
    assert_eq!(problem(&e.verify(&events)), (4, "tag_invalid"));
    // An event removed and the rest re-chained.
    let mut events = archived(&e, "YS-K4");
    events.remove(3);
    rechain(&mut events);
    assert_eq!(problem(&e.verify(&events)), (3, "tag_invalid"));
}

#[test]
fn missing_wrong_and_foreign_tags_are_refused_with_index_and_kind() {
    let e = keyed();
    let events = archived(&e, "YS-K5");
    let mut missing = events.clone();
    missing[2].tag = None;
    assert_eq!(problem(&e.verify(&missing)), (2, "tag_missing"));
    assert!(verify(&missing).intact, "the tag is not part of the public chain");

    let mut wrong = events.clone();
    let mac = &mut wrong[5].tag.as_mut().unwrap().mac;
    let flipped = if mac.starts_with('0') { "1" } else { "0" };
    mac.replace_range(0..1, flipped);
    assert_eq!(problem(&e.verify(&wrong)), (5, "tag_invalid"));
    let mut short = events.clone();
    short[1].tag.as_mut().unwrap().mac.truncate(10);
    assert_eq!(problem(&e.verify(&short)), (1, "tag_invalid"));
    let mut alg = events.clone();
    alg[1].tag.as_mut().unwrap().alg = "ed25519".into();
    assert_eq!(problem(&e.verify(&alg)), (1, "tag_invalid"));
    // One event's tag moved onto another event.
    let mut moved = events.clone();
    moved[3].tag = moved[2].tag.clone();
    assert_eq!(problem(&e.verify(&moved)), (3, "tag_invalid"));

    // Tags of another key: the same id with another secret, or an id the engine does not hold.
    let impostor = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    let forged = archived(&impostor, "YS-K5");
    assert!(impostor.verify(&forged).intact);
    assert_eq!(problem(&e.verify(&forged)), (0, "tag_invalid"));
    let stranger = Engine::default_engine().with_chain_key(ChainKey::new("stranger", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    let forged = archived(&stranger, "YS-K5");
    assert_eq!(problem(&e.verify(&forged)), (0, "tag_unknown_key"));
    // Only the tags differ from the honest history: the public chains are identical.
    assert_eq!(forged.iter().map(|x| &x.hash).collect::<Vec<_>>(), events.iter().map(|x| &x.hash).collect::<Vec<_>>());
}

#[test]
fn a_keyed_archive_refuses_truncation_recounting_and_a_missing_or_foreign_tag() {
    let e = keyed();
    let events = archived(&e, "YS-K6");
    let a = archive_of(&e, &events);
    let n = a.events.len();
    // Truncated, with the count and final hash rewritten to match: every remaining event tag
    // is good, the public archive check passes, the archive's tag does not.
    let mut cut = a.clone();
    cut.events.truncate(n - 2);
    cut.event_count = n - 2;
    cut.final_hash = cut.events.last().unwrap().hash.clone();
    assert!(verify_archive(&cut).intact);
    assert_eq!(problem(&e.verify_archive(&cut)), (n - 2, "tag_invalid"));
    let mut untagged = a.clone();
    untagged.tag = None;
    assert_eq!(problem(&e.verify_archive(&untagged)), (n, "tag_missing"));
    let stranger = Engine::default_engine().with_chain_key(ChainKey::new("stranger", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    let mut foreign = a.clone();
    foreign.tag = archive_of(&stranger, &archived(&stranger, "YS-K6")).tag;
    assert_eq!(problem(&e.verify_archive(&foreign)), (n, "tag_unknown_key"));
    // An event's tag inside the archive.
    let mut inner = a.clone();
    inner.events[3].tag = None;
    assert_eq!(problem(&e.verify_archive(&inner)), (3, "tag_missing"));
    // The unkeyed problems come first, as before.
    let mut altered = a.clone();
    if let EventBody::Registered { content, .. } = &mut altered.events[0].body {
        *content = "x".into();
    }
    assert_eq!(problem(&e.verify_archive(&altered)), (0, "altered"));
}

#[test]
fn unkeyed_verification_and_histories_stored_before_are_unchanged() {
    let plain = Engine::default_engine();
    let events = archived(&plain, "YS-K7");
    assert!(events.iter().all(|e| e.tag.is_none()));
    let json = serde_json::to_string(&events).unwrap();
    assert!(!json.contains("\"tag\""), "an unkeyed event's JSON is as before");
    assert!(plain.verify(&events).intact && verify(&events).intact);
    let a = archive_of(&plain, &events);
    assert!(a.tag.is_none() && !serde_json::to_string(&a).unwrap().contains("\"tag\""));
    assert!(plain.verify_archive(&a).intact);
    // The same commands give the same hashes keyed or not.
    let k = archived(&keyed(), "YS-K7");
    assert_eq!(k.iter().map(|e| &e.hash).collect::<Vec<_>>(), events.iter().map(|e| &e.hash).collect::<Vec<_>>());
    // An unkeyed engine does not read tags.
    assert!(plain.verify(&k).intact);
    // A keyed engine asks for tags on every event: an unkeyed history is not anchored.
    assert_eq!(problem(&keyed().verify(&events)), (0, "tag_missing"));
    assert_eq!(problem(&keyed().verify_archive(&a)), (0, "tag_missing"));

    // Histories committed before the keyed chain existed (tests/data/forged/*.json, `honest`).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/forged");
    let mut seen = 0;
    for f in std::fs::read_dir(dir).unwrap() {
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f.unwrap().path()).unwrap()).unwrap();
        let honest: Vec<Event> = serde_json::from_value(doc["honest"].clone()).unwrap();
        assert!(!honest.is_empty());
        assert!(verify(&honest).intact && plain.verify(&honest).intact);
        assert!(plain.replay(&honest).is_ok());
        assert_eq!(problem(&keyed().verify(&honest)).1, "tag_missing");
        seen += 1;
    }
    assert!(seen >= 5);
}

#[test]
fn rotation_verifies_old_tags_with_the_retired_key_and_signs_with_the_new_one() {
    let k1 = keyed();
    let mut events = archived(&k1, "YS-K8");
    events.truncate(4);
    let k2 = k1.with_chain_key(ChainKey::new("2026-b", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    assert_eq!(k2.chain_key_id(), Some("2026-b"));
    let report = cmd(serde_json::json!({"type": "submit_report", "report": {"result": "已修复", "answered_at": "2026-03-03T09:00:00+08:00",
        "evidence": ["p.jpg"], "approved_by": "王局长", "solved": true}}));
    let lead = events[2].actor.clone();
    events.extend(k2.handle(&events, &lead, &report, t("2026-03-03T10:00:00+08:00")).unwrap());
    assert_eq!(events[4].tag.as_ref().unwrap().key_id, "2026-b");
    assert!(k2.verify(&events).intact);
    assert_eq!(problem(&k1.verify(&events)), (4, "tag_unknown_key"));
    let only_new = Engine::default_engine().with_chain_key(ChainKey::new("2026-b", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    assert_eq!(problem(&only_new.verify(&events)), (0, "tag_unknown_key"));
    // The same keys through the configuration: the last one signs.
    let cfg = format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "2026-a", "secret": "{SECRET}"}}, {{"id": "2026-b", "secret": "{OTHER_SECRET}"}}]}}"#);
    let from_json = Engine::from_json(&cfg).unwrap();
    assert_eq!(from_json, k2);
    assert_eq!(from_json.chain_key_id(), Some("2026-b"));
    assert!(from_json.verify(&events).intact);
}

#[test]
fn recorded_alerts_are_tagged_too() {
    let e = keyed();
    let mut events = archived(&e, "YS-K9");
    events.truncate(2); // dispatched, not acknowledged
    let tk = e.replay(&events).unwrap();
    let later = t("2026-03-20T09:00:00+08:00");
    let alerts = e.evaluate(&tk, later).alerts;
    assert!(!alerts.is_empty());
    let new = e.record_alerts(&tk, &alerts, later).unwrap();
    assert!(new.iter().all(|ev| ev.tag.is_some()));
    events.extend(new);
    assert!(e.verify(&events).intact);
}

#[test]
fn chain_keys_are_validated_without_naming_the_secret() {
    let err = |json: &str| Engine::from_json(json).unwrap_err();
    let short = err(r#"{"schema_version": 1, "chain_keys": [{"id": "k", "secret": "tiny-secret"}]}"#);
    assert!(short.is_validation() && short.field() == Some("chain_keys[0].secret"), "{short}");
    let bad_id = err(&format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "a key", "secret": "{SECRET}"}}]}}"#));
    assert_eq!(bad_id.field(), Some("chain_keys[0].id"));
    let twice = err(&format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "k", "secret": "{SECRET}"}}, {{"id": "k", "secret": "{SECRET}"}}]}}"#));
    assert_eq!(twice.field(), Some("chain_keys[1].id"));
    let number = err(r#"{"schema_version": 1, "chain_keys": [{"id": "k", "secret": 73461927364519}]}"#);
    assert!(number.is_parse());
    let unknown = err(&format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "k", "secret": "{SECRET}", "alg": "x"}}]}}"#));
    assert!(unknown.is_parse());
    let many: Vec<String> = (0..17).map(|i| format!(r#"{{"id": "k{i}", "secret": "{SECRET}"}}"#)).collect();
    let too_many = err(&format!(r#"{{"schema_version": 1, "chain_keys": [{}]}}"#, many.join(",")));
    assert_eq!(too_many.field(), Some("chain_keys"));
    for e in [&short, &bad_id, &twice, &number, &unknown, &too_many] {
        let text = format!("{e} {e:?}");
        assert!(!text.contains(SECRET) && !text.contains("tiny-secret") && !text.contains("73461927364519"), "{text}");
    }
    let dup = keyed().with_chain_key(ChainKey::new("2026-a", OTHER_SECRET.as_bytes()).unwrap()).unwrap_err();
    assert!(dup.is_validation() && !format!("{dup} {dup:?}").contains(OTHER_SECRET));
    let e = ChainKey::new("k", b"0123").unwrap_err();
    assert!(e.is_invalid_input() && e.field() == Some("secret") && !format!("{e:?}").contains("0123"));
}

#[test]
fn the_key_never_appears_in_events_archives_views_verifications_configurations_or_debug() {
    let e = Engine::from_json(&format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "2026-a", "secret": "{SECRET}"}}]}}"#)).unwrap();
    assert_eq!(e, keyed());
    let events = archived(&e, "YS-K10");
    let tk = e.replay(&events).unwrap();
    let a = archive_of(&e, &events);
    let mut forged = events.clone();
    forged[1].tag = None;
    let hex_secret: String = SECRET.bytes().map(|b| format!("{b:02x}")).collect();
    let outputs = [
        serde_json::to_string(&events).unwrap(),
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&e.state(&tk, t("2026-03-05T00:00:00+08:00"))).unwrap(),
        serde_json::to_string(&e.verify(&forged)).unwrap(),
        serde_json::to_string(e.config()).unwrap(),
        format!("{e:?}"),
        format!("{:?}", e.config()),
        format!("{:?}", e.context()),
        format!("{:?}", ChainKey::new("2026-a", SECRET.as_bytes()).unwrap()),
        format!("{events:?} {a:?} {tk:?}"),
        e.handle(&events, &Actor::command_center(), &Command::Close {}, t("2026-03-05T00:00:00+08:00")).unwrap_err().to_string(),
    ];
    for (i, o) in outputs.iter().enumerate() {
        assert!(!o.contains(SECRET) && !o.contains(&hex_secret), "output {i} holds the key: {o}");
    }
    // The configuration serializes without its keys: the key is never written back.
    assert!(!outputs[4].contains("chain_keys"));
    assert_eq!(Engine::new(e.config().clone()).unwrap().chain_key_id(), Some("2026-a"), "the in-memory configuration keeps the key");
    assert!(Engine::from_json(&outputs[4]).unwrap().chain_key_id().is_none());
    let _ = EngineConfig::default();
}

// ---------------------------------------------------------------------------------------------
// The fixture of the C and Python tests (which cannot re-hash with another key): written by
// `JIESU_UPDATE_KEYED=1 cargo test -p jiesu --test keyed`, checked up to date otherwise.

/// A history or an archive of the fixture, and what the keyed engine says of it.
enum Doc {
    Events(Vec<Event>),
    Archive(ArchiveFile),
}

fn fixture_cases() -> Vec<(&'static str, Doc)> {
    let e = keyed();
    let honest = archived(&e, "YS-KC1");
    let archive = archive_of(&e, &honest);
    let mut rehashed = honest.clone();
    if let EventBody::ReportSubmitted { report, .. } = &mut rehashed[4].body {
        report.result = "未处理".into();
    }
    rechain(&mut rehashed);
    let mut untagged = honest.clone();
    untagged[2].tag = None;
    let mut wrong_tag = honest.clone();
    let mac = &mut wrong_tag[5].tag.as_mut().unwrap().mac;
    let flipped = if mac.starts_with('0') { "1" } else { "0" };
    mac.replace_range(0..1, flipped);
    let impostor = Engine::default_engine().with_chain_key(ChainKey::new("2026-a", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    let other_key = archived(&impostor, "YS-KC1");
    let stranger = Engine::default_engine().with_chain_key(ChainKey::new("stranger", OTHER_SECRET.as_bytes()).unwrap()).unwrap();
    let unknown_key = archived(&stranger, "YS-KC1");
    let mut cut_archive = archive.clone();
    let n = cut_archive.events.len() - 2;
    cut_archive.events.truncate(n);
    cut_archive.event_count = n;
    cut_archive.final_hash = cut_archive.events[n - 1].hash.clone();
    let mut untagged_archive = archive.clone();
    untagged_archive.tag = None;
    let unkeyed = archived(&Engine::default_engine(), "YS-KC1");
    vec![
        ("honest", Doc::Events(honest)),
        ("archive", Doc::Archive(archive)),
        ("rehashed", Doc::Events(rehashed)),
        ("untagged", Doc::Events(untagged)),
        ("wrong_tag", Doc::Events(wrong_tag)),
        ("other_key", Doc::Events(other_key)),
        ("unknown_key", Doc::Events(unknown_key)),
        ("unkeyed", Doc::Events(unkeyed)),
        ("cut_archive", Doc::Archive(cut_archive)),
        ("untagged_archive", Doc::Archive(untagged_archive)),
    ]
}

fn fixture_text() -> String {
    let e = keyed();
    let mut out = String::from("{\n  \"about\": [\n");
    out += "    \"The keyed chain, for the C and Python tests: histories and archives made by an engine holding key_id/secret, and forgeries.\",\n";
    out += "    \"Each <name> is a history (a JSON array) or an archive file; <name>_verification is what the keyed engine's verify says of it.\",\n";
    out += "    \"Generated by tests/keyed.rs (JIESU_UPDATE_KEYED=1 cargo test -p jiesu --test keyed); do not edit by hand.\"\n  ],\n";
    out += &format!(
        "  \"key_id\": \"2026-a\",\n  \"secret\": {},\n  \"other_secret\": {}",
        serde_json::to_string(SECRET).unwrap(),
        serde_json::to_string(OTHER_SECRET).unwrap()
    );
    for (name, doc) in fixture_cases() {
        let (json, v) = match &doc {
            Doc::Events(ev) => (serde_json::to_string(ev).unwrap(), e.verify(ev)),
            Doc::Archive(a) => (serde_json::to_string(a).unwrap(), e.verify_archive(a)),
        };
        let v = serde_json::to_string(&v).unwrap();
        out += &format!(",\n  \"{name}\": {json},\n  \"{name}_verification\": {}", serde_json::to_string(&v).unwrap());
    }
    out + "\n}\n"
}

#[test]
fn keyed_fixture_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/keyed/forgeries.json");
    let text = fixture_text();
    if std::env::var_os("JIESU_UPDATE_KEYED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(stored == text, "{} is stale: JIESU_UPDATE_KEYED=1 cargo test -p jiesu --test keyed", path.display());
    // Each forgery is refused where the fixture says, and only the honest documents pass.
    let doc: serde_json::Value = serde_json::from_str(&stored).unwrap();
    for (name, _) in fixture_cases() {
        let v: Verification = serde_json::from_str(doc[format!("{name}_verification")].as_str().unwrap()).unwrap();
        assert_eq!(v.intact, name == "honest" || name == "archive", "{name}: {v:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Ed25519: the platform signs, a third party verifies with the public key alone.

const SEED_HEX: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

#[test]
fn ed25519_tags_verify_with_the_public_key_alone_which_cannot_forge() {
    let signer = Engine::from_json(&format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "sig-1", "ed25519_seed": "{SEED_HEX}"}}]}}"#)).unwrap();
    assert_eq!(signer.chain_key_id(), Some("sig-1"));
    let events = archived(&signer, "YS-KE1");
    assert!(events.iter().all(|e| e.tag.as_ref().is_some_and(|t| t.alg == "ed25519" && t.mac.len() == 128)));
    assert!(signer.verify(&events).intact);
    let a = archive_of(&signer, &events);
    assert!(signer.verify_archive(&a).intact);

    // The verifier holds the public key only (from the configuration, as hex).
    let seed: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&SEED_HEX[2 * i..2 * i + 2], 16).unwrap()).collect();
    let public = ChainKey::ed25519("sig-1", &seed).unwrap().public_key().unwrap();
    let public_hex: String = public.iter().map(|b| format!("{b:02x}")).collect();
    let verifier = Engine::from_json(&format!(r#"{{"schema_version": 1, "chain_keys": [{{"id": "sig-1", "ed25519_public": "{public_hex}"}}]}}"#)).unwrap();
    assert_eq!(verifier.chain_key_id(), None, "a public key does not tag");
    assert!(verifier.verify(&events).intact);
    assert!(verifier.verify_archive(&a).intact);
    // ... and cannot forge: its own events are untagged, a re-hashed edit is refused.
    let mine = archived(&verifier, "YS-KE2");
    assert!(mine.iter().all(|e| e.tag.is_none()));
    assert_eq!(problem(&verifier.verify(&mine)), (0, "tag_missing"));
    let mut forged = events.clone();
    if let EventBody::ReportSubmitted { report, .. } = &mut forged[4].body {
        report.result = "未处理".into();
    }
    rechain(&mut forged);
    assert_eq!(problem(&verifier.verify(&forged)), (4, "tag_invalid"));
    let mut cut = a.clone();
    cut.events.truncate(5);
    cut.event_count = 5;
    cut.final_hash = cut.events[4].hash.clone();
    assert_eq!(problem(&verifier.verify_archive(&cut)), (5, "tag_invalid"));
    // An HMAC key under the same id does not accept a signature, nor the other way round.
    let hmac = Engine::default_engine().with_chain_key(ChainKey::new("sig-1", SECRET.as_bytes()).unwrap()).unwrap();
    assert_eq!(problem(&hmac.verify(&events)), (0, "tag_invalid"));
    assert_eq!(problem(&verifier.verify(&archived(&hmac, "YS-KE1"))), (0, "tag_invalid"));
    // Another signing key under the same id.
    let other = Engine::default_engine().with_chain_key(ChainKey::ed25519("sig-1", &[9; 32]).unwrap()).unwrap();
    assert_eq!(problem(&verifier.verify(&archived(&other, "YS-KE1"))), (0, "tag_invalid"));

    // Rotation from HMAC to Ed25519: both verify, the signer tags.
    let both = keyed().with_chain_key(ChainKey::ed25519("sig-1", &seed).unwrap()).unwrap();
    assert_eq!(both.chain_key_id(), Some("sig-1"));
    assert!(both.verify(&events).intact && both.verify(&archived(&keyed(), "YS-KE3")).intact);
    // A public key added last leaves the signer in place.
    let still = keyed().with_chain_key(ChainKey::ed25519_public("sig-1", &public).unwrap()).unwrap();
    assert_eq!(still.chain_key_id(), Some("2026-a"));

    // The seed is never shown.
    let shown =
        [format!("{signer:?}"), serde_json::to_string(signer.config()).unwrap(), serde_json::to_string(&events).unwrap(), serde_json::to_string(&a).unwrap()];
    for s in &shown {
        assert!(!s.contains(SEED_HEX), "{s}");
    }
    for bad in [
        r#"{"schema_version": 1, "chain_keys": [{"id": "k", "ed25519_seed": "4ccd089b"}]}"#,
        r#"{"schema_version": 1, "chain_keys": [{"id": "k", "ed25519_seed": "zzcd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"}]}"#,
        r#"{"schema_version": 1, "chain_keys": [{"id": "k", "secret": "0123456789abcdef", "ed25519_seed": "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"}]}"#,
    ] {
        let e = Engine::from_json(bad).unwrap_err();
        let text = format!("{e} {e:?}");
        assert!(!text.contains("4ccd089b") && !text.contains("zzcd089b"), "{text}");
    }
}
