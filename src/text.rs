//! Small text helpers shared by detection, transform and verification: case and accent folding,
//! value normalisation per kind, and tokenisation of longer text for the leak search.
//!
//! Pure functions on `&str`; nothing here allocates per character in a loop it can avoid, and
//! nothing here logs.

use crate::kind::Kind;
use std::borrow::Cow;

/// Folds one character to lowercase ASCII where a well-known Latin accent mapping exists.
/// Returns `None` when the character has no folding (the caller keeps its lowercase form).
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// Lowercases and folds accents: `Müller` → `muller`, `Straße` → `strasse`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            match fold_char(l) {
                Some(f) => out.push_str(f),
                None => out.push(l),
            }
        }
    }
    out
}

/// Lowercases, trims and collapses runs of whitespace to one space; borrows when nothing changes.
pub fn norm_text(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    if t.is_ascii() {
        // Fast path (most cells): one pass over bytes decides whether anything must change.
        let b = t.as_bytes();
        let mut prev_space = false;
        let mut clean = true;
        for &c in b {
            if c.is_ascii_uppercase() || (c.is_ascii_whitespace() && (c != b' ' || prev_space)) {
                clean = false;
                break;
            }
            prev_space = c == b' ';
        }
        if clean {
            return Cow::Borrowed(t);
        }
        let mut out = Vec::with_capacity(t.len());
        let mut space = false;
        for &c in b {
            if c.is_ascii_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(b' ');
            }
            space = false;
            out.push(c.to_ascii_lowercase());
        }
        return Cow::Owned(String::from_utf8(out).expect("ASCII bytes"));
    }
    let clean = !t
        .chars()
        .any(|c| c.is_uppercase() || (c.is_whitespace() && c != ' '))
        && !t.contains("  ");
    if clean {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    Cow::Owned(out)
}

/// Calls `f(start, end, digits)` for each maximal run of ASCII digits in `cell` joined by at
/// most two separators (from `seps`) in a row, with at least `min` digits: `start..end` are the
/// byte offsets of its first and last digit, `digits` the digits alone
/// (`call +1 (415) 692-3400` → `1 (415) 692-3400`, `14156923400`). Runs are gathered in a stack
/// buffer; one of more than 40 digits is no identifier and is skipped. Allocation-free: the
/// leak search calls it on every output cell, up to three times (once per separator class).
pub fn digit_runs(cell: &str, seps: &[u8], min: usize, mut f: impl FnMut(usize, usize, &[u8])) {
    let b = cell.as_bytes();
    let mut buf = [0u8; 40];
    let mut len = 0usize;
    let mut overflow = false;
    let mut gap = 0;
    let (mut start, mut end) = (0, 0);
    let mut i = 0;
    // At `b.len()`, a NUL flushes the last run like any other non-separator.
    while i <= b.len() {
        if len == 0 {
            // Between runs, only a digit changes anything: the letters of a note are skipped
            // 16 bytes at a time (a test of 16 bytes at once), then byte by byte.
            while i + 16 <= b.len()
                && !b[i..i + 16]
                    .iter()
                    .fold(false, |a, c| a | c.is_ascii_digit())
            {
                i += 16;
            }
            while i < b.len() && !b[i].is_ascii_digit() {
                i += 1;
            }
            if i == b.len() {
                return;
            }
        }
        let c = b.get(i).copied().unwrap_or(0);
        if c.is_ascii_digit() {
            if len == 0 {
                start = i;
            }
            if len < buf.len() {
                buf[len] = c;
                len += 1;
            } else {
                overflow = true;
            }
            end = i + 1;
            gap = 0;
        } else if len > 0 && seps.contains(&c) && gap < 2 {
            gap += 1;
        } else {
            if len >= min && !overflow {
                f(start, end, &buf[..len]);
            }
            len = 0;
            overflow = false;
            gap = 0;
        }
        i += 1;
    }
}

/// The digits of `s`, in order.
pub fn digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(32));
    out.extend(s.bytes().filter_map(digit_byte).map(char::from));
    out
}

/// What [`digits`] keeps of a byte.
fn digit_byte(b: u8) -> Option<u8> {
    b.is_ascii_digit().then_some(b)
}

/// What [`compact`] makes of a byte of an ASCII text: an ASCII character is alphanumeric and
/// lower-cases as ASCII, so this is the same as the character-wise rule.
fn compact_byte(b: u8) -> Option<u8> {
    b.is_ascii_alphanumeric().then(|| b.to_ascii_lowercase())
}

