//! The word lists of the prose heuristics (place, relation, dedication and closing words,
//! titles, particles, words that are no names), read once from `data/*.txt` (one entry per line,
//! `#` starts a comment line), and the word helpers the heuristics share.

word_lists! {
    /// Words after which a capitalised place name is where someone lives, comes from or goes.
    PLACE_WORDS = "place_words.txt";
    /// Place words after which a capitalised word is a place rather than a person ("in
    /// Charlotte", "aus Kai"); not the words of both ("to", "à", "a", "naar").
    STRONG_PLACE_WORDS = "strong_place_words.txt";
    /// Words after which two capitalised words are a person's name ("her husband Liberto
    /// Capecchi", "Kunde Hans-Michael Weimer").
    RELATION_WORDS = "relation_words.txt";
    /// Words that dedicate a line to someone ("Per Dario Ungaretti: chiamami").
    DEDICATION_WORDS = "dedication_words.txt";
    /// Closing words after which the last word of a text is whoever signs it.
    CLOSINGS = "closings.txt";
    /// Capitalised words that end a text without being a name.
    NOT_SIGNATURES = "not_signatures.txt";
    /// Given names that are also everyday words: never taken as a name at a sentence start,
    /// unless a verb of saying follows.
    AMBIGUOUS_GIVEN = "ambiguous_given.txt";
    /// Verbs of asking and saying after which a capitalised word opening a sentence is someone.
    SPEECH_VERBS = "speech_verbs.txt";
    /// Pronouns, articles and other words that open sentences in the seven languages.
    FUNCTION_WORDS = "function_words.txt";
    /// Titles before a family name, lower case.
    TITLES = "titles.txt";
    /// Capitalized words that follow a given name without being a family name.
    STOP = "stop.txt";
    /// Name particles between a given and a family name.
    PARTICLES = "particles.txt";
    /// Phrases after which capitalised words are where someone lives or comes from.
    RESIDENCE_CUES = "residence_cues.txt";
    /// Words that open town names of two words or more ("San Antonio", "North Darijostad").
    TOWN_OPENERS = "town_openers.txt";
    /// Countries, one word each ("Denmark", "Deutschland"): no family name after a town and
    /// one letter ("København K Denmark").
    COUNTRIES = "countries.txt";
    /// Countries and regions of more words, or whose names are other words too (a place after a
    /// residence phrase is not a town when it is one of them).
    PLACE_COUNTRIES = "place_countries.txt";
    /// Languages and nationalities ("German", "français"): never a name the run learned.
    NATIONALITIES = "nationalities.txt";
    /// Capitalised words a name may follow on its own ("Dear", "Hallo", "Thanks").
    BEFORE_NAMES = "before_names.txt";
    /// Articles and possessives: a capitalised word after one is a thing ("ihrem Mann").
    DETERMINERS = "determiners.txt";
    /// Phrases that introduce someone by name ("my name is", "je m'appelle").
    NAME_INTROS = "name_intros.txt";
    /// Phrases after which a name often stands, and other words too ("I'm", "named").
    NAME_INTROS_WEAK = "name_intros_weak.txt";
    /// Labels a name follows on its line ("Name:", "Nom :").
    NAME_LABELS = "name_labels.txt";
    /// Labels a name or another value follows ("Customer:", "From:").
    NAME_LABELS_WEAK = "name_labels_weak.txt";
    /// Verbs of saying after a quotation, before whoever said it (`…," says Lundin.`).
    QUOTE_VERBS = "quote_verbs.txt";
    /// Labels an address follows after a colon ("Address:", "Ship to:", "Anschrift:").
    ADDRESS_LABELS = "address_labels.txt";
    /// Phrases an address follows without a colon ("lives at", "address is", "woont aan").
    ADDRESS_CUES = "address_cues.txt";
    /// Phrases two streets follow, joined by "and" ("at the corner of", "Ecke").
    CORNER_CUES = "corner_cues.txt";
    /// Words that make a line an organisation's name ("Ltd", "GmbH", "Department").
    ORG_WORDS = "org_words.txt";
}

/// The text split at single spaces, each piece with its byte offset (pieces may be empty or
/// carry punctuation; callers trim what they need).
pub(super) fn space_words(text: &str) -> Vec<(usize, &str)> {
    text.split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect()
}

/// A word written as a proper name is: a capital first, then letters, with hyphens and
/// apostrophes between (`Anne-Marie`, `O'Neill`, `L'Aquila`), every part after an apostrophe
/// capitalised too (not `I'm`, `What's`, `C'mon`), and `letters` letters at least.
pub(super) fn proper_word(w: &str, letters: usize) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .nth(letters - 1)
            .is_some()
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && w.split(['\'', '’'])
            .skip(1)
            .all(|part| part.chars().next().is_some_and(char::is_uppercase))
}

/// A word with a capital first letter and some lower-case letter after it ("Anna", not "USA").
pub(super) fn capitalized(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
}

/// The words of a text with their byte offsets, split at every space and line break (the scan
/// has turned escaped ones, `\\n`, into real ones: [`super::unescape_breaks`]). A line break
/// is an empty word, so that no name runs across it and the word after it opens a line.
pub(super) fn line_words(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 6);
    let mut start = None;
    let mut i = 0;
    while i < b.len() {
        // Some(true): a line break; Some(false): a space; with the bytes it takes.
        let (brk, len) = match b[i] {
            b'\n' | b'\r' => (Some(true), 1),
            b' ' | b'\t' | 0x0b | 0x0c => (Some(false), 1),
            // The lead bytes of the other spaces (no-break, thin, ideographic, line and
            // paragraph separators): only those are decoded.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let c = text[i..]
                    .chars()
                    .next()
                    .expect("a lead byte starts a character");
                let line = matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}');
                (c.is_whitespace().then_some(line), c.len_utf8())
            }
            _ => (None, 1),
        };
        match brk {
            Some(line) => {
                if let Some(s) = start.take() {
                    out.push((s, &text[s..i]));
                }
                if line {
                    out.push((i, ""));
                }
            }
            None if start.is_none() => start = Some(i),
            None => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}
