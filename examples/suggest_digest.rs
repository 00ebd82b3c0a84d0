//! Prints a SHA-256 digest of the default guide's full suggestions (every field, as JSON) for
//! every text of the labelled corpus `data/corpus/requests.jsonl` and of
//! `tests/data/guide_requests.toml`, each plain and in variants (full-width forms, spaces, upper
//! case, line breaks, a location with and without a village), and for 20 000 bench-style texts
//! cut and joined from them. A change to the suggester that must keep its outputs identical
//! keeps this digest: run `cargo run --release --example suggest_digest` before and after.
//! With an argument, also writes every output as JSON lines to that file (to diff).

use std::io::Write;

use jiesu::guide::{Guide, Location};
use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Deserialize)]
struct Row {
    text: String,
}
#[derive(Deserialize)]
struct Cases {
    case: Vec<Row>,
}

#[path = "../benches/common/guide_texts.rs"]
#[allow(dead_code)] // `texts`: the digest cuts its bench-style texts its own way
mod guide_texts;
use guide_texts::Rng;

/// Full-width forms, spaces, upper case and line breaks sprinkled over `text`.
fn variant(text: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match rng.next() % 16 {
            0 => out.push(' '),
            1 => out.push('\u{3000}'),
            2 => out.push('\n'),
            3 if c.is_ascii_graphic() => out.push(char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)),
            4 => out.push_str("ＡBc１"),
            _ => {}
        }
        out.push(if rng.next() % 8 == 0 { c.to_ascii_uppercase() } else { c });
    }
    out
}

fn main() {
    let g = Guide::yanshan_default();
    let corpus = std::fs::read_to_string("data/corpus/requests.jsonl").expect("run from the repository root");
    let mut texts: Vec<String> = corpus.lines().map(|l| serde_json::from_str::<Row>(l).unwrap().text).collect();
    let cases: Cases = toml::from_str(&std::fs::read_to_string("tests/data/guide_requests.toml").unwrap()).unwrap();
    texts.extend(cases.case.into_iter().map(|c| c.text));
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let variants: Vec<String> = texts.iter().map(|t| variant(t, &mut rng)).collect();
    let pool: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
    let joined: Vec<String> = (0..20_000)
        .map(|_| {
            let want = 100 + rng.next() % 201;
            let mut out: Vec<char> = Vec::new();
            while out.len() < want {
                let src = &pool[rng.next() % pool.len()];
                out.extend(&src[rng.next() % (src.len() / 2 + 1)..]);
            }
            out.truncate(want);
            out.into_iter().collect()
        })
        .collect();
    texts.extend(variants);
    texts.extend(joined);
    let town = Location::township("jiangna");
    let village = Location { township: Some("阿舍".into()), village: Some("阿舍村".into()), address: None };
    let mut dump = std::env::args().nth(1).map(|p| std::io::BufWriter::new(std::fs::File::create(p).unwrap()));
    let mut h = Sha256::new();
    for (i, t) in texts.iter().enumerate() {
        for loc in [None, Some(&town), Some(&village)] {
            let line = serde_json::to_string(&(i, &g.suggest(t, loc))).unwrap();
            h.update(line.as_bytes());
            h.update(b"\n");
            if let Some(d) = dump.as_mut() {
                writeln!(d, "{line}").unwrap();
            }
        }
    }
    let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("{} texts × 3 locations: {digest}", texts.len());
}
