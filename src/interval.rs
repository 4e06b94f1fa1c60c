//! Printed figures as intervals (domain.md "Rounding"): 85.47 stands for [85.465, 85.475)
//! when rounded and [85.47, 85.48) when truncated. Relations hold where intervals overlap.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

/// How a printed figure was produced from its exact value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Round,
    Truncate,
}

/// One unit in the last printed place: 10^-decimals.
pub fn ulp(decimals: u32) -> Decimal {
    Decimal::new(1, decimals.min(28))
}

// Arithmetic returns Option (overflow, division by a possible zero), so std::ops does not fit.
#[allow(clippy::should_implement_trait)]
impl Interval {
    pub fn point(v: Decimal) -> Self {
        Interval { lo: v, hi: v }
    }

    /// The exact values that print as `v` with `decimals` places under `mode`.
    pub fn printed(v: Decimal, decimals: u32, mode: Rounding) -> Self {
        let u = ulp(decimals);
        // Saturating: a figure at the edge of Decimal's range must not overflow its interval.
        let sub = |a: Decimal, b: Decimal| a.checked_sub(b).unwrap_or(Decimal::MIN);
        let add = |a: Decimal, b: Decimal| a.checked_add(b).unwrap_or(Decimal::MAX);
        match mode {
            Rounding::Round => {
                let h = u / Decimal::TWO;
                Interval {
                    lo: sub(v, h),
                    hi: add(v, h),
                }
            }
            // Truncation is towards zero: -1.44 covers (-1.45, -1.44].
            Rounding::Truncate if v.is_sign_negative() => Interval {
                lo: sub(v, u),
                hi: v,
            },
            Rounding::Truncate => Interval {
                lo: v,
                hi: add(v, u),
            },
        }
    }

    pub fn overlaps(&self, o: &Interval) -> bool {
        // Closed on both sides: a boundary value counts as a match, which only ever spares an alarm.
        self.lo <= o.hi && o.lo <= self.hi
    }

    pub fn contains(&self, v: Decimal) -> bool {
        self.lo <= v && v <= self.hi
    }

    pub fn mid(&self) -> Decimal {
        (self.lo + self.hi) / Decimal::TWO
    }

    /// The sum of intervals (None on overflow); the empty sum is 0.
    pub fn sum(items: impl IntoIterator<Item = Interval>) -> Option<Interval> {
        items
            .into_iter()
            .try_fold(Interval::point(Decimal::ZERO), |acc, x| acc.add(x))
    }

    pub fn add(self, o: Interval) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_add(o.lo)?,
            hi: self.hi.checked_add(o.hi)?,
        })
    }

    pub fn sub(self, o: Interval) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_sub(o.hi)?,
            hi: self.hi.checked_sub(o.lo)?,
        })
    }

    pub fn neg(self) -> Interval {
        Interval {
            lo: -self.hi,
            hi: -self.lo,
        }
    }

    pub fn abs(self) -> Interval {
        if self.lo >= Decimal::ZERO {
            self
        } else if self.hi <= Decimal::ZERO {
            self.neg()
        } else {
            Interval {
                lo: Decimal::ZERO,
                hi: (-self.lo).max(self.hi),
            }
        }
    }

    pub fn mul(self, o: Interval) -> Option<Interval> {
        let c = [
            self.lo.checked_mul(o.lo)?,
            self.lo.checked_mul(o.hi)?,
            self.hi.checked_mul(o.lo)?,
            self.hi.checked_mul(o.hi)?,
        ];
        Some(Interval {
            lo: *c.iter().min()?,
            hi: *c.iter().max()?,
        })
    }

    /// None when the divisor may be zero.
    pub fn div(self, o: Interval) -> Option<Interval> {
        if o.lo <= Decimal::ZERO && o.hi >= Decimal::ZERO {
            return None;
        }
        let c = [
            self.lo.checked_div(o.lo)?,
            self.lo.checked_div(o.hi)?,
            self.hi.checked_div(o.lo)?,
            self.hi.checked_div(o.hi)?,
        ];
        Some(Interval {
            lo: *c.iter().min()?,
            hi: *c.iter().max()?,
        })
    }
}

/// How a printed value relates to the value computed for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Consistent when rounded (under [`Policy::Truncate`]: when truncated).
    Rounded,
    /// Consistent only when truncated (a style note, not a contradiction).
    Truncated,
    /// Consistent in magnitude, opposite in sign.
    SignLost,
    /// No reading makes them agree.
    Differs,
}

