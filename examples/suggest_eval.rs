//! Measures the default guide's suggestions on the labelled corpus `data/corpus/requests.jsonl`
//! (written by `data/corpus/generate.py`; split by template, so the test split holds phrasings
//! never seen when the guide was tuned): top-1/top-3 lead unit, requests with no suggestion,
//! township-level routing, per-department recall, emergencies flagged and falsely flagged,
//! out of scope recognised. `make bench-suggest`; not part of `make test`.

use std::collections::BTreeMap;

use jiesu::guide::{Guide, Suggestions};
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    text: String,
    lead: Option<String>,
    emergency: Option<String>,
    out_of_scope: Option<String>,
    split: String,
}

#[derive(Default)]
struct Tally {
    routed: usize,
    top1: usize,
    top3: usize,
    none: usize,
    township: (usize, usize),
    emergency: (usize, usize),
    false_flags: usize,
    oos: (usize, usize),
    false_oos: usize,
    per_unit: BTreeMap<String, (usize, usize)>,
    misses: Vec<String>,
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b as f64)
    }
}

fn tally(g: &Guide, rows: &[&Row]) -> Tally {
    let mut t = Tally::default();
    for r in rows {
        let s: Suggestions = g.suggest(&r.text, None);
        let flagged = !s.emergencies.is_empty();
        let oos = !s.out_of_scope.is_empty() || !s.exclusions.is_empty();
        if r.emergency.is_some() {
            t.emergency.1 += 1;
            t.emergency.0 += usize::from(flagged);
            if !flagged {
                t.misses.push(format!("missed emergency: {}", r.text));
            }
        } else if flagged {
            t.false_flags += 1;
            t.misses.push(format!("false emergency {:?}: {}", s.emergencies[0].matched, r.text));
        }
        if r.out_of_scope.is_some() {
            t.oos.1 += 1;
            t.oos.0 += usize::from(oos);
            if !oos {
                t.misses.push(format!("missed out of scope: {}", r.text));
            }
        } else if oos && r.emergency.is_none() {
            t.false_oos += 1;
        }
        let Some(lead) = &r.lead else { continue };
        t.routed += 1;
        let leads: Vec<Option<&str>> = s.categories.iter().map(|c| c.routing.lead.as_deref()).collect();
        let ok1 = leads.first() == Some(&Some(lead.as_str()));
        let ok3 = leads.iter().take(3).any(|l| *l == Some(lead.as_str()));
        t.top1 += usize::from(ok1);
        t.top3 += usize::from(ok3);
        t.none += usize::from(s.categories.is_empty());
        if g.unit(lead).is_some_and(|u| u.kind == jiesu::guide::UnitKind::Township) {
            t.township.1 += 1;
            t.township.0 += usize::from(ok1);
        }
        let e = t.per_unit.entry(lead.clone()).or_default();
        e.1 += 1;
        e.0 += usize::from(ok1);
        if !ok1 {
            let got = s.categories.first().map(|c| format!("{} {} → {:?} {:?}", c.code, c.name, c.routing.lead, c.matched)).unwrap_or_else(|| "nothing".into());
            t.misses.push(format!("want {lead}, got {got}: {}", r.text));
        }
    }
    t
}

fn main() {
    let corpus = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/corpus/requests.jsonl")).expect("data/corpus/requests.jsonl");
    let rows: Vec<Row> = corpus.lines().map(|l| serde_json::from_str(l).expect("a corpus row")).collect();
    let g = Guide::yanshan_default();
    let verbose = std::env::args().any(|a| a == "-v");
    for split in ["train", "test"] {
        let part: Vec<&Row> = rows.iter().filter(|r| r.split == split).collect();
        let t = tally(&g, &part);
        println!("== {split}: {} requests", part.len());
        println!("top-1 lead unit right      {}", pct(t.top1, t.routed));
        println!("top-3                      {}", pct(t.top3, t.routed));
        println!("no suggestion at all       {}", pct(t.none, t.routed));
        println!("township-level to township {}", pct(t.township.0, t.township.1));
        println!("emergencies flagged        {}", pct(t.emergency.0, t.emergency.1));
        println!("false emergency flags      {}", t.false_flags);
        println!("out of scope recognised    {}", pct(t.oos.0, t.oos.1));
        println!("in scope flagged out       {}", t.false_oos);
        if split == "test" {
            println!("per lead unit (top-1):");
            for (u, (a, b)) in &t.per_unit {
                println!("  {u:<20} {}", pct(*a, *b));
            }
        }
        if verbose {
            for m in &t.misses {
                println!("  {m}");
            }
        }
    }
}
