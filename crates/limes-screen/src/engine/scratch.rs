//! The per-thread accumulator of retrieval: a score per name, reused between queries.

use std::cell::RefCell;

#[derive(Clone, Copy, Default)]
pub(super) struct Acc {
    /// The query's stamp in the high 16 bits; in the low 16, the query tokens (slots, see `slot_bit`) that
    /// already added to the score: a name counts once per query token, through its best-matching part (two
    /// made-up parts both like one query token add nothing more).
    stamp_slots: u32,
    pub(super) score: f32,
}

/// A slot's bit; slots past the 15th share the last one (the 16th bit marks a name born in the traveller's year).
pub(super) fn slot_bit(slot_no: u16) -> u32 {
    1u32 << slot_no.min(14)
}

/// Added to a year-marked name's accumulated score when the pool is pruned (scores are sums of rarity weights,
/// a few units each).
const YEAR_PRUNE_BONUS: f32 = 4.0;

/// The bit of a name whose entry was born in the traveller's birth year (found through the year postings).
const YEAR_BIT: u32 = 1 << 15;

/// Per-thread accumulator over all names, reused between queries (stamped, cleared once every 65,535 queries).
/// Eight bytes a name: at a million names the walk over posting lists stays within the caches as far as it can.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) acc: Vec<Acc>,
    stamp: u16,
    pub(super) touched: Vec<u32>,
    /// A bit per dictionary token, all clear between uses.
    pub(super) marks: Vec<u64>,
    /// (key, name) pairs being ranked, reused.
    pub(super) ranked: Vec<(f32, u32)>,
}

/// Keep the `n` highest keys (ties: the lower name first), in no particular order.
pub(super) fn top_n(ranked: &mut Vec<(f32, u32)>, n: usize) {
    if n == 0 {
        ranked.clear();
        return;
    }
    if ranked.len() > n {
        ranked.select_nth_unstable_by(n - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(n);
    }
}

impl Scratch {
    pub(super) fn reset(&mut self, names: usize) {
        if self.acc.len() != names || self.stamp == u16::MAX {
            self.acc = vec![Acc::default(); names];
            self.stamp = 0;
        }
        self.stamp += 1;
        self.touched.clear();
    }

    /// Keep the `n` names with the highest accumulated score (the others stay stamped but are never ranked).
    pub(super) fn prune(&mut self, n: usize) {
        if self.touched.len() <= n || n == 0 {
            return;
        }
        let acc = &self.acc;
        let mut ranked = std::mem::take(&mut self.ranked);
        ranked.clear();
        let stamp = self.stamp;
        ranked.extend(self.touched.iter().map(|&x| {
            let (score, year) = acc.get(x as usize).map_or((0.0, false), |a| {
                (
                    a.score,
                    (a.stamp_slots >> 16) as u16 == stamp && a.stamp_slots & YEAR_BIT != 0,
                )
            });
            // A name born in the traveller's year is kept before names that only share more of the name.
            (
                if year {
                    score + YEAR_PRUNE_BONUS
                } else {
                    score
                },
                x,
            )
        }));
        top_n(&mut ranked, n);
        self.touched.clear();
        self.touched.extend(ranked.iter().map(|r| r.1));
        self.ranked = ranked;
    }

    /// Mark a name found in this query as born in the traveller's year.
    #[inline]
    pub(super) fn mark_year(&mut self, name: u32) {
        if let Some(a) = self.acc.get_mut(name as usize) {
            if (a.stamp_slots >> 16) as u16 == self.stamp {
                a.stamp_slots |= YEAR_BIT;
            }
        }
    }

    /// Whether a name found in this query is marked as born in the traveller's year.
    #[inline]
    pub(super) fn year_marked(&self, name: u32) -> bool {
        self.acc.get(name as usize).is_some_and(|a| {
            (a.stamp_slots >> 16) as u16 == self.stamp && a.stamp_slots & YEAR_BIT != 0
        })
    }

    #[inline]
    pub(super) fn add(&mut self, name: u32, c: f32, insert: bool, slot: u32) {
        let Some(a) = self.acc.get_mut(name as usize) else {
            return;
        };
        if (a.stamp_slots >> 16) as u16 == self.stamp {
            if a.stamp_slots & slot == 0 {
                a.score += c;
                a.stamp_slots |= slot;
            }
        } else if insert {
            *a = Acc {
                stamp_slots: (u32::from(self.stamp) << 16) | (slot & 0xFFFF),
                score: c,
            };
            self.touched.push(name);
        }
    }
}

thread_local! {
    pub(super) static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}
