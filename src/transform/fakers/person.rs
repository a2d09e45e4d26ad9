//! Person names (`rules/person.toml`): full, first and last names from the `fake` crate's name
//! lists in a locale the original's letters suggest, in the original's case and order
//! (`Last, First` stays). The locale helpers serve the other generators that draw names
//! (email, username, street).

use super::{case_like, pick};
use fake::locales::{DE_DE, Data, EN, FR_FR, IT_IT, NL_NL, PT_BR};
use rand::{Rng, RngExt};
use std::sync::LazyLock;

pub(super) fn person_name<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = pick(rng, first_names(loc));
    let last = pick(rng, last_names(loc));
    full_name(o, first, last)
}

/// [`person_name`] with two given names (`Anna Maria Schmidt`, `Schmidt, Anna Maria`): as many
/// times more names as the locale has given names, for the columns whose people outnumber
/// [`person_name`]'s (see `fakers::fake_wider`).
pub(super) fn person_name_wider<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let given = first_names(loc);
    let first = pick(rng, given);
    let mut second = pick(rng, given);
    while second == first && given.len() > 1 {
        second = pick(rng, given);
    }
    let last = pick(rng, last_names(loc));
    full_name(o, &format!("{first} {second}"), last)
}

/// `first last`, or `last, first` where the original is written so, in the original's case.
fn full_name(o: &str, first: &str, last: &str) -> String {
    let s = if o.contains(',') {
        format!("{last}, {first}")
    } else {
        format!("{first} {last}")
    };
    case_like(o, &s)
}

pub(super) fn first_name<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    case_like(o, pick(rng, first_names(loc)))
}

pub(super) fn last_name<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    case_like(o, pick(rng, last_names(loc)))
}

#[derive(Clone, Copy)]
pub(super) enum Loc {
    En,
    De,
    Fr,
    It,
    Pt,
    Nl,
}

/// A locale that fits the original's letters where they say something, else a random one.
pub(super) fn locale_for<R: Rng + ?Sized>(o: &str, rng: &mut R) -> Loc {
    let draw = rng.random_range(0..6u8);
    if o.chars()
        .any(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü'))
    {
        return Loc::De;
    }
    if o.chars()
        .any(|c| matches!(c, 'é' | 'è' | 'ê' | 'ç' | 'ë' | 'É' | 'È'))
    {
        return Loc::Fr;
    }
    if o.chars().any(|c| matches!(c, 'ã' | 'õ' | 'Ã' | 'Õ')) {
        return Loc::Pt;
    }
    [Loc::En, Loc::De, Loc::Fr, Loc::It, Loc::Pt, Loc::Nl][draw as usize]
}

pub(super) fn first_names(l: Loc) -> &'static [&'static str] {
    &NAMES[l as usize].0
}

pub(super) fn last_names(l: Loc) -> &'static [&'static str] {
    &NAMES[l as usize].1
}

/// Per locale (in [`Loc`]'s order), the `fake` crate's given and family names that are names:
/// trimmed of stray commas (its nl_NL list holds `Floris,`, whose comma went into every
/// surrogate drawn from it), then letters, spaces, hyphens, apostrophes and dots only.
#[allow(clippy::type_complexity)]
static NAMES: LazyLock<[(Vec<&'static str>, Vec<&'static str>); 6]> = LazyLock::new(|| {
    fn clean(list: &'static [&'static str]) -> Vec<&'static str> {
        list.iter()
            .map(|n| n.trim_matches(|c: char| matches!(c, ',' | ';') || c.is_whitespace()))
            .filter(|n| {
                !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
            })
            .collect()
    }
    fn both<D: Data>() -> (Vec<&'static str>, Vec<&'static str>) {
        (clean(D::NAME_FIRST_NAME), clean(D::NAME_LAST_NAME))
    }
    [
        both::<EN>(),
        both::<DE_DE>(),
        both::<FR_FR>(),
        both::<IT_IT>(),
        both::<PT_BR>(),
        both::<NL_NL>(),
    ]
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn every_drawn_name_is_letters_only() {
        for loc in [Loc::En, Loc::De, Loc::Fr, Loc::It, Loc::Pt, Loc::Nl] {
            for n in first_names(loc).iter().chain(last_names(loc)) {
                assert!(!n.contains(','), "{n:?}");
            }
            assert!(first_names(loc).len() > 40 && last_names(loc).len() > 40);
        }
        assert!(
            first_names(Loc::Nl).contains(&"Floris"),
            "cleaned, not dropped"
        );
    }

    #[test]
    fn names_keep_style() {
        for n in many(Kind::PersonName, "DOE, JANE", 50) {
            assert!(n.contains(", ") && n == n.to_uppercase(), "{n}");
        }
    }
}
