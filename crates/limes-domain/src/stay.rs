//! Short stays: each entry matched to its exit, and the allowed stay over a rolling window (90 days in any 180 by
//! default). The day of entry and the day of exit both count as days of stay; on any day, the days of stay in
//! the window ending that day must not exceed the allowance. Pure: the day of the check is passed in.
use crate::Direction;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How long a traveller may stay: `max_days` in any `window_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StayRule {
    pub max_days: u32,
    pub window_days: u32,
}

impl Default for StayRule {
    /// The Schengen short stay: 90 days in any 180.
    fn default() -> Self {
        StayRule {
            max_days: 90,
            window_days: 180,
        }
    }
}

/// One stay: an entry and its exit (none while the traveller is still in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Stay {
    pub entry: NaiveDate,
    pub exit: Option<NaiveDate>,
}

/// Each entry matched to the next exit, oldest first. An exit without an entry before it (the entry was not
/// recorded) is a stay that began that day; a second entry without an exit between closes the first stay on the
/// day before (the exit was not recorded).
pub fn match_stays(movements: &[(DateTime<Utc>, Direction)]) -> Vec<Stay> {
    let mut sorted: Vec<(DateTime<Utc>, Direction)> = movements.to_vec();
    sorted.sort_by_key(|(at, _)| *at);
    let mut stays = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (at, direction) in sorted {
        let day = at.date_naive();
        match direction {
            Direction::Entry => {
                if let Some(entry) = open.take() {
                    let exit = day.pred_opt().unwrap_or(day).max(entry);
                    stays.push(Stay {
                        entry,
                        exit: Some(exit),
                    });
                }
                open = Some(day);
            }
            Direction::Exit => {
                let entry = open.take().unwrap_or(day);
                stays.push(Stay {
                    entry,
                    exit: Some(day),
                });
            }
        }
    }
    if let Some(entry) = open {
        stays.push(Stay { entry, exit: None });
    }
    stays
}

/// Days of stay within the window that ends on `day` (inclusive); an open stay counts up to `today`.
pub fn days_used(stays: &[Stay], day: NaiveDate, today: NaiveDate, rule: StayRule) -> u32 {
    let window_start = day - Duration::days(i64::from(rule.window_days.max(1)) - 1);
    stays
        .iter()
        .map(|s| {
            let end = s.exit.unwrap_or(today).min(day);
            let start = s.entry.max(window_start);
            if end < start {
                0
            } else {
                u32::try_from((end - start).num_days() + 1).unwrap_or(u32::MAX)
            }
        })
        .sum()
}

/// What the check shows about the traveller's stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StayAssessment {
    pub rule: StayRule,
    /// Days of stay in the window ending today.
    pub days_used: u32,
    /// Days the traveller may still stay from today (0 when over).
    pub days_left: u32,
    /// Days of the current (or last) stay on which the allowance was exceeded.
    pub overstay_days: u32,
    /// The entry of the current stay, when the traveller is in.
    pub in_since: Option<NaiveDate>,
    /// The last day the traveller may stay, when in and not over.
    pub latest_exit: Option<NaiveDate>,
}

impl StayAssessment {
    pub fn overstayed(&self) -> bool {
        self.overstay_days > 0
    }
}

/// The stay as of `today`: days used, days left, and whether (and by how much) the current or last stay ran
/// over the allowance.
pub fn assess(stays: &[Stay], today: NaiveDate, rule: StayRule) -> StayAssessment {
    let used = days_used(stays, today, today, rule);
    let current = stays.iter().rev().find(|s| s.entry <= today).copied();
    let overstay_days = current.map_or(0, |s| {
        let end = s.exit.unwrap_or(today).min(today);
        let mut over = 0;
        let mut d = s.entry;
        while d <= end {
            if days_used(stays, d, today, rule) > rule.max_days {
                over += 1;
            }
            d += Duration::days(1);
        }
        over
    });
    let in_since = current.filter(|s| s.exit.is_none()).map(|s| s.entry);
    let latest_exit = in_since.and_then(|_| last_allowed_day(stays, today, rule));
    StayAssessment {
        rule,
        days_used: used,
        days_left: rule.max_days.saturating_sub(used),
        overstay_days,
        in_since,
        latest_exit,
    }
}

/// The last day a traveller who is in today may stay without exceeding the allowance on any day.
fn last_allowed_day(stays: &[Stay], today: NaiveDate, rule: StayRule) -> Option<NaiveDate> {
    if days_used(stays, today, today, rule) > rule.max_days {
        return None;
    }
    let mut last = today;
    let horizon = i64::from(rule.max_days) + i64::from(rule.window_days);
    for n in 1..=horizon {
        let d = today + Duration::days(n);
        // Staying on until d: the open stay runs to d.
        if days_used(stays, d, d, rule) > rule.max_days {
            break;
        }
        last = d;
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn at(d: NaiveDate) -> DateTime<Utc> {
        Utc.from_utc_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
    }
    fn stay(entry: NaiveDate, exit: NaiveDate) -> Stay {
        Stay {
            entry,
            exit: Some(exit),
        }
    }
    const RULE: StayRule = StayRule {
        max_days: 90,
        window_days: 180,
    };

    #[test]
    fn entry_and_exit_days_both_count() {
        let s = [stay(day(2026, 1, 1), day(2026, 1, 1))];
        assert_eq!(days_used(&s, day(2026, 1, 1), day(2026, 1, 1), RULE), 1);
        let s = [stay(day(2026, 1, 1), day(2026, 1, 10))];
        assert_eq!(days_used(&s, day(2026, 1, 10), day(2026, 1, 10), RULE), 10);
    }

    #[test]
    fn ninety_days_is_allowed_the_ninety_first_is_an_overstay() {
        // 1 January to 31 March 2026: 31 + 28 + 31 = 90 days.
        let ok = [stay(day(2026, 1, 1), day(2026, 3, 31))];
        let a = assess(&ok, day(2026, 3, 31), RULE);
        assert_eq!((a.days_used, a.days_left, a.overstay_days), (90, 0, 0));
        let over = [stay(day(2026, 1, 1), day(2026, 4, 1))];
        let a = assess(&over, day(2026, 4, 1), RULE);
        assert_eq!(a.overstay_days, 1);
        assert!(a.overstayed());
    }

    #[test]
    fn days_older_than_the_window_no_longer_count() {
        // 90 days (1 January to 31 March): on 29 June the window still starts on 1 January, from 30 June the
        // first days leave it one a day, and from 27 September none is left.
        let s = [stay(day(2026, 1, 1), day(2026, 3, 31))];
        assert_eq!(days_used(&s, day(2026, 6, 29), day(2026, 6, 29), RULE), 90);
        assert_eq!(days_used(&s, day(2026, 6, 30), day(2026, 6, 30), RULE), 89);
        assert_eq!(days_used(&s, day(2026, 9, 26), day(2026, 9, 26), RULE), 1);
        assert_eq!(days_used(&s, day(2026, 9, 27), day(2026, 9, 27), RULE), 0);
        // After 90 days out, 90 days in again: each day in replaces a day leaving the window.
        let mut again = s.to_vec();
        again.push(stay(day(2026, 6, 30), day(2026, 9, 27)));
        assert_eq!(assess(&again, day(2026, 9, 27), RULE).overstay_days, 0);
    }

    #[test]
    fn the_window_rolls_day_by_day() {
        // 60 days in, 29 days out, in again: 29 days left, and the first stay stays in the window until the
        // end of June, so the last allowed day is 29 April.
        let first = stay(day(2026, 1, 1), day(2026, 3, 1)); // 60 days
        let reentry = day(2026, 3, 31);
        let s = [
            first,
            Stay {
                entry: reentry,
                exit: None,
            },
        ];
        let a = assess(&s, reentry, RULE);
        assert_eq!(a.days_used, 61);
        assert_eq!(a.days_left, 29);
        assert_eq!(a.in_since, Some(reentry));
        let last = a.latest_exit.unwrap();
        // Staying to `last` keeps every day within 90; one more day would exceed.
        assert!(days_used(&s, last, last, RULE) <= 90);
        let after = last + Duration::days(1);
        assert!(days_used(&s, after, after, RULE) > 90);
        assert_eq!(last, day(2026, 4, 29));
    }

    #[test]
    fn an_ongoing_stay_beyond_ninety_days_is_an_overstay() {
        let s = [Stay {
            entry: day(2026, 1, 1),
            exit: None,
        }];
        let a = assess(&s, day(2026, 4, 10), RULE);
        assert_eq!(a.overstay_days, 10);
        assert_eq!(a.latest_exit, None);
        assert_eq!(a.days_left, 0);
    }

    #[test]
    fn entries_are_matched_to_their_exits() {
        let m = [
            (at(day(2026, 2, 1)), Direction::Exit),
            (at(day(2026, 1, 1)), Direction::Entry),
            (at(day(2026, 3, 1)), Direction::Entry),
            (at(day(2026, 3, 20)), Direction::Entry),
        ];
        assert_eq!(
            match_stays(&m),
            vec![
                stay(day(2026, 1, 1), day(2026, 2, 1)),
                stay(day(2026, 3, 1), day(2026, 3, 19)),
                Stay {
                    entry: day(2026, 3, 20),
                    exit: None
                },
            ]
        );
        // An exit with no recorded entry is a one-day stay, not a crash.
        assert_eq!(
            match_stays(&[(at(day(2026, 5, 1)), Direction::Exit)]),
            vec![stay(day(2026, 5, 1), day(2026, 5, 1))]
        );
    }

    #[test]
    fn another_rule_is_applied_as_configured() {
        let rule = StayRule {
            max_days: 30,
            window_days: 60,
        };
        let s = [stay(day(2026, 1, 1), day(2026, 1, 31))];
        assert_eq!(assess(&s, day(2026, 1, 31), rule).overstay_days, 1);
    }
}
