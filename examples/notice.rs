//! Reads a State Council holiday notice (国务院办公厅关于20XX年部分节假日安排的通知, pasted into a
//! text file, supplementary notices of the same year after it) and prints its calendar data as
//! TOML in the layout of `data/calendar/cn.toml`, for review and commit — or as JSON with
//! `--json` (for the `calendar.overlays` of an engine configuration).
//!
//! ```sh
//! cargo run --example notice -- notice-2027.txt > cn-2027.toml
//! cargo run --example notice -- notice-2027.txt --json > cn-2027.json
//! cargo run --example notice -- notice.txt 2027      # when the text has neither title nor 现将2027年
//! ```
//!
//! A notice that fails a check is refused: every problem is printed with the sentence quoted,
//! and the exit status is 1.

use jiesu::calendar::Notice;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let (path, year) = match rest.as_slice() {
        [path] => (path.as_str(), None),
        [path, year] => match year.parse::<i32>() {
            Ok(y) => (path.as_str(), Some(y)),
            Err(_) => usage(),
        },
        _ => usage(),
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    match Notice::parse(&text, year) {
        Ok(n) => print!("{}", if json { n.to_json() + "\n" } else { n.to_toml() }),
        Err(e) => {
            if e.problems().is_empty() {
                eprintln!("{path}: {e}");
            } else {
                eprintln!("{path}: the notice is refused:");
                for p in e.problems() {
                    eprintln!("  {p}");
                }
            }
            std::process::exit(1);
        }
    }
}

fn usage() -> ! {
    eprintln!("usage: cargo run --example notice -- NOTICE.txt [YEAR] [--json]");
    std::process::exit(2);
}
