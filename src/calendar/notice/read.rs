//! Reading a notice's sentences: each festival's holidays, make-up days and stated counts, and
//! the documents (the notice and its supplements) in one text.

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::text::*;
use super::*;

impl Parser {
    /// Reads one sentence of an item or supplementary notice into `body`.
    pub(super) fn sentence(&self, s: Range<usize>, ctx: &mut Ctx, body: &mut Body, problems: &mut Vec<String>) {
        let quote = self.quote(s.clone());
        let starts = |p: &str| self.string(s.clone()).starts_with(p);
        let (detail, advisory) = (starts("其中"), starts("鼓励"));
        let mut rest: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut extra: Vec<NaiveDate> = Vec::new();
        let mut count: Option<(u32, String)> = None;
        let mut adjoin = false;
        let mut any_dates = false;
        for c in self.split(s.clone(), &[',', ';']) {
            let before = *ctx;
            let toks = match self.dates(c.clone(), ctx) {
                Ok(t) => t,
                Err(msg) => {
                    problems.push(format!("«{quote}»: {msg}"));
                    return;
                }
            };
            any_dates |= !toks.is_empty();
            for t in &toks {
                if let Err(msg) = self.check_annotations(t) {
                    problems.push(format!("«{quote}»: {msg}"));
                }
            }
            if let Some(n) = self.count_in(c.clone()) {
                count = Some((n, self.quote(c.clone())));
            }
            if self.contains(c.clone(), "连休") && (self.contains(c.clone(), "周末") || self.contains(c.clone(), "公休")) {
                adjoin = true;
            }
            if advisory {
                continue;
            }
            let has = |p: &str| self.contains(c.clone(), p);
            // 12月29日（星期六）公休日调至12月31日（星期一）: the weekend day is worked and the
            // weekday is a day of the break.
            if let Some(p) = self.find(c.clone(), "调至") {
                let mut ctx2 = before;
                if let (Ok(from), Ok(to)) = (self.dates(c.start..p, &mut ctx2), self.dates(p..c.end, &mut ctx2)) {
                    for t in from {
                        let Tok::Single(d) = t else { continue };
                        if body.rest.contains(&d.date) {
                            continue; // the festival's own day on a weekend (6月8日（星期日）公休日调至6月9日)
                        }
                        if is_weekend(d.date) {
                            body.swapped.insert(d.date);
                        } else {
                            problems.push(format!("«{quote}»: {} is moved (调至) but is a {}, not a weekend day", d.date, weekday_zh(d.date.weekday())));
                        }
                    }
                    for t in to {
                        let Tok::Single(d) = t else { continue };
                        if !body.rest.contains(&d.date) {
                            problems.push(format!("«{quote}»: a day off is moved (调至) to {}, which is not in the break", d.date));
                        }
                    }
                }
                continue;
            }
            if has("上班") {
                if has("正常上班") || has("起") {
                    continue; // 2月3日（星期一）起正常上班: an ordinary working day, checked above
                }
                for t in &toks {
                    match t {
                        Tok::Single(d) if is_weekend(d.date) => {
                            if !body.work.insert(d.date) {
                                problems.push(format!("«{quote}»: make-up working day {} is listed twice", d.date));
                            }
                        }
                        Tok::Single(d) => {
                            problems.push(format!("«{quote}»: make-up working day {} is a {}, not a Saturday or Sunday", d.date, weekday_zh(d.date.weekday())))
                        }
                        Tok::Range(..) => problems.push(format!("«{quote}»: make-up working days are listed one date at a time")),
                    }
                }
            } else if detail || has("照常公休") || has("为公休日") || has("为法定") {
                continue; // 其中，…为法定节假日，…照常公休: explanations, checked above
            } else if has("延长") {
                body.extend_to = toks.last().map(|t| match t {
                    Tok::Single(d) | Tok::Range(_, d) => d.date,
                });
            } else if has("补休") {
                for t in &toks {
                    match t {
                        Tok::Single(d) | Tok::Range(_, d) => extra.push(d.date),
                    }
                }
            } else if has("放假") || has("调休") {
                for t in &toks {
                    let (a, b) = match t {
                        Tok::Single(d) => (d.date, d.date),
                        Tok::Range(a, b) => (a.date, b.date),
                    };
                    if b < a {
                        problems.push(format!("«{quote}»: the range {a}..{b} ends before it starts"));
                    } else if (b - a).num_days() > MAX_RANGE_DAYS {
                        problems.push(format!("«{quote}»: the range {a}..{b} is longer than {MAX_RANGE_DAYS} days"));
                    } else {
                        rest.extend(days_of(a, b));
                    }
                }
            } else if !toks.is_empty() {
                problems.push(format!("«{quote}»: cannot tell whether «{}» gives days off (放假) or working days (上班)", self.quote(c.clone())));
            }
        }
        if !extra.is_empty() {
            // X放假，Y（星期一）补休: the span from X to Y.
            let all: BTreeSet<NaiveDate> = rest.iter().copied().chain(extra.iter().copied()).collect();
            if let (Some(&a), Some(&b)) = (all.first(), all.last()) {
                if (b - a).num_days() > MAX_RANGE_DAYS {
                    problems.push(format!("«{quote}»: the break {a}..{b} is longer than {MAX_RANGE_DAYS} days"));
                } else {
                    rest.extend(days_of(a, b));
                }
            }
        }
        if let Some((n, clause)) = count {
            if !rest.is_empty() && rest.len() != n as usize {
                let listed = runs(&rest).join(", ");
                problems.push(format!("«{quote}»: «{clause}» but the days listed are {} ({listed})", rest.len()));
            }
        }
        if adjoin {
            if let (Some(&a), Some(&b)) = (rest.first(), rest.last()) {
                body.adjoin.push((a, b, quote.clone()));
            }
        }
        if any_dates {
            body.quotes.push(quote);
        }
        body.rest.extend(rest);
    }

