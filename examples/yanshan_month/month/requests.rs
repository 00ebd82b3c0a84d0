//! The requests of the simulated month: when they arrive (by day and hour), by which channel,
//! from whom (repeat callers), where, and what the caller says — phone phrasings of the demo's
//! own phrasebook (examples/yanshan_month/requests.toml), never the labelled corpus the
//! suggester is evaluated on.

use chrono::{DateTime, Duration, FixedOffset};
use jiesu::assessment::Period;
use jiesu::engine::Engine;
use jiesu::ticket::{Channel, Requester};
use serde::Deserialize;

use super::Rng;

/// One request as the caller makes it.
#[derive(Clone, Debug)]
pub struct Request {
    /// When the call comes in.
    pub at: DateTime<FixedOffset>,
    /// What the caller says.
    pub text: String,
    /// The township the caller gives, if any.
    pub township: Option<String>,
    /// How the request comes in.
    pub channel: Channel,
    /// Who calls (a repeat caller has the same phone).
    pub requester: Requester,
    /// What the phrasebook's author meant (a category code, `emergency`, `decline`,
    /// `out_of_scope`, `consultation`, or `many_people` / `repeated`): for the reader only.
    pub about: String,
}

#[derive(Deserialize)]
struct Phrasebook {
    openers: Vec<String>,
    closers: Vec<String>,
    times: Vec<String>,
    request: Vec<Matter>,
}

#[derive(Deserialize)]
struct Matter {
    about: String,
    weight: u64,
    place: String,
    texts: Vec<String>,
}

const CHANNELS: [(Channel, u64); 5] = [(Channel::Hotline12345, 70), (Channel::Wechat, 12), (Channel::App, 8), (Channel::Web, 7), (Channel::WalkIn, 3)];
/// The county seat and the other towns and townships.
const SEAT: &str = "jiangna";
const TOWNSHIPS: [&str; 10] = ["pingyuan", "jiayi", "ameng", "ashe", "weimo", "ganhe", "panlong", "baga", "zhela", "benge"];
const SURNAMES: [&str; 12] = ["张", "李", "王", "杨", "刘", "陈", "赵", "黄", "周", "吴", "罗", "陆"];
/// Calls per hour of the day (relative).
const HOUR_WEIGHT: [u64; 24] = [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 14, 8, 9, 14, 16, 15, 12, 9, 7, 5, 4, 2, 1];

