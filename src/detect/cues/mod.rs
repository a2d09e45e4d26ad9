//! Context cues in prose: weak values that only the words before them make personal.
//!
//! [`cue_spans`] finds a value introduced by a cue word ("born", "Geburtsdatum", "passeport",
//! "DNI", "Handy", "Kontonummer", "klantnummer", "CAP", …, in English, German, French, Spanish,
//! Italian, Dutch and Portuguese) within a short window after the cue (at most six words and
//! 40 bytes, stopping at the end of the sentence, at a newline once a word was skipped, and at
//! words that introduce other numbers: order, invoice, room, page, version, since, valid, …).
//! Each kind accepts only its own shape: a date after a birth cue, an alphanumeric code with a
//! digit after a passport cue, 6–15 digits after a phone cue, and so on. Short or ambiguous cues
//! (acronyms such as "CC" or "CAP", and everyday words such as "card", "cell", "mobile",
//! "cuenta") only count when nothing but connectors ("is", "number", "no.", "ist", "le", …)
//! stands between them and the value. A question that ends with its cue is answered by a number
//! right after it ("What's your credit card? 5020 9761 5392"). The one look-back: a bare
//! "geboren" (German and Dutch put the verb last) takes the date just before it; and a phone is
//! also told by the word after it that names its line ("5123704979-Fax", "0171 2345678
//! (Handy)"). It never returns the cue word itself, a value without a cue, a plain small number,
//! a date where an identifier is expected, an amount next to a currency or a quantity next to a
//! unit. [`greeting_names`] finds a given name alone after a
//! greeting ("Dear Karl,", "Hallo Jürgen", "Olá João") or the capitalised word after a title
//! ("Frau Müller", "Sig.ra Rossi", "de heer Jansen"). Spans are byte ranges of the value only.
//! Both functions are pure: they find, never replace, and never log or print the text they read.

//!
//! Layout: `words` (the cue phrases and word lists, read from `data/*.txt`), `matcher` (cue words
//! in the text), `dates` and `values` (the shape each kind of value must have), `window` (the
//! words after a cue: [`cue_spans`]), `greetings` (names after greetings and titles).

mod dates;
mod greetings;
mod matcher;
mod values;
mod window;
mod words;

pub use greetings::greeting_names;
pub use window::cue_spans;

/// What a cue word says the value after it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    DateOfBirth,
    Passport,
    NationalId,
    TaxId,
    Phone,
    Account,
    DriversLicense,
    CustomerOrMember,
    Postcode,
}

/// `text[start..end]` (bytes) is a value of `kind`, introduced by a cue word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueSpan {
    pub start: usize,
    pub end: usize,
    pub kind: CueKind,
}

pub(super) fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

pub(super) fn next_char(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// Neither end of `text[s..e]` is glued to a letter or digit (where that end is one itself).
pub(super) fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let m = &text[s..e];
    let first_alnum = m.chars().next().is_some_and(char::is_alphanumeric);
    let last_alnum = m.chars().next_back().is_some_and(char::is_alphanumeric);
    let glued_before = first_alnum && prev_char(text, s).is_some_and(char::is_alphanumeric);
    let glued_after = last_alnum && next_char(text, e).is_some_and(char::is_alphanumeric);
    !glued_before && !glued_after
}

/// The first word (letters only, lower case) at `text[i..]` after optional spaces.
pub(super) fn word_after(text: &str, i: usize) -> (String, Option<char>) {
    let rest = text[i..].trim_start_matches([' ', '\u{a0}']);
    let first = rest.chars().next();
    let w: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    (w, first)
}

/// Helpers for the tests of the submodules.
#[cfg(test)]
mod testutil {
    use super::*;

    /// (value, kind) pairs found in `text`.
    pub(super) fn cues(text: &str) -> Vec<(&str, CueKind)> {
        cue_spans(text)
            .iter()
            .map(|s| (&text[s.start..s.end], s.kind))
            .collect()
    }

    pub(super) fn one(text: &str, value: &str, kind: CueKind) {
        assert_eq!(cues(text), vec![(value, kind)], "in {text:?}");
    }

    pub(super) fn none(text: &str) {
        assert_eq!(cues(text), vec![], "in {text:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_text_never_panics_and_spans_are_well_formed() {
        let pieces = [
            "Tel.", "geb.", "né le", "DNI", "passport", "Konto", "IBAN", " ", " ", ", ", ". ", ":",
            "\n", "(", ")", "+", "-", "/", "12", "0171", "2345678", "1984", "März", "é", "ß", "€",
            "Dear", "Hallo", "Anna", "Herr", "M.", "Müller", "n°", "CC", "zip", "99", "AB", "'",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 12 + 1) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let spans = cue_spans(&text);
            for w in spans.windows(2) {
                assert!(w[0].end <= w[1].start, "{text:?}");
            }
            for sp in &spans {
                assert!(sp.start < sp.end && text.is_char_boundary(sp.start));
                assert!(text.is_char_boundary(sp.end), "{text:?}");
            }
            let names = greeting_names(&text, &|w| w == "anna");
            for w in names.windows(2) {
                assert!(w[0].1 <= w[1].0, "{text:?}");
            }
            for &(s, e) in &names {
                assert!(s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }
}
