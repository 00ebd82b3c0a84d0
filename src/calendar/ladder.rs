//! Prefix sums over days, extended periodically (by weekday) outside the tabulated range.
//!
//! `G(d)` is the total weight of the days in `[start, d)` (negative before `start`). Inside the
//! table it is one load; outside it is a closed form over whole weeks. Its inverse, `find(x)`,
//! is the smallest day `d` with `G(d + 1) >= x`: a binary search in the table (or one load in
//! the day ladder's unit index) and a closed form outside. No operation loops over days.

/// Epoch day (days since 1970-01-01) of Monday 1970-01-05, the anchor of the weekly pattern.
const ANCHOR: i64 = 4;

/// Weekday of an epoch day, Monday = 0.
#[inline]
pub(crate) fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// Where a day falls relative to the table.
pub(crate) enum Outside {
    Before,
    After,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ladder<T> {
    pub start: i64,
    pub len: i64,
    /// `prefix[i]` = weight of `[start, start + i)`, `len + 1` entries.
    pub prefix: Vec<T>,
    week_prefix: [i64; 8],
    /// For unit weights (0/1): table offset of the k-th unit, making `find` one load.
    units: Option<Vec<u32>>,
}

impl<T: Copy + Into<i64>> Ladder<T> {
    /// `weights` gives the table's per-day weights; `week` the weights by weekday outside it.
    pub fn new(start: i64, prefix: Vec<T>, week: [i64; 7], units: Option<Vec<u32>>) -> Self {
        let mut week_prefix = [0i64; 8];
        for i in 0..7 {
            week_prefix[i + 1] = week_prefix[i] + week[i];
        }
        let len = prefix.len() as i64 - 1;
        Ladder { start, len, prefix, week_prefix, units }
    }

    #[inline]
    fn week_total(&self) -> i64 {
        self.week_prefix[7]
    }

    /// Periodic prefix: weight of `[ANCHOR, d)` under the weekly pattern.
    #[inline]
    fn periodic(&self, d: i64) -> i64 {
        let n = d - ANCHOR;
        n.div_euclid(7) * self.week_total() + self.week_prefix[n.rem_euclid(7) as usize]
    }

    /// Smallest `e` with `periodic(e) >= y`. Requires a positive weekly total.
    fn periodic_inverse(&self, y: i64) -> i64 {
        let w = self.week_total();
        // Start one week early so that trailing zero-weight days are found.
        let q = y.div_euclid(w) - 1;
        let rem = y - q * w; // in [w, 2w)
        let (q, need) = if rem <= w { (q, rem) } else { (q + 1, rem - w) };
        let r = self.week_prefix.iter().position(|&p| p >= need).unwrap_or(7) as i64;
        ANCHOR + 7 * q + r
    }

    #[inline]
    pub fn total(&self) -> i64 {
        self.prefix[self.len as usize].into()
    }

    #[inline]
    pub fn end(&self) -> i64 {
        self.start + self.len
    }

    /// Which side of the table `d` is on, if outside `[start, end]`.
    #[inline]
    pub fn outside(&self, d: i64) -> Option<Outside> {
        if d < self.start {
            Some(Outside::Before)
        } else if d > self.end() {
            Some(Outside::After)
        } else {
            None
        }
    }

    /// `G(d)`; the periodic extension is used outside the table.
    #[inline]
    pub fn g(&self, d: i64) -> i64 {
        let i = d - self.start;
        if (0..=self.len).contains(&i) {
            self.prefix[i as usize].into()
        } else if i < 0 {
            self.periodic(d) - self.periodic(self.start)
        } else {
            self.total() + self.periodic(d) - self.periodic(self.end())
        }
    }

    /// Smallest day `d` with `G(d + 1) >= x`; `None` when the weekly total is zero and `x`
    /// lies outside the table's range (no such day).
    pub fn find(&self, x: i64) -> Option<i64> {
        if x <= 0 {
            if self.week_total() == 0 {
                return None;
            }
            return Some(self.periodic_inverse(x + self.periodic(self.start)) - 1);
        }
        if x <= self.total() {
            if let Some(units) = &self.units {
                // Unit weights: the day holding unit x - 1.
                return Some(self.start + units[(x - 1) as usize] as i64);
            }
            let i = self.prefix.partition_point(|&p| p.into() < x);
            return Some(self.start + i as i64 - 1);
        }
        if self.week_total() == 0 {
            return None;
        }
        Some(self.periodic_inverse(x - self.total() + self.periodic(self.end())) - 1)
    }
}

/// Builds a unit ladder (weights 0/1) from per-day flags.
pub(crate) fn unit_ladder(start: i64, flags: &[bool], week: [bool; 7]) -> Ladder<u32> {
    let mut prefix = Vec::with_capacity(flags.len() + 1);
    let mut units = Vec::new();
    let mut acc = 0u32;
    prefix.push(0);
    for (i, &f) in flags.iter().enumerate() {
        if f {
            units.push(i as u32);
            acc += 1;
        }
        prefix.push(acc);
    }
    Ladder::new(start, prefix, week.map(i64::from), Some(units))
}

/// Builds a weighted ladder from per-day weights.
pub(crate) fn weighted_ladder(start: i64, weights: &[i64], week: [i64; 7]) -> Ladder<i64> {
    let mut prefix = Vec::with_capacity(weights.len() + 1);
    let mut acc = 0i64;
    prefix.push(0);
    for &w in weights {
        acc += w;
        prefix.push(acc);
    }
    Ladder::new(start, prefix, week, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_g(start: i64, flags: &[bool], week: [bool; 7], d: i64) -> i64 {
        let w = |x: i64| -> i64 {
            let i = x - start;
            if (0..flags.len() as i64).contains(&i) {
                flags[i as usize] as i64
            } else {
                week[weekday(x)] as i64
            }
        };
        if d >= start {
            (start..d).map(w).sum()
        } else {
            -(d..start).map(w).sum::<i64>()
        }
    }

    #[test]
    fn ladder_matches_naive_sums_and_inverse() {
        let week = [true, true, true, true, true, false, false];
        let start = 20_000;
        let flags: Vec<bool> = (0..100).map(|i| (i * 7 + 3) % 5 != 0).collect();
        let l = unit_ladder(start, &flags, week);
        for d in start - 40..start + 140 {
            assert_eq!(l.g(d), naive_g(start, &flags, week, d), "g({d})");
        }
        for x in -30..110 {
            let d = l.find(x).unwrap();
            assert!(l.g(d + 1) >= x && l.g(d) < x, "find({x}) = {d}");
        }
    }

    #[test]
    fn weekday_of_epoch() {
        assert_eq!(weekday(0), 3); // 1970-01-01 was a Thursday
        assert_eq!(weekday(ANCHOR), 0);
        assert_eq!(weekday(-1), 2);
    }
}