/// Normalises a value of `kind` for comparison: digits-only for numeric identifiers, compact
/// lowercase alphanumerics for IBANs, trimmed lowercase with single spaces otherwise.
/// Two cells that normalise to the same string are the same value (and get the same surrogate).
pub fn normalize(kind: Kind, s: &str) -> String {
    match kind {
        k if k.is_numeric_identifier() => digits(s),
        k if k.is_compact() => compact(s),
        _ => norm_text(s).into_owned(),
    }
}

/// The bit of a text of `len` bytes in a set of lengths kept as a `u64` (63 bytes and more
/// share the last): an index keeps, per prefix or first word, the lengths of its texts that
/// start so, and probes a text only at those lengths.
pub fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// A 64-bit hash of a normalized value, for indexes that need not keep the value itself.
pub fn hash64(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6d61_7371).hash_one(bytes)
}

/// [`hash64`] of [`normalize`]`(kind, s)`, without allocating for the common text case.
pub fn normalized_hash(kind: Kind, s: &str) -> u64 {
    match kind {
        k if k.is_numeric_identifier() => {
            on_stack(s, digit_byte).unwrap_or_else(|| hash64(digits(s).as_bytes()))
        }
        k if k.is_compact() => s
            .is_ascii()
            .then(|| on_stack(s, compact_byte))
            .flatten()
            .unwrap_or_else(|| hash64(compact(s).as_bytes())),
        _ => hash64(norm_text(s).as_bytes()),
    }
}

/// [`hash64`] of the bytes `keep` makes of `s`'s bytes (`None`: dropped), gathered on the
/// stack; `None` where they do not fit (the caller builds them on the heap).
fn on_stack(s: &str, keep: impl Fn(u8) -> Option<u8>) -> Option<u64> {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for &b in s.as_bytes() {
        if let Some(k) = keep(b) {
            *buf.get_mut(n)? = k;
            n += 1;
        }
    }
    Some(hash64(&buf[..n]))
}

/// Lowercase alphanumerics only: `DE89 3704 0044` → `de8937040044`.
pub fn compact(s: &str) -> String {
    if s.is_ascii() {
        return s.bytes().filter_map(compact_byte).map(char::from).collect();
    }
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Where `word` stands in `text` as a whole word, as written (case and all): byte offsets of
/// its occurrences not glued to a letter, digit, `_` or `@` on either side (`Anna` in
/// `Anna's`, `(Anna)` and `Anna-Lena`, not in `Annabel` or `anna@…`). Empty for an empty
/// `word`.
pub fn whole_words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '@');
    text.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            !word.is_empty()
                && !glued(text[..at].chars().next_back())
                && !glued(text[at + word.len()..].chars().next())
        })
}

/// Characters that may surround a value inside prose without being part of it.
pub fn is_wrapping_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '"'
            | '\''
            | '!'
            | '?'
            | '.'
            | '«'
            | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
    )
}

/// The entries of a word-list data file: one per line, trimmed; blank lines and `#` comment
/// lines skipped.
pub fn list_entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A word list read from a data file: its entries in file order (surrogates pick by index) and
/// a hash set of them, so `contains` costs one lookup however long the list (the prose
/// heuristics ask several lists about every word of every text).
pub struct WordList {
    entries: Vec<&'static str>,
    set: foldhash::HashSet<&'static str>,
    /// Bytes of the longest entry.
    longest: usize,
}

impl WordList {
    /// The entries of a data file, as [`list_entries`] reads them.
    pub fn parse(text: &'static str) -> WordList {
        WordList::from_entries(list_entries(text).collect())
    }

    /// A list of the given entries (several lists' entries as one, say).
    pub fn from_entries(entries: Vec<&'static str>) -> WordList {
        let set = entries.iter().copied().collect();
        let longest = entries.iter().map(|e| e.len()).max().unwrap_or(0);
        WordList {
            entries,
            set,
            longest,
        }
    }

    /// One list of the entries of `lists`, in their order (one lookup asks them all).
    pub fn union(lists: &[&WordList]) -> WordList {
        WordList::from_entries(lists.iter().flat_map(|l| l.iter().copied()).collect())
    }

    /// Whether `w` is an entry (exactly, as the slice's `contains` would say).
    pub fn contains(&self, w: &&str) -> bool {
        self.set.contains(*w)
    }

