//! Person names (`rules/person.toml`): full, first and last names from the `fake` crate's name
//! lists in a locale the original's letters suggest, in the original's case and order
//! (`Last, First` stays). The locale helpers serve the other generators that draw names
//! (email, username, street).

use super::{case_like, pick};
use fake::locales::{DE_DE, Data, EN, FR_FR, IT_IT, NL_NL, PT_BR};
use rand::{Rng, RngExt};

pub(super) fn person_name<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = pick(rng, first_names(loc));
    let last = pick(rng, last_names(loc));
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
    match l {
        Loc::En => <EN as Data>::NAME_FIRST_NAME,
        Loc::De => <DE_DE as Data>::NAME_FIRST_NAME,
        Loc::Fr => <FR_FR as Data>::NAME_FIRST_NAME,
        Loc::It => <IT_IT as Data>::NAME_FIRST_NAME,
        Loc::Pt => <PT_BR as Data>::NAME_FIRST_NAME,
        Loc::Nl => <NL_NL as Data>::NAME_FIRST_NAME,
    }
}

pub(super) fn last_names(l: Loc) -> &'static [&'static str] {
    match l {
        Loc::En => <EN as Data>::NAME_LAST_NAME,
        Loc::De => <DE_DE as Data>::NAME_LAST_NAME,
        Loc::Fr => <FR_FR as Data>::NAME_LAST_NAME,
        Loc::It => <IT_IT as Data>::NAME_LAST_NAME,
        Loc::Pt => <PT_BR as Data>::NAME_LAST_NAME,
        Loc::Nl => <NL_NL as Data>::NAME_LAST_NAME,
    }
}

#[cfg(test)]
mod tests {
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn names_keep_style() {
        for n in many(Kind::PersonName, "DOE, JANE", 50) {
            assert!(n.contains(", ") && n == n.to_uppercase(), "{n}");
        }
    }
}
