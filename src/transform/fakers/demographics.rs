//! Demographics (`rules/demographics.toml`): a gender or ethnicity value is replaced by another
//! from its closed set (`data/genders.txt`, `data/ethnicities.txt`), in the same language and
//! spelling.

use super::{sets, shape_preserving};
use rand::{Rng, RngExt};
use std::sync::LazyLock;

static GENDERS: LazyLock<Vec<Vec<&str>>> = LazyLock::new(|| sets(include_str!("data/genders.txt")));

static ETHNICITIES: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| sets(include_str!("data/ethnicities.txt")));

pub(super) fn gender<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    pick_other(o, &GENDERS, rng)
}

pub(super) fn ethnicity<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    pick_other(o, &ETHNICITIES, rng)
}

/// Another value from the same closed set (same language and case), or one of the first set.
fn pick_other<R: Rng + ?Sized>(o: &str, sets: &[Vec<&'static str>], rng: &mut R) -> String {
    let set = sets
        .iter()
        .find(|s| s.contains(&o))
        .or_else(|| {
            sets.iter()
                .find(|s| s.iter().any(|v| v.eq_ignore_ascii_case(o)))
        })
        .unwrap_or(&sets[0]);
    let others: Vec<&str> = set
        .iter()
        .copied()
        .filter(|v| !v.eq_ignore_ascii_case(o))
        .collect();
    if others.is_empty() {
        return shape_preserving(o, rng);
    }
    others[rng.random_range(0..others.len())].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn data_files_parse_to_their_sets_in_order() {
        assert_eq!(GENDERS.len(), 10);
        assert!(GENDERS.iter().all(|g| g.len() == 3));
        assert_eq!(GENDERS[4], ["männlich", "weiblich", "divers"]);
        assert_eq!(ETHNICITIES.len(), 1);
        assert_eq!(ETHNICITIES[0].len(), 8);
        for set in GENDERS.iter().chain(ETHNICITIES.iter()) {
            crate::transform::fakers::assert_distinct(set);
        }
    }

    #[test]
    fn another_value_from_the_same_set() {
        for g in many(Kind::Gender, "weiblich", 20) {
            assert!(g == "männlich" || g == "divers", "{g}");
        }
        for e in many(Kind::Ethnicity, "asian", 20) {
            assert!(ETHNICITIES[0].contains(&e.as_str()) && e != "Asian", "{e}");
        }
    }
}