    /// `共N天` or `放假N天` in `r`.
    pub(super) fn count_in(&self, r: Range<usize>) -> Option<u32> {
        for pat in ["共", "放假"] {
            if let Some(p) = self.find(r.clone(), pat) {
                let start = p + pat.chars().count();
                if let Some((n, e)) = self.number(start, r.end, 3) {
                    if self.at(e) == '天' {
                        return Some(n);
                    }
                }
            }
        }
        None
    }

    /// Splits the text into documents at their titles.
    pub(super) fn documents(&self) -> Vec<Doc> {
        let lines = self.lines();
        let mut docs: Vec<Doc> = vec![Doc { title: None, lines: Vec::new() }];
        let mut i = 0;
        while i < lines.len() {
            let l = self.trim(lines[i].clone());
            let s = self.string(l.clone());
            if s.starts_with("国务院办公厅关于") || s.starts_with("国务院关于") {
                // The title, over at most 3 lines, ends with 通知.
                let mut norm = String::new();
                let mut orig = String::new();
                let mut j = i;
                while j < lines.len() && j < i + 3 {
                    let lj = self.trim(lines[j].clone());
                    norm.push_str(&self.string(lj.clone()));
                    orig.push_str(&self.quote(lj));
                    j += 1;
                    if norm.ends_with("通知") || norm.contains('。') || norm.contains(':') {
                        break;
                    }
                }
                if norm.ends_with("通知") {
                    let first_empty = docs.len() == 1 && docs[0].title.is_none() && docs[0].lines.iter().all(|r| self.trim(r.clone()).is_empty());
                    if first_empty {
                        docs.clear();
                    }
                    docs.push(Doc { title: Some((norm, orig)), lines: Vec::new() });
                    i = j;
                    continue;
                }
            }
            if let Some(d) = docs.last_mut() {
                d.lines.push(lines[i].clone());
            }
            i += 1;
        }
        // Text before the first title without festival items (a news lead, a file's header
        // comments) is not a notice of its own.
        if docs.len() > 1 && docs[0].title.is_none() && self.items(&docs[0]).is_empty() {
            docs.remove(0);
        }
        docs
    }

    /// `国办发明电〔2025〕7号` in the document.
    pub(super) fn number_of(&self, doc: &Doc) -> Option<String> {
        for l in &doc.lines {
            for pat in ["国办发明电", "国发明电", "国办发", "国发"] {
                let Some(p) = self.find(l.clone(), pat) else { continue };
                let mut i = p + pat.chars().count();
                let open = self.at(i);
                if !matches!(open, '〔' | '[' | '(' | '【' | '［' | '﹝') {
                    continue;
                }
                let Some((y, j)) = self.number(i + 1, l.end, 4) else { continue };
                if !matches!(self.at(j), '〕' | ']' | ')' | '】' | '］' | '﹞') {
                    continue;
                }
                i = j + 1;
                let Some((n, k)) = self.number(i, l.end, 4) else { continue };
                if self.at(k) == '号' {
                    return Some(format!("{pat}〔{y}〕{n}号"));
                }
            }
        }
        None
    }

    /// The first 4-digit year followed by `年` in `s` after `after` (`关于2027年…`, `现将2027年…`,
    /// `关于延长2020年春节假期…`).
    pub(super) fn year_after(s: &str, after: &str) -> Option<i32> {
        let rest: Vec<char> = s[s.find(after)? + after.len()..].chars().filter(|c| *c != ' ').collect();
        rest.windows(5).enumerate().find_map(|(i, w)| {
            let digits = w[..4].iter().all(char::is_ascii_digit);
            let alone = i == 0 || !rest.get(i - 1).is_some_and(char::is_ascii_digit);
            (digits && alone && w[4] == '年').then(|| w[..4].iter().collect::<String>().parse().ok()).flatten()
        })
    }
}
