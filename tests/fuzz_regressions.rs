//! Replays the inputs that once crashed a fuzz target (`tests/fuzz-regressions/<target>/`)
//! through the same entry points the fuzz targets call (`fuzz/src/lib.rs`, included below),
//! and feeds each target its seed corpus. Passes when the directories hold only a README.
//!
//! `make fuzz-seeds` writes the seed corpora with the ignored test `write_seed_corpora`
//! (directory in `JIESU_FUZZ_SEEDS`).

use std::path::{Path, PathBuf};

#[path = "../fuzz/src/lib.rs"]
#[allow(unused_imports)]
mod harness;

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

/// Runs `input` through `target`, turning a panic into a message naming the input.
fn run(name: &str, target: fn(&[u8]), input: &[u8], what: &str) -> Result<(), String> {
    std::panic::catch_unwind(|| target(input)).map_err(|e| {
        let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
        format!("fuzz target {name} crashes on {what}: {msg}")
    })
}

#[test]
fn every_target_has_a_regression_directory() {
    for (name, _) in harness::TARGETS {
        let dir = regressions_dir().join(name);
        assert!(dir.join("README.md").is_file(), "{} needs a README.md", dir.display());
    }
}

#[test]
fn regression_inputs_no_longer_crash() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, target) in harness::TARGETS {
        let dir = regressions_dir().join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        files.sort();
        for path in files {
            if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("README") || n.starts_with('.')) {
                continue;
            }
            let input = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
            if let Err(e) = run(name, *target, &input, &path.display().to_string()) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} regression inputs crash:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_target_runs_its_seed_corpus() {
    for (name, target) in harness::TARGETS {
        let seeds = harness::seeds(name);
        assert!(!seeds.is_empty(), "target {name} has no seeds");
        for (i, s) in seeds.iter().enumerate() {
            if let Err(e) = run(name, *target, s, &format!("seed {i}")) {
                panic!("{e}");
            }
        }
        // Empty and one-byte inputs are fine too.
        for s in [&b""[..], b"\x00", b"\xff"] {
            if let Err(e) = run(name, *target, s, "a tiny input") {
                panic!("{e}");
            }
        }
    }
}

/// The hand-written inputs of the `keyed` target are refused by the keyed verification with
/// the kind and at the index their README names, through the target's own keyed engine.
#[test]
fn keyed_regression_inputs_are_refused_as_described() {
    let expected: &[(&str, &str, usize)] = &[
        ("rehashed-content", "tag_invalid", 0),
        ("tag-removed", "tag_missing", 1),
        ("tag-of-unknown-key", "tag_unknown_key", 2),
        ("tag-bad-alg-and-mac", "tag_invalid", 0),
        ("tag-bad-alg-and-mac-2", "tag_invalid", 0),
        ("archive-truncated-recounted", "tag_invalid", 25),
        ("archive-untagged", "tag_missing", 28),
    ];
    let engine = harness::keyed_engine();
    for (name, kind, index) in expected {
        let input = std::fs::read(regressions_dir().join("keyed").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (sel, text) = (input[0], std::str::from_utf8(&input[1..]).unwrap());
        let v = if sel % 3 == 2 {
            let a: jiesu::ticket::ArchiveFile = serde_json::from_str(text).unwrap();
            assert!(jiesu::ticket::verify_archive(&a).intact, "{name}: the public archive check passes");
            engine.verify_archive(&a)
        } else {
            let mut events: Vec<jiesu::ticket::Event> = serde_json::from_str(text).unwrap();
            if sel % 3 == 1 {
                harness::rehash(&mut events);
            }
            assert!(jiesu::ticket::verify(&events).intact, "{name}: the public chain holds");
            engine.verify(&events)
        };
        let p = v.problem.unwrap_or_else(|| panic!("{name}: accepted"));
        assert_eq!((p.kind.as_str(), p.index), (*kind, *index), "{name}: {}", p.message);
        assert!(run(name, harness::keyed, &input, name).is_ok());
    }
}

#[test]
fn fixtures_cover_every_status() {
    let f = harness::fixtures();
    let statuses: std::collections::BTreeSet<_> = f.snapshots.iter().filter_map(|s| s.ticket.status()).collect();
    assert!(statuses.len() >= 11, "fixture statuses: {statuses:?}");
}

/// Writes each target's seeds to `$JIESU_FUZZ_SEEDS/<target>/seed-NNN` (used by `make fuzz`).
#[test]
#[ignore]
fn write_seed_corpora() {
    let root = PathBuf::from(std::env::var("JIESU_FUZZ_SEEDS").expect("set JIESU_FUZZ_SEEDS to the seed directory"));
    for (name, _) in harness::TARGETS {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).expect("seed directory");
        for (i, s) in harness::seeds(name).iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{i:03}")), s).expect("write seed");
        }
    }
}
