//! `make demo` (for now): the SLA deadlines of a few real tickets on the built-in CN calendar
//! with the default policy (R-SLA-1 … R-SLA-7).

use chrono::DateTime;
use jiesu::calendar::{Calendar, CoveragePolicy};
use jiesu::sla::{HandlingClass, Limit, SlaInput, SlaPolicy, Urgency};

struct Case {
    what: &'static str,
    dispatched: &'static str,
    input: SlaInput,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cal = Calendar::cn();
    let policy = SlaPolicy::default();
    let normal = SlaInput::new(Urgency::Normal, HandlingClass::Normal);
    let cases = [
        Case { what: "路灯不亮 (normal), day before National Day", dispatched: "2026-09-30T10:00:00+08:00", input: normal },
        Case {
            what: "燃气泄漏 (urgent), Friday before Spring Festival",
            dispatched: "2026-02-13T16:00:00+08:00",
            input: SlaInput::new(Urgency::Urgent, HandlingClass::Urgent),
        },
        Case { what: "拖欠工资 (normal), New Year's Eve", dispatched: "2025-12-31T09:30:00+08:00", input: normal },
        Case { what: "噪声扰民 (normal), make-up Saturday", dispatched: "2026-02-14T11:00:00+08:00", input: normal },
        Case {
            what: "征地补偿 (complex, 15 days)",
            dispatched: "2026-04-28T15:20:00+08:00",
            input: SlaInput::new(Urgency::Normal, HandlingClass::Complex).with_limit(Limit::WorkingDays(15)),
        },
        Case {
            what: "劳动保障监察 (statutory, 60 calendar days)",
            dispatched: "2026-06-01T08:45:00Z",
            input: SlaInput::new(Urgency::Normal, HandlingClass::Statutory).with_limit(Limit::CalendarDays(60)),
        },
        Case { what: "占道经营 (normal), Christmas 2026", dispatched: "2026-12-25T10:00:00+08:00", input: normal },
    ];
    println!("jiesu {} — SLA deadlines on the built-in CN calendar (2004–2026), default policy", env!("CARGO_PKG_VERSION"));
    println!("\"24:00\" is the exclusive end of a day: acting at that instant is late (R-SLA-5).\n");
    for c in &cases {
        let t = DateTime::parse_from_rfc3339(c.dispatched)?;
        println!("▶ {}\n  dispatched {}", c.what, jiesu::calendar::to_cst(t));
        match policy.deadlines(&cal, t, &c.input) {
            Ok(d) => print_clocks(&d),
            Err(e) => {
                println!("  error: {e}");
                let prov = cal.with_policy(CoveragePolicy::Provisional);
                let d = policy.deadlines(&prov, t, &c.input)?;
                println!("  with the provisional (weekends-only) policy:");
                print_clocks(&d);
            }
        }
        println!();
    }
    Ok(())
}

fn print_clocks(d: &jiesu::sla::Deadlines) {
    for c in &d.clocks {
        println!("  {:<15} due {}   warn {}{}", c.clock.as_str(), show(c.due_at), show(c.warn_at), if c.provisional { "   PROVISIONAL" } else { "" });
    }
}

/// Prints an instant, writing local midnight as "24:00" of the day before (R-SLA-5).
fn show(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::Timelike;
    if t.hour() == 0 && t.minute() == 0 && t.second() == 0 {
        let d = t.date_naive().pred_opt().unwrap_or(t.date_naive());
        format!("{} 24:00 ({})", d, d.format("%a"))
    } else {
        t.format("%Y-%m-%d %H:%M (%a)").to_string()
    }
}
