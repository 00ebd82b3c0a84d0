//! Prints every day of a calendar's coverage as `date<TAB>kind<TAB>festival` lines.
//!
//! `cargo run --example calendar_days [FILE.toml]` — the built-in CN calendar by default.
//! The Python test suite compares this output with the `chinesecalendar` package.

use chrono::Datelike;
use jiesu::calendar::Calendar;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cal = match std::env::args().nth(1) {
        Some(path) => Calendar::from_toml(&std::fs::read_to_string(path)?)?,
        None => Calendar::cn(),
    };
    let cov = cal.coverage().ok_or("calendar has no coverage")?;
    let mut d = chrono::NaiveDate::from_ymd_opt(cov.from, 1, 1).ok_or("bad year")?;
    let mut out = String::new();
    while d.year() <= cov.to {
        let day = cal.day(d)?;
        out.push_str(&format!("{}\t{}\t{}\n", d, day.kind.as_str(), day.festival.unwrap_or("")));
        d = d.succ_opt().ok_or("date overflow")?;
    }
    print!("{out}");
    Ok(())
}
