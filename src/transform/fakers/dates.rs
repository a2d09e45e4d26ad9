//! Dates (`rules/dates.toml`): a birth date moves by 1–400 days either way, keeps its written
//! format and stays in the past and within 120 years.

use super::shape_preserving;
use crate::detect::validators::{format_date, parse_date};
use chrono::{Datelike, Duration};
use rand::{Rng, RngExt};

///
/// `08/11/1973` is 11 August to a reader in the US and 8 November to one in Europe, and
/// nothing in a note says which: its surrogate is drawn with a day of at most 12 too, so that
/// it is a date either way (month-first, it would otherwise become `01/21/1973` in an Italian
/// note about half the time).
pub(super) fn birth_date<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let Some((d, f)) = parse_date(o) else {
        return shape_preserving(o, rng);
    };
    let today = chrono::Local::now().date_naive();
    let ambiguous = f.month_first() && d.day() <= 12;
    let mut nd = d;
    // About 40% of days are 12 or less: 64 draws all above it happen once in 10^14.
    for _ in 0..64 {
        let mut shift = rng.random_range(1..=400i64);
        if rng.random_bool(0.5) {
            shift = -shift;
        }
        nd = d + Duration::days(shift);
        if nd > today || nd.year() < today.year() - 120 {
            nd = d - Duration::days(shift);
        }
        nd = nd.min(today);
        if !ambiguous || nd.day() <= 12 {
            break;
        }
    }
    format_date(nd, f)
}

#[cfg(test)]
mod tests {
    use crate::detect::validators::{self as v, DateFormat, parse_date};
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn birth_dates_keep_format_and_plausibility() {
        for (o, f) in [
            ("1985-03-07", DateFormat::YmdDash),
            ("07.03.1985", DateFormat::DmyDot),
            ("25/12/1990", DateFormat::DmySlash),
        ] {
            for d in many(Kind::DateOfBirth, o, 100) {
                assert!(v::birth_date_valid(&d), "{o} -> {d}");
                assert_ne!(d, o);
                let (_, f2) = parse_date(&d).unwrap();
                if f != DateFormat::DmySlash {
                    assert_eq!(f2, f, "{o} -> {d}");
                }
            }
        }
    }

    /// `nn/nn/yyyy` with both parts at most 12 may be read either way round: each surrogate
    /// is a valid date read day-first too, and the draws still spread over both parts.
    #[test]
    fn a_date_that_reads_both_ways_gets_a_surrogate_that_does_too() {
        let day_first = |s: &str| -> Option<chrono::NaiveDate> {
            chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
        };
        for o in ["08/11/1973", "12/05/1945", "01/01/1990"] {
            let drawn = many(Kind::DateOfBirth, o, 200);
            for d in &drawn {
                assert!(v::birth_date_valid(d), "{o} -> {d}");
                assert!(day_first(d).is_some(), "{o} -> {d} is no date day-first");
                assert_eq!(parse_date(d).unwrap().1, DateFormat::MdySlash, "{o} -> {d}");
            }
            let days: std::collections::HashSet<&str> = drawn.iter().map(|d| &d[3..5]).collect();
            assert!(days.len() >= 10, "{o}: days {days:?}");
        }
        // Unambiguous originals are drawn as before: days above 12 come back.
        let us = many(Kind::DateOfBirth, "08/21/1973", 200);
        assert!(us.iter().any(|d| &d[3..5] > "12"), "{us:?}");
    }
}
