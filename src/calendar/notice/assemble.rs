//! From what was read to calendar data: the cross-checks of a whole notice (counts,
//! 与周末连休, make-up days, festival days) and supplementary notices applied on top.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::text::*;
use super::*;

impl Parser {
    pub(super) fn run(&self, year: Option<i32>) -> Result<Notice> {
        let docs = self.documents();
        let yearly: Vec<&Doc> = docs.iter().filter(|d| d.title.as_ref().is_none_or(|(t, _)| t.contains("部分节假日安排"))).collect();
        let [main] = yearly.as_slice() else {
            let msg = if yearly.is_empty() {
                "no yearly notice (国务院办公厅关于20XX年部分节假日安排的通知) in the text: a supplementary notice is applied on top of its year's notice, pasted before it"
            } else {
                "more than one yearly notice in the text: parse one year at a time"
            };
            return Err(Error::parse(msg).with_field("notice"));
        };
        // The year: the caller's, the title's, the first sentence's (现将2027年…).
        let mut stated: Vec<(i32, String)> = Vec::new();
        if let Some((t, o)) = &main.title {
            if let Some(y) = Self::year_after(t, "关于") {
                stated.push((y, o.clone()));
            }
        }
        for l in &main.lines {
            let s = self.string(l.clone());
            if let Some(y) = Self::year_after(&s, "现将") {
                stated.push((y, self.quote(l.clone())));
                break;
            }
        }
        let year = match (year, stated.first()) {
            (Some(y), _) => y,
            (None, Some((y, _))) => *y,
            (None, None) => {
                return Err(Error::parse(
                    "cannot tell the notice's year: the text has no title (关于20XX年部分节假日安排的通知) nor 现将20XX年…; give the year",
                )
                .with_field("year"))
            }
        };
        if !(1900..=2200).contains(&year) {
            return Err(Error::invalid_input("year", format!("year {year} outside 1900..=2200")));
        }
        if let Some((y, q)) = stated.iter().find(|(y, _)| *y != year) {
            return Err(Error::invalid_input("year", format!("the notice is for {y} («{q}»), not {year}")));
        }
        let number = self.number_of(main);
        let mut problems: Vec<Problem> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut adjoin: Vec<(String, NaiveDate, NaiveDate, String)> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let items = self.items(main);
        if items.is_empty() {
            return Err(
                Error::parse("no festival arrangement found: expected numbered items such as «一、元旦：1月1日放假，与周末连休。»").with_field("notice")
            );
        }
        for (idx, (head, names, body_range)) in items.iter().enumerate() {
            let path = format!("items[{idx}]");
            let item_quote = self.quote(head.start..body_range.end);
            let mut msgs = Vec::new();
            let mut festivals: Vec<&str> = Vec::new();
            for n in names {
                match FESTIVALS.iter().find(|(zh, _)| zh == n) {
                    Some((_, id)) => festivals.push(id),
                    None => msgs.push(format!("unknown festival «{n}» in «{item_quote}» (known: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节)")),
                }
            }
            for f in &festivals {
                if let Some(prev) = seen.insert((*f).to_string(), item_quote.clone()) {
                    msgs.push(format!("«{item_quote}»: {f} is listed twice (also in «{prev}»)"));
                }
            }
            let mut ctx = Ctx { year, new_years_item: festivals.contains(&"new_years_day"), last: None, explicit_year: None };
            let mut body = Body::default();
            for s in self.split(body_range.clone(), &['。']) {
                let has_dates = self
                    .dates(s.clone(), &mut Ctx { year, new_years_item: ctx.new_years_item, last: ctx.last, explicit_year: ctx.explicit_year })
                    .map(|t| !t.is_empty())
                    .unwrap_or(true);
                if !has_dates {
                    break; // the item ends at its first sentence without a date
                }
                self.sentence(s, &mut ctx, &mut body, &mut msgs);
            }
            let swapped = std::mem::take(&mut body.swapped);
            body.work.extend(swapped);
            if msgs.is_empty() && body.rest.is_empty() && !festivals.is_empty() {
                msgs.push(format!("«{item_quote}»: no day off (放假) found"));
            }
            for (a, b, q) in body.adjoin.drain(..) {
                adjoin.push((path.clone(), a, b, q));
            }
            for &d in body.work.intersection(&body.rest) {
                msgs.push(format!("«{item_quote}»: {d} is both a holiday and a make-up working day"));
            }
            if msgs.is_empty() {
                for f in &festivals {
                    if let Some(m) = self.festival_day_missing(f, year, &body.rest) {
                        msgs.push(format!("«{item_quote}»: {m}"));
                    }
                }
            }
            if !msgs.is_empty() {
                problems.extend(msgs.into_iter().map(|message| Problem { path: path.clone(), message }));
                continue;
            }
            let source = format!("{}{}", self.quote(head.clone()), body.quotes.join("。") + "。");
            match festivals.as_slice() {
                [f] => entries.push(Entry { festival: (*f).to_string(), rest: body.rest, work: body.work, notice: number.clone(), source }),
                [a, b] if [a, b].contains(&&"mid_autumn_festival") && [a, b].contains(&&"national_day") => {
                    let Some(mid) = lunar::mid_autumn(year) else {
                        problems
                            .push(Problem { path, message: format!("«{item_quote}»: the Mid-Autumn day of {year} is not in the lunar table (1901–2098)") });
                        continue;
                    };
                    let mut rest = body.rest;
                    rest.remove(&mid);
                    entries.push(Entry {
                        festival: "mid_autumn_festival".into(),
                        rest: BTreeSet::from([mid]),
                        work: BTreeSet::new(),
                        notice: number.clone(),
                        source: source.clone(),
                    });
                    entries.push(Entry { festival: "national_day".into(), rest, work: body.work, notice: number.clone(), source });
                }
                _ => problems.push(Problem { path, message: format!("«{item_quote}»: only 中秋节 and 国庆节 are ever merged into one break") }),
            }
        }
        // Supplementary notices, in order.
        let supplements: Vec<&Doc> = docs.iter().filter(|d| d.title.as_ref().is_some_and(|(t, _)| !t.contains("部分节假日安排"))).collect();
        for (k, doc) in supplements.iter().enumerate() {
            let path = format!("supplements[{k}]");
            let mut msgs = Vec::new();
            self.supplement(doc, year, &mut entries, &mut adjoin, &path, &mut msgs);
            problems.extend(msgs.into_iter().map(|message| Problem { path: path.clone(), message }));
        }
        // 与周末连休: the break adjoins a weekend day that is not worked.
        let work: BTreeSet<NaiveDate> = entries.iter().flat_map(|e| e.work.iter().copied()).collect();
        let free_weekend = |d: Option<NaiveDate>| d.is_some_and(|d| is_weekend(d) && !work.contains(&d));
        for (path, a, b, q) in adjoin {
            if !free_weekend(prev_day(a)) && !free_weekend(next_day(b)) {
                problems.push(Problem { path, message: format!("«{q}»: 与周末连休, but {a}..{b} does not adjoin a weekend that is not worked") });
            }
        }
        // A make-up working day another festival gives as a holiday.
        let rest: BTreeMap<NaiveDate, &str> = entries.iter().flat_map(|e| e.rest.iter().map(move |d| (*d, e.festival.as_str()))).collect();
        for e in &entries {
            for d in &e.work {
                if let Some(f) = rest.get(d) {
                    problems.push(Problem { path: "notice".into(), message: format!("«{}»: make-up working day {d} is a holiday of {f}", e.source) });
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::validation("State Council notice", problems));
        }
        entries.sort_by_key(|e| e.rest.first().copied());
        let from = entries.iter().flat_map(|e| e.rest.iter().chain(e.work.iter())).map(|d| d.year()).min().unwrap_or(year).min(year);
        let title = main.title.as_ref().map(|(_, o)| o.clone());
        let data = CalendarData {
            schema_version: SCHEMA_VERSION,
            name: format!("CN-{year}"),
            base: Some("CN".into()),
            scope: Some(OverlayScope::National),
            description: Some(match (&title, &number) {
                (Some(t), Some(n)) => format!("{t} ({n})"),
                (Some(t), None) => t.clone(),
                (None, Some(n)) => format!("State Council holiday notice for {year} ({n})"),
                (None, None) => format!("State Council holiday notice for {year}"),
            }),
            coverage: Coverage { from, to: year },
            weekmask: None,
            festivals: entries
                .iter()
                .map(|e| FestivalEntry {
                    year,
                    festival: e.festival.clone(),
                    label: None,
                    holidays: runs(&e.rest),
                    workdays: e.work.iter().map(|d| d.to_string()).collect(),
                    notice: e.notice.clone(),
                })
                .collect(),
        };
        data.check([true, true, true, true, true, false, false])?;
        Ok(Notice { year, number, title, data, sources: entries.into_iter().map(|e| e.source).collect() })
    }

    /// The numbered festival items of a yearly notice: (heading, names, body).
    #[allow(clippy::type_complexity)]
    pub(super) fn items(&self, doc: &Doc) -> Vec<(Range<usize>, Vec<String>, Range<usize>)> {
        const NUMERALS: &str = "一二三四五六七八九十";
        let mut out: Vec<(Range<usize>, Vec<String>, Range<usize>)> = Vec::new();
        for line in &doc.lines {
            let mut marks: Vec<(Range<usize>, Vec<String>, usize)> = Vec::new();
            let mut p = line.start;
            while p < line.end {
                let c = self.at(p);
                let boundary = {
                    let mut q = p;
                    while q > line.start && self.at(q - 1) == ' ' {
                        q -= 1;
                    }
                    q == line.start || self.at(q - 1) == '。'
                };
                if !NUMERALS.contains(c) || !boundary {
                    p += 1;
                    continue;
                }
                let mut q = p;
                while q < line.end && NUMERALS.contains(self.at(q)) {
                    q += 1;
                }
                if self.at(q) != '、' {
                    p = q.max(p + 1);
                    continue;
                }
                let name_start = q + 1;
                let mut e = name_start;
                while e < line.end && e - name_start < 24 {
                    let ch = self.at(e);
                    if ch == ':' || ch == ' ' || ch.is_ascii_digit() || ch == ',' || ch == '。' || ch == '(' {
                        break;
                    }
                    e += 1;
                }
                let mut body = e;
                while body < line.end && self.at(body) == ' ' {
                    body += 1;
                }
                let names: Vec<String> = self
                    .string(name_start..e)
                    .split('、')
                    .map(|n| n.trim_matches(['“', '”', '"', '「', '」', '‘', '’']))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                let ok = !names.is_empty() && (self.at(body) == ':' || self.at(body).is_ascii_digit());
                if !ok {
                    p = q;
                    continue;
                }
                if self.at(body) == ':' {
                    body += 1;
                }
                marks.push((p..body, names, body));
                p = body;
            }
            for (i, (head, names, body)) in marks.iter().enumerate() {
                let end = marks.get(i + 1).map_or(line.end, |m| m.0.start);
                out.push((head.clone(), names.clone(), *body..end));
            }
        }
        out
    }

    /// The festival a break must contain, when it does not.
    pub(super) fn festival_day_missing(&self, festival: &str, year: i32, rest: &BTreeSet<NaiveDate>) -> Option<String> {
        let (day, name) = match festival {
            "new_years_day" => (NaiveDate::from_ymd_opt(year, 1, 1), "1月1日"),
            "spring_festival" => (lunar::solar_date(year, 1, 1), "农历正月初一"),
            "labour_day" => (NaiveDate::from_ymd_opt(year, 5, 1), "5月1日"),
            "dragon_boat_festival" => (lunar::solar_date(year, 5, 5), "农历五月初五"),
            "mid_autumn_festival" => (lunar::mid_autumn(year), "农历八月十五"),
            "national_day" => (NaiveDate::from_ymd_opt(year, 10, 1), "10月1日"),
            _ => (None, ""),
        };
        let day = day?;
        (!rest.contains(&day)).then(|| format!("the break {} does not contain {festival}'s day {day} ({name})", runs(rest).join(", ")))
    }

    /// Applies a supplementary notice to `entries`.
    pub(super) fn supplement(
        &self,
        doc: &Doc,
        year: i32,
        entries: &mut Vec<Entry>,
        adjoin: &mut Vec<(String, NaiveDate, NaiveDate, String)>,
        path: &str,
        msgs: &mut Vec<String>,
    ) {
        let Some((title, title_quote)) = &doc.title else { return };
        if let Some(y) = Self::year_after(title, "关于") {
            if y != year {
                msgs.push(format!("«{title_quote}» is about {y}, not {year}"));
                return;
            }
        }
        let festival = if title.contains("纪念日") && title.contains("抗日战争") && title.contains("70周年") {
            Some("anti_fascist_70th")
        } else {
            FESTIVALS.iter().find(|(zh, _)| title.contains(zh)).map(|(_, id)| *id)
        };
        let Some(festival) = festival else {
            msgs.push(format!("«{title_quote}»: cannot tell which festival this supplementary notice arranges"));
            return;
        };
        let number = self.number_of(doc);
        // The body: after the salutation (各省、…：), sentences with dates.
        let start = doc
            .lines
            .iter()
            .position(|l| {
                let s = self.string(self.trim(l.clone()));
                s.starts_with("各省") && s.ends_with(':')
            })
            .map_or(0, |i| i + 1);
        let mut ctx = Ctx { year, new_years_item: festival == "new_years_day", last: None, explicit_year: None };
        let mut body = Body::default();
        for l in doc.lines.iter().skip(start) {
            if !self.contains(l.clone(), "。") {
                continue; // signature, date, number
            }
            for s in self.split(l.clone(), &['。']) {
                self.sentence(s, &mut ctx, &mut body, msgs);
            }
        }
        let swapped = std::mem::take(&mut body.swapped);
        body.work.extend(swapped);
        if let Some(d) = body.rest.iter().chain(&body.work).find(|d| d.year() != year && !(festival == "new_years_day" && d.year() == year - 1)) {
            msgs.push(format!("«{title_quote}» arranges {d}, which is not in {year}"));
        }
        if !msgs.is_empty() {
            return;
        }
        for (a, b, q) in body.adjoin.drain(..) {
            adjoin.push((path.to_string(), a, b, q));
        }
        let source = format!("{title_quote}：{}。", body.quotes.join("。"));
        let existing = entries.iter_mut().find(|e| e.festival == festival);
        match (body.extend_to, existing) {
            (Some(to), Some(e)) => {
                let Some(&last) = e.rest.last() else { return };
                let first = e.rest.first().copied().unwrap_or(last);
                if to <= last || (to - first).num_days() > MAX_RANGE_DAYS {
                    msgs.push(format!("«{}»: {to} does not extend the break {}", body.quotes.join("。"), runs(&e.rest).join(", ")));
                    return;
                }
                e.rest.extend(days_of(first, to));
                e.work.retain(|d| *d < first || *d > to);
                e.notice = number;
                e.source = format!("{} {source}", e.source);
            }
            (Some(_), None) => msgs.push(format!("«{title_quote}» extends {festival}, which the yearly notice does not arrange")),
            (None, _) if body.rest.is_empty() => msgs.push(format!("«{title_quote}»: no day off (放假) found")),
            (None, Some(e)) => {
                e.rest = body.rest;
                e.work = body.work;
                e.notice = number;
                e.source = format!("{} {source}", e.source);
            }
            (None, None) => {
                if let Some(m) = self.festival_day_missing(festival, year, &body.rest) {
                    msgs.push(format!("«{title_quote}»: {m}"));
                    return;
                }
                entries.push(Entry { festival: festival.to_string(), rest: body.rest, work: body.work, notice: number, source });
            }
        }
    }
}
