//! From the sum of evidence to the score a threshold reads: linear up to a knee, compressed above it so that more
//! evidence always scores higher, never clamped flat at 1.

/// Below this the score is the evidence itself (the default 0.83, the strict 0.93 and the critical 0.95 were
/// calibrated there and keep their meaning).
const KNEE: f64 = 0.95;

/// The score of a sum of evidence (name score, commonness, birth date, nationality, gender): unchanged up to
/// `KNEE`, then approaching 1 without reaching it (hyperbolically, so that the score's three decimals still tell
/// apart sums well above 1), with slope 1 at the knee. A clamp at 1 would put a name that
/// merely resembles a list name in the listed year level with a full name, full birth date and nationality
/// agreeing: at a million list names many innocent travellers reach the first, and no threshold could separate
/// them from the second.
pub(super) fn calibrated(evidence: f64) -> f64 {
    if evidence <= KNEE {
        return evidence.max(0.0);
    }
    let room = 1.0 - KNEE;
    let above = evidence - KNEE;
    KNEE + room * above / (above + room)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_above_the_knee_keeps_its_order_below_one() {
        assert_eq!(calibrated(0.5), 0.5);
        assert_eq!(calibrated(-0.2), 0.0);
        assert_eq!(calibrated(KNEE), KNEE);
        let steps: Vec<f64> = [0.96, 1.0, 1.04, 1.1, 1.14, 1.3]
            .iter()
            .map(|&e| calibrated(e))
            .collect();
        for w in steps.windows(2) {
            assert!(w[0] < w[1], "{steps:?}");
        }
        assert!(steps.iter().all(|&s| s < 1.0 && s > KNEE));
        // A name in full with a same birth date and nationality (1.14) stays apart from a name that resembles
        // one in the listed year (1.0) at the score's three decimals.
        assert!(calibrated(1.14) - calibrated(1.0) > 0.01);
        assert!(calibrated(1.3) - calibrated(1.14) > 0.003);
        // Continuous at the knee: just above it the score is the evidence.
        assert!((calibrated(KNEE + 0.001) - (KNEE + 0.001)).abs() < 1e-4);
    }
}