    /// Whether `w` lower-cased (as [`str::to_lowercase`] does it) is an entry. An ASCII word
    /// is lower-cased on the stack, and one longer than every entry is none: the heuristics
    /// ask about every word of every text, most of them ASCII.
    pub fn contains_lower(&self, w: &str) -> bool {
        const STACK: usize = 32;
        if !w.is_ascii() {
            return self.set.contains(w.to_lowercase().as_str());
        }
        if w.len() > self.longest {
            return false;
        }
        if w.len() > STACK {
            return self.set.contains(w.to_ascii_lowercase().as_str());
        }
        let mut buf = [0u8; STACK];
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(|l| self.set.contains(l))
    }
}

impl std::ops::Deref for WordList {
    type Target = [&'static str];
    fn deref(&self) -> &[&'static str] {
        &self.entries
    }
}

/// `s` safe to print on a terminal: control characters (escape sequences, carriage returns,
/// bells) and bidirectional overrides become visible `\u{..}` escapes, so a column name or
/// path cannot move the cursor, recolour the screen or reorder what is shown. Line breaks and
/// tabs stay.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A name from the data (a column header) for a one-line message: [`printable`], and line
/// breaks and tabs escaped too, so that the message stays on one line (found by fuzzing: a
/// header with newlines made a multi-line "duplicate column name" error).
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    match printable(s) {
        std::borrow::Cow::Borrowed(b) if !b.contains(['\n', '\t']) => std::borrow::Cow::Borrowed(b),
        c => std::borrow::Cow::Owned(c.replace('\n', "\\n").replace('\t', "\\t")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_stop_at_letters_digits_and_address_marks() {
        let at = |t: &str, w: &str| whole_words(t, w).collect::<Vec<_>>();
        assert_eq!(
            at("Anna called. Ask Anna's (Anna) mother", "Anna"),
            [0, 17, 25]
        );
        assert_eq!(at("Anna-Lena and Annabel", "Anna"), [0]);
        assert_eq!(
            at("anna@mail.example, xAnna, Anna2, _Anna", "Anna"),
            Vec::<usize>::new()
        );
        assert_eq!(at("Mit Jürgen über Jürgens Auto", "Jürgen"), [4]);
        assert_eq!(at("ANNA and anna", "Anna"), Vec::<usize>::new());
        assert_eq!(at("van de Leemput, Nout", "van de Leemput"), [0]);
        assert_eq!(at("Anna", ""), Vec::<usize>::new());
    }

    #[test]
    fn a_word_list_asked_about_a_word_lower_cased_answers_as_with_the_word_lower_cased() {
        let list = WordList::parse(
            "dr.\nstraße\nσας\ni\u{307}stanbul\nvan der\nabcdefghijklmnopqrstuvwxyzabcdefghijklmnop\n",
        );
        let words = [
            "Dr.",
            "DR.",
            "dr.",
            "Dr",
            "STRASSE",
            "Straße",
            "STRAßE",
            "ΣΑΣ",
            "σας",
            "İstanbul",
            "ISTANBUL",
            "Van Der",
            "van der",
            "",
            "x",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOP",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQ",
        ];
        let mut yes = 0;
        for w in words {
            let want = list.contains(&w.to_lowercase().as_str());
            assert_eq!(list.contains_lower(w), want, "{w:?}");
            yes += usize::from(want);
        }
        // Both answers are asked for: entries reached only through lower-casing (beyond
        // ASCII too, and longer than the stack), and words that are none.
        assert_eq!(yes, 11);
    }

    #[test]
    fn a_word_list_keeps_the_file_order_and_answers_as_a_search_of_it_would() {
        let list = WordList::parse("# titles\nmr\n\n  dr.  \nfrau\nmr\n");
        assert_eq!(
            &list[..],
            ["mr", "dr.", "frau", "mr"],
            "order, trimmed, comments gone"
        );
        for w in ["mr", "dr.", "frau", "Mr", "dr", "", "# titles", "fra"] {
            assert_eq!(list.contains(&w), list[..].contains(&w), "{w:?}");
        }
    }

    #[test]
    fn one_line_names_escape_line_breaks_and_controls() {
        assert_eq!(one_line("email"), "email");
        assert_eq!(one_line("a\nb\tc\u{1b}[2J"), "a\\nb\\tc\\u{1b}[2J");
    }

    /// The byte-by-byte scan `digit_runs` skips ahead of: the same runs on any text.
    fn digit_runs_byte_by_byte(
        cell: &str,
        seps: &[u8],
        min: usize,
    ) -> Vec<(usize, usize, Vec<u8>)> {
        let mut out = Vec::new();
        let (mut buf, mut overflow, mut gap, mut start, mut end) = (Vec::new(), false, 0, 0, 0);
        for (i, &c) in cell
            .as_bytes()
            .iter()
            .chain(std::iter::once(&0u8))
            .enumerate()
        {
            if c.is_ascii_digit() {
                if buf.is_empty() {
                    start = i;
                }
                if buf.len() < 40 {
                    buf.push(c);
                } else {
                    overflow = true;
                }
                end = i + 1;
                gap = 0;
            } else if !buf.is_empty() && seps.contains(&c) && gap < 2 {
                gap += 1;
            } else {
                if buf.len() >= min && !overflow {
                    out.push((start, end, buf.clone()));
                }
                buf.clear();
                overflow = false;
                gap = 0;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn digit_runs_skip_nothing_a_byte_by_byte_scan_finds(
            cell in "([a-zé ]{0,40}|[0-9]{1,12}|[ .()/+-]{1,3}){0,12}",
            min in 1usize..9,
        ) {
            for seps in [&b" -.()/+"[..], b" -", b" -./"] {
                let mut got = Vec::new();
                digit_runs(&cell, seps, min, |s, e, d| got.push((s, e, d.to_vec())));
                proptest::prop_assert_eq!(got, digit_runs_byte_by_byte(&cell, seps, min));
            }
        }
    }

    #[test]
    fn digit_runs_give_offsets_and_digits_and_skip_short_or_overlong_runs() {
        fn runs(cell: &str) -> Vec<(&str, String)> {
            let mut out = Vec::new();
            digit_runs(cell, b" -.()/+", 7, |s, e, d| {
                out.push((&cell[s..e], String::from_utf8(d.to_vec()).unwrap()))
            });
            out
        }
        assert_eq!(
            runs("call +1 (415) 692-3400 or 12345"),
            [("1 (415) 692-3400", "14156923400".to_string())]
        );
        assert_eq!(
            runs("Grüße 030 1234567!"),
            [("030 1234567", "0301234567".into())]
        );
        assert_eq!(
            runs("a 1---2345678"),
            [("2345678", "2345678".into())],
            "three separators end a run"
        );
        assert!(
            runs(&"9".repeat(41)).is_empty(),
            "over 40 digits is no identifier"
        );
        // Runs after long stretches without a digit (skipped 16 bytes at a time), at the very
        // end, and one ending on the last byte.
        let long = format!(
            "{}ring 030 1234567 at {} or +44 20 7946 0958",
            "x".repeat(37),
            "é".repeat(20)
        );
        assert_eq!(
            runs(&long),
            [
                ("030 1234567", "0301234567".to_string()),
                ("44 20 7946 0958", "442079460958".to_string())
            ]
        );
        assert_eq!(
            runs(&format!("{}1234567", "y".repeat(32))),
            [("1234567", "1234567".to_string())]
        );
        assert!(runs(&"z".repeat(48)).is_empty());
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("JOSÉ"), "jose");
        assert_eq!(fold("Zoë"), "zoe");
    }

    #[test]
    fn normalizes_per_kind() {
        assert_eq!(normalize(Kind::Phone, "+1 (415) 692-3400"), "14156923400");
        assert_eq!(
            normalize(Kind::Iban, "DE89 3704 0044 0532 0130 00"),
            "de89370400440532013000"
        );
        assert_eq!(
            normalize(Kind::Email, "  Jane.Doe@Example.COM "),
            "jane.doe@example.com"
        );
        assert_eq!(
            normalize(Kind::PersonName, "Jane   van  Doe"),
            "jane van doe"
        );
    }

    /// Indexes hash values without building their normal form where it fits on the stack: the
    /// hash must be that of the normal form, for short, long and non-ASCII values alike.
    #[test]
    fn a_normalized_hash_is_the_hash_of_the_normal_form() {
        let long_digits = "4".repeat(70) + "-1";
        let long_iban = "DE89 ".repeat(20);
        let values = [
            "+1 (415) 692-3400",
            "",
            "abc",
            "٣٤٥ 123",
            long_digits.as_str(),
            "DE89 3704 0044 0532 0130 00",
            "ÄT61 1904 3002 3457 3201",
            long_iban.as_str(),
            "  Jane.Doe@Example.COM ",
            "Straße 12",
        ];
        for kind in [Kind::Phone, Kind::Iban, Kind::Email, Kind::PersonName] {
            for v in values {
                assert_eq!(
                    normalized_hash(kind, v),
                    hash64(normalize(kind, v).as_bytes()),
                    "{kind:?} {v:?}"
                );
            }
        }
        assert_eq!(compact("ÄT61 x-Y"), "ät61xy");
        assert_eq!(compact("AT61 x-Y"), "at61xy");
    }
}