/// The requests of `month` and the month before (so that the bulletin can say what is rising),
/// in order of arrival: `volume_percent` of the county's usual volume (100: 90–130 calls a
/// working day, 55–85 on a rest day), with the month's many-people clusters and repeat callers.
pub fn generate(engine: &Engine, rng: &mut Rng, month: Period, volume_percent: u64) -> jiesu::Result<Vec<Request>> {
    let window = Period { from: month.previous().from, to: month.to };
    let book: Phrasebook = toml::from_str(include_str!("../requests.toml")).map_err(|e| jiesu::Error::new(jiesu::ErrorKind::Parse, e.to_string()))?;
    let total_weight: u64 = book.request.iter().map(|m| m.weight).sum();
    let hours: u64 = HOUR_WEIGHT.iter().sum();
    let mut out = Vec::new();
    let mut callers: Vec<Requester> = Vec::new();
    let days = (window.to - window.from).num_days();
    for day in 0..days {
        let date = (window.from + Duration::days(day)).date_naive();
        let rest_day = !engine.calendar().is_workday(date)?;
        let n = if rest_day { 55 + rng.below(30) } else { 90 + rng.below(40) } * volume_percent / 100;
        for _ in 0..n {
            let mut h = rng.below(hours);
            let mut hour = 0;
            while h >= HOUR_WEIGHT[hour] {
                h -= HOUR_WEIGHT[hour];
                hour += 1;
            }
            let at = window.from + Duration::days(day) + Duration::hours(hour as i64) + Duration::minutes(rng.below(60) as i64);
            let matter = weighted(&book.request, rng.below(total_weight));
            // Where: a village matter in a township, a county-town matter in the seat; 5% give no place.
            let township = match (rng.chance(0.05), matter.place.as_str()) {
                (true, _) => None,
                (false, "town") => Some(SEAT.to_string()),
                (false, "village") => Some(rng.pick(&TOWNSHIPS).to_string()),
                _ => Some(if rng.chance(0.35) { SEAT } else { rng.pick(&TOWNSHIPS) }.to_string()),
            };
            let text = phrase(&book, matter, engine, township.as_deref(), rng);
            let requester = caller(&mut callers, rng);
            out.push(Request { at, text, township, channel: channel(rng), requester, about: matter.about.clone() });
        }
    }
    // Many-people requests: on three occasions, 6 neighbours report the same problem.
    let month = month.from;
    for (day, text, town) in [
        (9, "喂，是12345吗？我们小区连续三天停水了，水管爆裂一直没人来修，几百户人家没水用，希望尽快抢修。", "jiangna"),
        (16, "你好，我们村旁边的养殖场臭得要命，污水直接排进河沟里，村民意见很大，希望环保部门来查一查。", "pingyuan"),
        (23, "我要投诉，旁边工地夜里两三点还在打桩，施工噪音吵得整栋楼睡不着，希望有关部门制止。", "jiayi"),
    ] {
        for k in 0..6 {
            let at = month + Duration::days(day) + Duration::hours(9 + k) + Duration::minutes(rng.below(50) as i64);
            let phone = format!("139{:08}", rng.below(100_000_000));
            let requester = Requester { name: Some(format!("{}某", rng.pick(&SURNAMES))), phone: Some(phone), requester_key: None };
            out.push(Request { at, text: text.into(), township: Some(town.into()), channel: Channel::Hotline12345, requester, about: "many_people".into() });
        }
    }
    // Repeated requests: two callers call three times within a fortnight about the same thing.
    for (day, text) in [
        (3, "喂，我们小区门口的路灯坏了一个多月了，晚上走路黑得很，打了好几次电话都没人来修。"),
        (12, "你好，公司拖欠我三个月工资了，讨了好几次都不给，希望劳动监察帮忙催一下。"),
    ] {
        let phone = format!("158{:08}", rng.below(100_000_000));
        let requester = Requester { name: Some(format!("{}某", rng.pick(&SURNAMES))), phone: Some(phone), requester_key: None };
        for k in 0..3 {
            let at = month + Duration::days(day + 5 * k) + Duration::hours(10);
            out.push(Request {
                at,
                text: text.into(),
                township: Some(SEAT.into()),
                channel: Channel::Hotline12345,
                requester: requester.clone(),
                about: "repeated".into(),
            });
        }
    }
    out.retain(|r| window.contains(r.at));
    out.sort_by_key(|r| r.at);
    Ok(out)
}

/// What the caller says: an opener, sometimes where they call from, the matter, a closer.
fn phrase(book: &Phrasebook, matter: &Matter, engine: &Engine, township: Option<&str>, rng: &mut Rng) -> String {
    let mut text = rng.pick(&book.openers).clone();
    if let Some(name) = township.filter(|_| rng.chance(0.3)).and_then(|t| engine.guide().unit(t)).map(|u| u.name.clone()) {
        text.push_str(&format!("我是{name}的，"));
    }
    let time = rng.pick(&book.times).clone();
    text.push_str(&rng.pick(&matter.texts).replace("{time}", &time));
    let closer = rng.pick(&book.closers);
    text.push_str(if closer.is_empty() { "。" } else { "，" });
    text.push_str(closer);
    text
}

/// The matter at `w` (in `0..` the sum of the weights).
fn weighted(matters: &[Matter], mut w: u64) -> &Matter {
    for m in matters {
        if w < m.weight {
            return m;
        }
        w -= m.weight;
    }
    &matters[matters.len() - 1]
}

fn channel(rng: &mut Rng) -> Channel {
    let mut x = rng.below(100);
    for (ch, w) in CHANNELS {
        if x < w {
            return ch;
        }
        x -= w;
    }
    Channel::Hotline12345
}

/// 8% are callers who called before (same phone → same requester_key).
fn caller(callers: &mut Vec<Requester>, rng: &mut Rng) -> Requester {
    if !callers.is_empty() && rng.chance(0.08) {
        return rng.pick(callers).clone();
    }
    let phone = format!("1{}{:09}", [3, 5, 8, 9][rng.below(4) as usize], rng.below(1_000_000_000));
    let name = format!("{}{}", rng.pick(&SURNAMES), ["某", "先生", "女士"][rng.below(3) as usize]);
    let r = Requester { name: Some(name), phone: Some(phone), requester_key: None };
    callers.push(r.clone());
    r
}