/// The rounding a document is held to (`rounding` in gouji.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Rounded or truncated: both hold, truncation with a style note.
    #[default]
    Either,
    /// Only rounding holds: a figure that agrees only when truncated is a contradiction.
    Round,
    /// Only truncation holds: a truncated figure needs no note, and one that agrees only
    /// when rounded is a contradiction.
    Truncate,
}

/// [`agree`] under a rounding policy; `Rounded` then means "holds as the policy rounds".
pub fn agree_under(
    policy: Policy,
    printed: Decimal,
    decimals: u32,
    computed: Interval,
) -> Agreement {
    let a = agree(printed, decimals, computed);
    match (policy, a) {
        (Policy::Round, Agreement::Truncated) => Agreement::Differs,
        (Policy::Truncate, Agreement::Rounded | Agreement::Truncated) => {
            if Interval::printed(printed, decimals, Rounding::Truncate).overlaps(&computed) {
                Agreement::Rounded
            } else {
                Agreement::Differs
            }
        }
        _ => a,
    }
}

/// Compares a printed value (with its places) against a computed interval.
pub fn agree(printed: Decimal, decimals: u32, computed: Interval) -> Agreement {
    if Interval::printed(printed, decimals, Rounding::Round).overlaps(&computed) {
        return Agreement::Rounded;
    }
    if Interval::printed(printed, decimals, Rounding::Truncate).overlaps(&computed) {
        return Agreement::Truncated;
    }
    if !printed.is_zero() {
        let flipped = -printed;
        if Interval::printed(flipped, decimals, Rounding::Round).overlaps(&computed)
            || Interval::printed(flipped, decimals, Rounding::Truncate).overlaps(&computed)
        {
            return Agreement::SignLost;
        }
    }
    Agreement::Differs
}

/// The computed value shown to the reader, at the printed precision (rounded half away from zero).
pub fn show(v: Decimal, decimals: u32) -> String {
    let r = v.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    format!("{:.*}", decimals as usize, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_interval_overlap() {
        let computed = Interval::point(d("2") / d("3") * d("100"));
        assert_eq!(agree(d("66.67"), 2, computed), Agreement::Rounded);
        assert_eq!(agree(d("66.66"), 2, computed), Agreement::Truncated);
        assert_eq!(agree(d("60.00"), 2, computed), Agreement::Differs);
    }

    #[test]
    fn lost_sign_is_told_apart() {
        let computed = Interval::point(d("-52.11") / d("3609.17") * d("100"));
        assert_eq!(agree(d("1.44"), 2, computed), Agreement::SignLost);
        assert_eq!(agree(d("-1.44"), 2, computed), Agreement::Rounded);
    }

    #[test]
    fn xbrl_sum_of_rounded_parts() {
        // 12.1 + 45.4 printed as 57.6 holds once the parts are intervals.
        let a = Interval::printed(d("12.1"), 1, Rounding::Round);
        let b = Interval::printed(d("45.4"), 1, Rounding::Round);
        assert_eq!(agree(d("57.6"), 1, a.add(b).unwrap()), Agreement::Rounded);
        assert_eq!(agree(d("57.8"), 1, a.add(b).unwrap()), Agreement::Differs);
    }

    #[test]
    fn division_by_possible_zero_is_none() {
        let z = Interval::printed(d("0"), 2, Rounding::Round);
        assert!(Interval::point(d("1")).div(z).is_none());
    }

    #[test]
    fn show_rounds_half_away() {
        assert_eq!(show(d("24.2262"), 2), "24.23");
        assert_eq!(show(d("-1.445"), 2), "-1.45");
    }

    #[test]
    fn rounding_policies() {
        use super::{agree_under, Agreement, Policy};
        let two_thirds = Interval::point(Decimal::new(200, 0) / Decimal::new(3, 0));
        let at = |p, v: &str| agree_under(p, v.parse().unwrap(), 2, two_thirds);
        assert_eq!(at(Policy::Either, "66.67"), Agreement::Rounded);
        assert_eq!(at(Policy::Either, "66.66"), Agreement::Truncated);
        assert_eq!(at(Policy::Round, "66.67"), Agreement::Rounded);
        assert_eq!(at(Policy::Round, "66.66"), Agreement::Differs);
        assert_eq!(at(Policy::Truncate, "66.66"), Agreement::Rounded);
        assert_eq!(at(Policy::Truncate, "66.67"), Agreement::Differs);
        assert_eq!(at(Policy::Truncate, "-66.66"), Agreement::SignLost);
        // Exact: every policy holds.
        let half = Interval::point(Decimal::new(50, 0));
        for p in [Policy::Either, Policy::Round, Policy::Truncate] {
            assert_eq!(
                agree_under(p, Decimal::new(5000, 2), 2, half),
                Agreement::Rounded
            );
        }
    }
}
