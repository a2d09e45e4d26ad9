//! Dates (`rules/dates.toml`): a birth date moves by 1–400 days either way, keeps its written
//! format and stays in the past and within 120 years.

use super::shape_preserving;
use crate::detect::validators::{format_date, parse_date};
use chrono::{Datelike, Duration};
use rand::{Rng, RngExt};

pub(super) fn birth_date<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let Some((d, f)) = parse_date(o) else {
        return shape_preserving(o, rng);
    };
    let today = chrono::Local::now().date_naive();
    let mut shift = rng.random_range(1..=400i64);
    if rng.random_bool(0.5) {
        shift = -shift;
    }
    let mut nd = d + Duration::days(shift);
    if nd > today || nd.year() < today.year() - 120 {
        nd = d - Duration::days(shift);
    }
    format_date(nd.min(today), f)
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
}
