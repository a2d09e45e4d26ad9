//! The cue phrases and word lists of the cue search, read once from `data/*.txt` (one entry per
//! line, `#` starts a comment line): cue phrases by kind, connectors and blockers of the window,
//! abbreviations, month names, currency and unit words, greetings, titles and words that are no
//! names. Order is kept as written (the cue groups are tried in order).

use super::CueKind::{self, *};
use std::collections::HashSet;
use std::sync::LazyLock;

word_lists! {
    /// Abbreviations whose final period does not end a sentence.
    ABBREVIATIONS = "abbreviations.txt";
    /// Month names in full (never followed by a period of their own).
    MONTHS = "months.txt";
    /// Abbreviated month names (a period may follow).
    MONTH_ABBREVIATIONS = "month_abbreviations.txt";
    CURRENCY_WORDS = "currency_words.txt";
    UNIT_WORDS = "unit_words.txt";
    /// Words before an account cue that make it an idiom: "take into account", "tener en cuenta".
    ACCOUNT_IDIOMS = "account_idioms.txt";
    /// Greetings that may stand anywhere.
    GREETINGS = "greetings.txt";
    /// Greetings that are also ordinary words ("die Liebe", "la cara"): only at the start of a
    /// text, line or sentence.
    GREETINGS_AT_START = "greetings_at_start.txt";
    /// Thanks: the word after them counts only when `is_given` knows it.
    THANKS = "thanks.txt";
    /// Titles, matched as written (a period where shown is required).
    TITLES = "titles.txt";
    /// Capitalised words after a greeting or title that are no names (folded).
    NOT_NAMES = "not_names.txt";
    /// Words after a number that say it is a phone's line ("-Fax", "(Handy)").
    PHONE_LABELS = "phone_labels.txt";
    /// The same for words of places and times of day, when they close the item ("home,").
    PHONE_LABELS_CLOSING = "phone_labels_closing.txt";
}

/// Words that may stand between a cue and its value ("is", "number", "no.", "ist", "le", …).
pub(super) static CONNECTORS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    // "#" cannot be written in the file (it starts a comment there).
    crate::text::list_entries(include_str!("data/connectors.txt"))
        .chain(["#"])
        .collect()
});

/// Words after which the number that follows is something else (an order, a page, a period of
/// validity): the window stops there.
pub(super) static BLOCKERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| crate::text::list_entries(include_str!("data/blockers.txt")).collect());

/// One group of cue phrases.
pub(super) struct CueDef {
    pub(super) kind: CueKind,
    /// Only connector words ("is", "number", "no.", "ist", "le", …) may stand between the cue and
    /// its value: for short or ambiguous cues (acronyms, "b.").
    pub(super) near: bool,
    /// Matched case-insensitively (acronyms are matched as written).
    pub(super) ci: bool,
    pub(super) phrases: Vec<&'static str>,
}

/// Cue phrases, in groups, from `data/cue_phrases.txt` (its header says how they are written).
pub(super) static CUE_DEFS: LazyLock<Vec<CueDef>> =
    LazyLock::new(|| cue_defs(include_str!("data/cue_phrases.txt")));

/// Reads `[Kind near exact]` group headers, each followed by its phrases.
fn cue_defs(text: &'static str) -> Vec<CueDef> {
    let mut defs: Vec<CueDef> = Vec::new();
    for line in crate::text::list_entries(text) {
        let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
            let def = defs
                .last_mut()
                .expect("cue_phrases.txt: a phrase before any [Kind]");
            def.phrases.push(line);
            continue;
        };
        let mut words = head.split_whitespace();
        let kind = match words.next() {
            Some("DateOfBirth") => DateOfBirth,
            Some("Passport") => Passport,
            Some("NationalId") => NationalId,
            Some("TaxId") => TaxId,
            Some("Phone") => Phone,
            Some("Account") => Account,
            Some("DriversLicense") => DriversLicense,
            Some("CustomerOrMember") => CustomerOrMember,
            Some("Postcode") => Postcode,
            other => panic!("cue_phrases.txt: unknown kind {other:?}"),
        };
        let (mut near, mut ci) = (false, true);
        for flag in words {
            match flag {
                "near" => near = true,
                "exact" => ci = false,
                other => panic!("cue_phrases.txt: unknown flag {other:?}"),
            }
        }
        defs.push(CueDef {
            kind,
            near,
            ci,
            phrases: Vec::new(),
        });
    }
    defs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        assert_eq!(CUE_DEFS.len(), 22);
        assert_eq!(CUE_DEFS.iter().map(|d| d.phrases.len()).sum::<usize>(), 484);
        assert!(CUE_DEFS.iter().all(|d| !d.phrases.is_empty()));
        let nato = &CUE_DEFS[3];
        assert_eq!((nato.kind, nato.near, nato.ci), (DateOfBirth, false, false));
        assert_eq!(nato.phrases, ["nato", "nata", "Nato", "Nata"]);
        assert!(CONNECTORS.contains("#") && CONNECTORS.contains("número"));
        assert_eq!(MONTHS.len(), 75);
        assert_eq!(NOT_NAMES.len(), 173);
    }
}
