//! The README's tours cannot rot: its Rust tour is `examples/tour.rs` (which `make test` runs)
//! and its C tour `examples/c/tour.c` (which `make test-c` builds and runs), character for
//! character; the `Cargo.toml` lines next to the Rust tour name exactly the crates it uses.
//! (The Python tours are run by tests/python/test_docs.py.)

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The code blocks fenced as ```` ```lang ```` in the section of `text` under `heading`
/// (up to the next heading of the same or a higher level).
fn blocks(text: &str, heading: &str, lang: &str) -> Vec<String> {
    let level = heading.split(' ').next().unwrap();
    let start = text.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no section {heading:?}"));
    let mut found = Vec::new();
    // Inside a fenced block: Some(its body) when it is a `lang` block, None for another language.
    let mut fence: Option<Option<String>> = None;
    for line in text[start + 1..].lines().skip(1) {
        match &mut fence {
            Some(body) if line == "```" => {
                found.extend(body.take());
                fence = None;
            }
            Some(Some(body)) => {
                body.push_str(line);
                body.push('\n');
            }
            Some(None) => {}
            None if line.starts_with("```") => fence = Some((line == format!("```{lang}")).then(String::new)),
            None if line.starts_with('#') && line.split(' ').next().unwrap().len() <= level.len() => break,
            None => {}
        }
    }
    found
}

#[test]
fn the_rust_tour_is_examples_tour_rs() {
    let readme = read("README.md");
    let tour = blocks(&readme, "## A tour of the Rust API", "rust");
    assert_eq!(tour.len(), 1, "one Rust block in the Rust tour");
    assert!(tour[0] == read("examples/tour.rs"), "README.md's Rust tour differs from examples/tour.rs: copy the file into the README");
}

#[test]
fn the_rust_tour_lists_the_crates_it_uses() {
    let readme = read("README.md");
    let toml = blocks(&readme, "## A tour of the Rust API", "toml");
    assert_eq!(toml.len(), 1, "one Cargo.toml block next to the Rust tour");
    let mut lines = toml[0].lines();
    assert_eq!(lines.next(), Some("[dependencies]"));
    let listed: BTreeSet<&str> = lines.map(|l| l.split([' ', '=']).next().unwrap()).collect();
    let tour = read("examples/tour.rs");
    let used: BTreeSet<&str> = tour
        .lines()
        .filter_map(|l| l.strip_prefix("use "))
        .map(|path| path.split("::").next().unwrap())
        .filter(|root| !matches!(*root, "std" | "core" | "alloc"))
        .collect();
    assert_eq!(listed, used, "the README's Cargo.toml lines and the crates examples/tour.rs uses");
    // Paths written out in full (`serde_json::…`) need their crate listed too.
    for word in tour.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')) {
        if let Some((root, _)) = word.split_once("::") {
            let is_local = root.is_empty() || root.chars().next().unwrap().is_ascii_uppercase() || matches!(root, "std" | "core" | "self" | "super" | "crate");
            assert!(is_local || listed.contains(root), "examples/tour.rs uses {root}:: but the README does not list it");
        }
    }
}

#[test]
fn the_c_tour_is_examples_c_tour_c() {
    let readme = read("README.md");
    let tour = blocks(&readme, "## A tour of the C API", "c");
    assert_eq!(tour.len(), 1, "one C block in the C tour");
    assert!(tour[0] == read("examples/c/tour.c"), "README.md's C tour differs from examples/c/tour.c: copy the file into the README");
}
