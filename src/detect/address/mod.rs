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
pub use surrogate::{fake_address, fake_address_parsed, fake_address_parsed_with};

/// Compiles the patterns of whole-cell and prose addresses now (they take a few hundred
/// milliseconds of one core, on their first use otherwise): see [`crate::detect::warm_up`].
pub fn warm_up() {
    cell::warm_up();
    prose::warm_up();
}

/// Whether a word is an English street type or a German street word standing alone
/// (`Road`, `Drive`, `Straße`), any case: after a given name it makes a street
/// ("Charlotte Road"), not a family name.
pub fn is_street_word(word: &str) -> bool {
    words::is_in(&words::EN_TYPES, word) || words::is_in(&words::DE_SUFFIXES, word)
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

    /// The cell read once for a surrogate answers as the two reads it replaces, and the
    /// surrogate is the same.
    fn one_read_as_two(s: &str) {
        let (parts, locale) = cell::parse_both(s);
        let alone = cell::parse_parts(s);
        assert_eq!(
            parts.as_ref().map(|p| (p.locale, p.parts.clone())),
            alone.as_ref().map(|p| (p.locale, p.parts.clone())),
            "{s:?}"
        );
        assert_eq!(locale, parse_address(s), "{s:?}");
        let (fake, whole) = fake_address_parsed(s, &mut rng(3));
        assert_eq!(fake, fake_address(s, &mut rng(3)), "{s:?}");
        assert_eq!(whole, locale.is_some());
    }

    #[test]
    fn a_surrogate_reads_the_cell_once_and_answers_as_the_two_reads() {
        let cells = [
            "123 Main St, Springfield, IL 62704",
            "123 main st, springfield, il 62704",
            "10 Downing Street, London SW1A 2AA",
            "Hauptstraße 12, 10115 Berlin",
            "Hauptstraße 12, Berlin",
            "hauptstr. 5, 10115 berlin",
            "12 rue de la Paix, 75002 Paris",
            "Calle Mayor 5, 3º B, 28013 Madrid",
            "Via Roma 10, 00184 Roma RM",
            "Kalverstraat 12, 1012 NX Amsterdam",
            "Rua Augusta 120, 1100-053 Lisboa",
            "Avenida Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
            "Hauptstraße 12\n10115 Berlin",
            "789 W 34th St., Suite 200, New York, NY 10001, USA",
            "  42 Baker Street, London  ",
            "Bitte an Hauptstraße 12, 10115 Berlin senden.",
            "lives at 42 Baker Street",
            "Order 4711, Hamburg",
            "12.50 EUR",
            "",
        ];
        let mut whole = 0;
        for c in cells {
            one_read_as_two(c);
            whole += usize::from(parse_address(c).is_some());
        }
        // Both answers are compared: cells that are addresses and cells that are not.
        assert!((5..cells.len() - 3).contains(&whole), "{whole}");
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
            one_read_as_two(&s);
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
