//! Full postal addresses: street + house number + postcode + city (optionally a unit and a
//! country), written on one line (comma or space separated) or on several lines, in the layouts
//! of the United States, the United Kingdom, Germany, France, Spain, Italy, the Netherlands,
//! Portugal and Brazil. [`parse_address`] says whether a whole cell is such an address and in
//! which layout; [`find_addresses`] and [`find_street_addresses`] find full and street-only
//! addresses inside prose ([`find_all_addresses`] both in one pass); [`fake_address`] builds a
//! keyed surrogate of the same layout (same separators, same parts in the same order) with a
//! real city of that country, a postcode in that country's format and a street name of that
//! language.
//!
//! What it must not do: fire on ordinary text with numbers (order numbers, prices, dates,
//! product names, a city alone, a street without a postcode or city in a cell); every match needs
//! a street-type word or suffix, and a full address needs a postcode or a capitalised city after
//! a comma. Nothing here logs, prints or keeps values: there is no state beyond regexes compiled
//! once, and surrogates depend only on the input and the caller's RNG.
//!
//! Layout: `words` (the word lists, read from `data/*.txt`), `blocks` (the regex building
//! blocks), `cell` (whole cells), `prose` (addresses inside text), `surrogate` (fakes).

mod blocks;
mod cell;
mod prose;
mod surrogate;
mod words;

pub use cell::parse_address;
pub use prose::{find_addresses, find_all_addresses, find_street_addresses};
pub use surrogate::fake_address;

/// Compiles the patterns of whole-cell and prose addresses now (they take a few hundred
/// milliseconds of one core, on their first use otherwise): see [`crate::detect::warm_up`].
pub fn warm_up() {
    cell::warm_up();
    prose::warm_up();
}

/// Locale/layout of an address, as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressLocale {
    EnUs,
    EnGb,
    De,
    Fr,
    Es,
    It,
    Nl,
    Pt,
    PtBr,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    #[test]
    fn odd_inputs_never_panic() {
        let pieces = [
            "12", " ", ", ", "\n", "Straße", "rue", "Calle", "C/", "Ñandú", "é", "1012 AB",
            "SW1A 2AA", "75002", "-", "/", "São", "º", "Apt", "🙂", "Main", "St", "\r\n", "(", ")",
            "'s-", "Via",
        ];
        let mut r = rng(9);
        for _ in 0..3000 {
            let n = r.random_range(0..12);
            let s: String = (0..n)
                .map(|_| pieces[r.random_range(0..pieces.len())])
                .collect();
            let _ = parse_address(&s);
            let (full, streets) = find_all_addresses(&s);
            assert_eq!(full, find_addresses(&s));
            assert_eq!(streets, find_street_addresses(&s));
            for spans in [full, streets] {
                assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "{s:?}");
                assert!(
                    spans
                        .iter()
                        .all(|&(a, b)| a < b && s.is_char_boundary(a) && s.is_char_boundary(b))
                );
            }
            assert_ne!(fake_address(&s, &mut r), s);
        }
    }
}
