//! What a text must hold for a rule's pattern to match anywhere in it, read off the pattern once:
//! how many digits every match holds at least, and which ASCII characters every match contains
//! (`@` for an email, `-` for a US SSN). A text with fewer digits, or without one of those
//! characters, is not searched with that rule: most prose has no digits at all, and a sentence
//! with one phone number cannot hold a 13-digit card. The condition is necessary, never
//! sufficient, so skipping a search never changes what is found.
//!
//! The same reading tells which characters a match may hold at all ([`Reach`]): a card number
//! holds digits, spaces and dashes, never a lower-case letter. Such a pattern's matches lie
//! inside the stretches of those characters around the text's digits, and only they are
//! searched; in a note of 450 bytes with one phone number, that is a few dozen bytes.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A necessary condition for a pattern to match somewhere in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Needs {
    /// Every match holds at least this many characters of digit-only classes.
    digits: usize,
    /// Bit `b`: every match contains the ASCII byte `b`.
    bytes: u128,
}

/// What [`Needs`] is tested against: counted once per text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    /// Numeric characters (a superset of what any digit class matches).
    digits: usize,
    /// Bit `b`: the ASCII byte `b` occurs.
    bytes: u128,
    /// Whether some numeric character is not an ASCII digit (`٣`): a digit class may match
    /// it, and [`Reach::stretches`] only starts from ASCII digits.
    other_digits: bool,
}

/// The characters a pattern's matches may hold, read off the pattern: every match is a
/// stretch of them, at least `min_len` bytes long. Known only for patterns that never match
/// an empty string.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Reach {
    /// Byte `b` may be part of a match (a byte above ASCII if any character outside ASCII
    /// may).
    allowed: [bool; 256],
    /// The fewest bytes of a match.
    min_len: usize,
    /// Whether every ASCII digit is allowed: a run of digits is then walked at once.
    all_digits: bool,
}

impl std::fmt::Debug for Reach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ascii: String = (0u8..128)
            .filter(|&b| self.allowed[usize::from(b)])
            .map(char::from)
            .collect();
        f.debug_struct("Reach")
            .field("ascii", &ascii)
            .field("non_ascii", &self.allowed[128])
            .field("min_len", &self.min_len)
            .finish()
    }
}

/// The fewest bytes of a match of a [`Reach::narrow`] pattern: shorter runs are everywhere
/// (hex letters make words), and finding them costs what the search does.
const NARROW_MIN_LEN: usize = 8;

/// Stretches fewer bytes apart than this are searched as one.
const MERGE_GAP: usize = 128;

impl Reach {
    fn allows(&self, b: u8) -> bool {
        self.allowed[usize::from(b)]
    }

    /// Whether a match may hold lower-case words separated by spaces: its stretches in prose
    /// are whole clauses.
    pub(super) fn spans_words(&self) -> bool {
        (b'a'..=b'z').all(|b| self.allows(b)) && self.allows(b' ')
    }

    /// Where a match that holds at least `digits` ASCII digits may lie in `text`: the maximal
    /// stretches of allowed characters around the runs of digits `runs` ([`digit_runs`]),
    /// holding enough digits, each as `(start, end)` with `end` one character past the stretch
    /// (the character a look-ahead such as `\b` reads). Stretches closer than [`MERGE_GAP`]
    /// are joined.
    ///
    /// Every match of the pattern lies inside one of them, and a search of `text[..end]` from
    /// `start` finds the matches of the whole text that lie there, the same and in the same
    /// order: the character at `end` cannot be part of a match, and a search from `start`
    /// sees the text before it. Only for a text whose numeric characters are ASCII digits.
    pub(super) fn stretches(
        &self,
        text: &str,
        runs: &[(usize, usize)],
        digits: usize,
        out: &mut Vec<(usize, usize)>,
    ) {
        let b = text.as_bytes();
        let mut covered = 0;
        for &(run_start, run_end) in runs {
            // A stretch that reached into this run took all of it, or stopped at a digit the
            // pattern does not allow: start from the first digit after it.
            let mut d = run_start.max(covered);
            while d < run_end {
                if !self.allows(b[d]) {
                    d += 1;
                    continue;
                }
                // The stretch before `d` holds no digit: the first digit of a stretch comes
                // first.
                let mut start = d;
                while start > 0 && self.allows(b[start - 1]) {
                    start -= 1;
                }
                let (mut end, mut held) = (d + 1, 1);
                if self.all_digits {
                    // The rest of the run, at once.
                    held += run_end - end;
                    end = run_end;
                }
                while end < b.len() && self.allows(b[end]) {
                    held += usize::from(b[end].is_ascii_digit());
                    end += 1;
                }
                covered = end;
                d = end;
                if held >= digits && end - start >= self.min_len {
                    push_stretch(b, start, end, out);
                }
            }
        }
    }

    /// Whether the pattern's matches are long and hold no space and few lower-case letters (a
    /// VIN, a MAC address): the runs of its characters in prose are short and few, so
    /// searching only them ([`Reach::runs`]) pays even for a pattern that needs no digit.
    pub(super) fn narrow(&self) -> bool {
        self.min_len >= NARROW_MIN_LEN
            && !self.allows(b' ')
            && (b'a'..=b'z').filter(|&b| self.allows(b)).count() <= 6
    }

    /// Where a match may lie in `text`, for a pattern whose matches need not hold a digit: the
    /// maximal runs of allowed characters at least `min_len` bytes long, as
    /// [`stretches`](Self::stretches) gives them (`end` one character past the run, runs
    /// closer than [`MERGE_GAP`] joined), and searched the same way, with the same matches.
    pub(super) fn runs(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let b = text.as_bytes();
        let len = self.min_len;
        // Runs of `len` bytes or more are found by reading about one byte in `len`: if the
        // byte `len - 1` after `i` is not allowed, no such run starts at `i` or before it.
        // Before `i` lies a byte that is not allowed (or nothing).
        let mut i = 0;
        while i + len <= b.len() {
            let probe = i + len - 1;
            if !self.allows(b[probe]) {
                i = probe + 1;
                continue;
            }
            let mut start = probe;
            while start > i && self.allows(b[start - 1]) {
                start -= 1;
            }
            let mut end = probe + 1;
            while end < b.len() && self.allows(b[end]) {
                end += 1;
            }
            // `b[start - 1]` is not allowed, or there is none: the run starts at a character
            // (a run holds bytes above ASCII only if every one is allowed).
            if end - start >= len {
                push_stretch(b, start, end, out);
            }
            i = end + 1;
        }
    }
}

/// Adds the stretch `b[start..end]` to `out`, with the character at `end` (which no match
/// holds, and a look-ahead such as `\b` reads), or joined to the last one if that ends less
/// than [`MERGE_GAP`] bytes before it.
fn push_stretch(b: &[u8], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    // `b[end]` is not allowed: an ASCII byte, or the lead byte of a character (a stretch
    // without non-ASCII characters is all ASCII).
    let next = match b.get(end) {
        None => 0,
        Some(&x) if x < 0x80 => 1,
        Some(&x) if x < 0xE0 => 2,
        Some(&x) if x < 0xF0 => 3,
        Some(_) => 4,
    };
    match out.last_mut() {
        // A search costs about what reading a hundred bytes does: stretches close together
        // are searched at once (the text between holds no match).
        Some(last) if start < last.1 + MERGE_GAP => last.1 = end + next,
        _ => out.push((start, end + next)),
    }
}

/// Whether `c` is a numeric character outside ASCII, as [`char::is_numeric`] says, without
/// its table search for the letters of European prose: up to U+017F the only numeric
/// characters beyond ASCII are `²`, `³`, `¹`, `¼`, `½` and `¾`.
fn numeric_beyond_ascii(c: char) -> bool {
    match c {
        '\0'..='\x7F' => false,
        '\u{80}'..='\u{17F}' => matches!(c, '²' | '³' | '¹' | '¼' | '½' | '¾'),
        _ => c.is_numeric(),
    }
}

impl Shape {
    pub(super) fn of(text: &str) -> Shape {
        // Three passes without branches on the bytes (each a few times faster than one pass
        // that branches on every byte): which bytes occur, how many are digits, whether any
        // is above ASCII.
        let b = text.as_bytes();
        let mut seen = [0u8; 256];
        for &x in b {
            seen[usize::from(x)] = 1;
        }
        let mut digits = b.iter().filter(|x| x.is_ascii_digit()).count();
        let non_ascii = !text.is_ascii();
        let half = |h: &[u8]| {
            h.iter()
                .enumerate()
                .fold(0u64, |acc, (i, &s)| acc | u64::from(s) << i)
        };
        let (low, high) = (half(&seen[..64]), half(&seen[64..128]));
        let bytes = u128::from(high) << 64 | u128::from(low);
        let mut other_digits = false;
        // Characters from U+00C0 to U+017F (lead bytes C3 to C5: the accented letters of
        // most European prose) are never numeric: only a text with others is read by
        // character.
        if non_ascii && (seen[0xC2] != 0 || seen[0xC6..].iter().any(|&s| s != 0)) {
            let others = text.chars().filter(|&c| numeric_beyond_ascii(c)).count();
            digits += others;
            other_digits = others > 0;
        }
        Shape {
            digits,
            bytes,
            other_digits,
        }
    }

    /// Whether every numeric character of the text is an ASCII digit.
    pub(super) fn ascii_digits_only(&self) -> bool {
        !self.other_digits
    }
}

impl Needs {
    /// Nothing known: every text is searched.
    const NOTHING: Needs = Needs {
        digits: 0,
        bytes: 0,
    };

    /// The condition of `pattern` as the `regex` crate compiles it by default (Unicode on);
    /// [`Needs::NOTHING`] if it does not parse.
    #[cfg(test)]
    pub(super) fn of(pattern: &str) -> Needs {
        read(pattern).0
    }

    /// How many digits every match holds at least.
    pub(super) fn digits(&self) -> usize {
        self.digits
    }

    pub(super) fn met_by(&self, s: &Shape) -> bool {
        s.digits >= self.digits && self.bytes & !s.bytes == 0
    }
}

/// Whether `pattern` parses and asserts nothing about what surrounds a match ([`read`]).
#[cfg(test)]
pub(super) fn no_looks(pattern: &str) -> bool {
    read(pattern).1
}

/// What the finder reads off a pattern, parsed once (as the `regex` crate compiles it by
/// default, Unicode on): its [`Needs`]; whether it asserts nothing about what surrounds a
/// match (no `^`, `$`, `\b`), so that whatever text a search matches, the pattern anchored at
/// both ends matches it as well; and its [`Reach`], `None` where it may match an empty
/// string. [`Needs::NOTHING`], `false` and `None` when it does not parse.
pub(super) fn read(pattern: &str) -> (Needs, bool, Option<Reach>) {
    match regex_syntax::parse(pattern) {
        Ok(h) => (needs(&h), h.properties().look_set().is_empty(), reach(&h)),
        Err(_) => (Needs::NOTHING, false, None),
    }
}

fn reach(h: &Hir) -> Option<Reach> {
    let min_len = h.properties().minimum_len().filter(|&n| n > 0)?;
    let (ascii, non_ascii) = chars_of(h);
    let mut allowed = [non_ascii; 256];
    for (b, a) in allowed.iter_mut().enumerate().take(128) {
        *a = ascii >> b & 1 == 1;
    }
    let all_digits = (b'0'..=b'9').all(|d| allowed[usize::from(d)]);
    Some(Reach {
        allowed,
        min_len,
        all_digits,
    })
}

/// The maximal runs of ASCII digits of `text`, as `(start, end)` byte offsets: where
/// [`Reach::stretches`] starts from.
pub(super) fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

/// The ASCII bytes a match of `h` may hold, and whether it may hold other characters.
fn chars_of(h: &Hir) -> (u128, bool) {
    let union = |subs: &[Hir]| {
        subs.iter()
            .map(chars_of)
            .fold((0, false), |a, b| (a.0 | b.0, a.1 || b.1))
    };
    let ranges = |ranges: &mut dyn Iterator<Item = (u32, u32)>| {
        ranges.fold((0u128, false), |(mut set, other), (lo, hi)| {
            for b in lo..=hi.min(127) {
                set |= 1 << b;
            }
            (set, other || hi > 127)
        })
    };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => (0, false),
        HirKind::Literal(lit) => lit.0.iter().fold((0, false), |(set, other), &b| {
            if b < 128 {
                (set | 1 << b, other)
            } else {
                (set, true)
            }
        }),
        HirKind::Class(Class::Unicode(u)) => {
            ranges(&mut u.iter().map(|r| (u32::from(r.start()), u32::from(r.end()))))
        }
        HirKind::Class(Class::Bytes(c)) => {
            ranges(&mut c.iter().map(|r| (u32::from(r.start()), u32::from(r.end()))))
        }
        HirKind::Repetition(r) if r.max == Some(0) => (0, false),
        HirKind::Repetition(r) => chars_of(&r.sub),
        HirKind::Capture(c) => chars_of(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => union(subs),
    }
}

fn needs(h: &Hir) -> Needs {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Needs::NOTHING,
        HirKind::Literal(lit) => Needs {
            digits: lit.0.iter().filter(|b| b.is_ascii_digit()).count(),
            bytes: lit
                .0
                .iter()
                .filter(|&&b| b < 128)
                .fold(0, |acc, &b| acc | 1 << b),
        },
        HirKind::Class(c) => class_needs(c),
        HirKind::Repetition(r) => {
            let sub = needs(&r.sub);
            Needs {
                digits: sub.digits.saturating_mul(r.min as usize),
                bytes: if r.min > 0 { sub.bytes } else { 0 },
            }
        }
        HirKind::Capture(c) => needs(&c.sub),
        HirKind::Concat(subs) => subs.iter().map(needs).fold(Needs::NOTHING, |a, b| Needs {
            digits: a.digits.saturating_add(b.digits),
            bytes: a.bytes | b.bytes,
        }),
        HirKind::Alternation(subs) => subs
            .iter()
            .map(needs)
            .reduce(|a, b| Needs {
                digits: a.digits.min(b.digits),
                bytes: a.bytes & b.bytes,
            })
            .unwrap_or(Needs::NOTHING),
    }
}

/// Classes bigger than this are not looked into (no digit class is that big).
const MAX_CLASS_CHARS: u32 = 4096;

/// One character of a class: a digit if every member is numeric; a required byte if the class
/// is that one ASCII byte.
fn class_needs(c: &Class) -> Needs {
    let (digits, single) = match c {
        Class::Unicode(u) => {
            let size: u32 = u
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            let digits = size > 0
                && size <= MAX_CLASS_CHARS
                && u.iter()
                    .all(|r| (r.start()..=r.end()).all(|ch| ch.is_numeric()));
            let single = match u.ranges() {
                [r] if r.start() == r.end() && r.start().is_ascii() => Some(r.start() as u8),
                _ => None,
            };
            (digits, single)
        }
        Class::Bytes(b) => {
            let digits = !b.ranges().is_empty()
                && b.iter()
                    .all(|r| r.start().is_ascii_digit() && r.end().is_ascii_digit());
            let single = match b.ranges() {
                [r] if r.start() == r.end() && r.start() < 128 => Some(r.start()),
                _ => None,
            };
            (digits, single)
        }
    };
    Needs {
        digits: usize::from(digits),
        bytes: single.map_or(0, |b| 1 << b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(p: &str) -> (usize, String) {
        let needs = Needs::of(p);
        let bytes = (0u8..128)
            .filter(|b| needs.bytes & (1 << b) != 0)
            .map(char::from)
            .collect();
        (needs.digits, bytes)
    }

    #[test]
    fn digits_and_bytes_every_match_holds() {
        assert_eq!(n(r"\d{3}-\d{2}-\d{4}"), (9, "-".into()));
        assert_eq!(n(r"[A-Za-z0-9.]{1,64}@[a-z]+"), (0, "@".into()));
        assert_eq!(n(r"(\+|00)\d{1,3}"), (1, String::new()));
        assert_eq!(
            n(r"[2-6]\d{3}([ -]?\d{4}){2}|3[47]\d{2}"),
            (4, String::new())
        );
        assert_eq!(
            n(r"(?i)ab\d?"),
            (0, String::new()),
            "case-folded letters are classes"
        );
        assert_eq!(n(r"x(y)*z"), (0, "xz".into()));
        assert_eq!(n(r"("), (0, String::new()), "does not parse: nothing known");
    }

    #[test]
    fn the_characters_a_match_may_hold_are_read_off_the_pattern() {
        let reach = |p: &str| read(p).2;
        let ascii = |p: &str| {
            let r = reach(p).expect("a reach");
            let set: String = (0u8..128)
                .filter(|&b| r.allows(b))
                .map(char::from)
                .collect();
            (set, r.allows(0xC3), r.min_len)
        };
        assert_eq!(
            ascii(r"(?-u:\d{3}-\d{2}-\d{4})"),
            ("-0123456789".into(), false, 11)
        );
        // A Unicode `\d` holds other digits too, so bytes above ASCII may be part of a match.
        assert_eq!(ascii(r"\d{2}"), ("0123456789".into(), true, 2));
        assert_eq!(
            ascii(r"(?-u:[A-C]{2}\d)(x{0})?\bz?"),
            ("0123456789ABCz".into(), false, 3),
            "a repetition of nothing and a look hold no character"
        );
        assert_eq!(ascii(r"é1"), ("1".into(), true, 3));
        assert_eq!(reach(r"\d*"), None, "may match an empty string");
        assert_eq!(reach(r"("), None, "does not parse");
    }

    #[test]
    fn a_reach_that_holds_words_is_told_apart() {
        let words = |p: &str| read(p).2.expect("a reach").spans_words();
        // An IBAN's groups and a street hold words: their stretches are whole clauses.
        assert!(words(r"(?i)[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}"));
        assert!(words(r"(?i)\d{1,5}\s+([a-z]+\s+){1,4}street"));
        // A card, a phone with an extension, an upper-case code do not.
        assert!(!words(r"\d{4}([ -]?\d{4}){3}"));
        assert!(!words(r"\+\d{2} \d{3} \d{4}( ext\. \d+)?"));
        assert!(!words(r"[A-Z]{2}\d{6}[A-D]"));
    }

    #[test]
    fn stretches_lie_around_digits_hold_enough_of_them_and_close_ones_are_joined() {
        let r = read(r"(?-u:\d{3}[ -]?\d{4})").2.unwrap();
        fn of<'t>(r: &Reach, text: &'t str, digits: usize) -> Vec<&'t str> {
            let mut out = Vec::new();
            r.stretches(text, &digit_runs(text), digits, &mut out);
            out.iter().map(|&(s, e)| &text[s..e]).collect()
        }
        let of = |text, digits| of(&r, text, digits);
        // Each stretch is searched with the character after it (a look-ahead reads it).
        assert_eq!(of("call 555 1234 now", 7), [" 555 1234 n"]);
        assert_eq!(of("call 555 1234é", 7), [" 555 1234é"]);
        assert_eq!(of("call 555 1234", 7), [" 555 1234"]);
        assert_eq!(
            of("room 12, floor 3", 7),
            Vec::<&str>::new(),
            "too few digits"
        );
        let far = format!("555-1234 {} 555-9876", "word ".repeat(30));
        assert_eq!(of(&far, 7), ["555-1234 w", "  555-9876"]);
        let near = "555-1234 and 555-9876";
        assert_eq!(of(near, 7), [near], "searched at once");
    }

    /// The shape of a text: the ASCII bytes in it, and its numeric characters (ASCII digits
    /// and any other), the way a byte-by-byte reading and `char::is_numeric` tell them.
    #[test]
    fn a_shape_holds_the_bytes_and_numeric_characters_of_its_text() {
        let texts = [
            "",
            "abc 123",
            "Straße 12, 3½ Zimmer, ²",
            "Grüße aus Łódź, 12 ½",
            "٣ and 7",
            "€5 ¾ ǅ 𝟙",
            "\u{7f}~",
        ];
        for text in texts {
            let shape = Shape::of(text);
            let bytes = text
                .bytes()
                .filter(u8::is_ascii)
                .fold(0u128, |acc, b| acc | 1 << b);
            assert_eq!(shape.bytes, bytes, "{text:?}");
            assert_eq!(
                shape.digits,
                text.chars().filter(|c| c.is_numeric()).count()
            );
            let others = text.chars().any(|c| !c.is_ascii() && c.is_numeric());
            assert_eq!(shape.ascii_digits_only(), !others, "{text:?}");
        }
        for c in (0x80..=0x17F).filter_map(char::from_u32) {
            assert_eq!(numeric_beyond_ascii(c), c.is_numeric(), "{c:?}");
        }
    }

    /// A pattern that needs no digit is searched in the runs of its characters long enough
    /// for a match, each with the character after it; only a pattern whose characters are
    /// few (no space, at most hex letters in lower case) is searched that way.
    #[test]
    fn runs_of_a_narrow_pattern_are_long_enough_and_carry_the_next_character() {
        let vin = read(r"[A-HJ-NPR-Z0-9]{17}").2.unwrap();
        let mac = read(r"(?i)([0-9a-f]{2}[:-]){5}[0-9a-f]{2}").2.unwrap();
        assert!(vin.narrow() && mac.narrow());
        assert!(
            !read(r"[a-z0-9.]+@[a-z]+\.[a-z]{2,}").2.unwrap().narrow(),
            "an email"
        );
        assert!(
            !read(r"[A-Z]{2} [0-9]{4}").2.unwrap().narrow(),
            "holds a space"
        );
        fn of<'t>(r: &Reach, text: &'t str) -> Vec<&'t str> {
            let mut out = Vec::new();
            r.runs(text, &mut out);
            out.iter().map(|&(s, e)| &text[s..e]).collect()
        }
        let car = "VIN 1HGCM82633A004352, owner called on Monday";
        assert_eq!(of(&vin, car), ["1HGCM82633A004352,"]);
        assert_eq!(
            of(&vin, "no 1HGCM82633A00435 here"),
            Vec::<&str>::new(),
            "16 characters"
        );
        assert_eq!(of(&vin, "1HGCM82633A004352é"), ["1HGCM82633A004352é"]);
        assert_eq!(of(&mac, "device 00:1a:2B:3c:4d:5e"), ["00:1a:2B:3c:4d:5e"]);
        assert_eq!(
            of(&mac, "plain words, no address at all"),
            Vec::<&str>::new()
        );
    }

    /// Stretches found from runs of digits are those found digit by digit (the way they were
    /// found first, kept here as the reference), also for a pattern that allows only some
    /// digits, where a stretch may stop inside a run.
    #[test]
    fn stretches_from_runs_of_digits_are_those_found_digit_by_digit() {
        fn digit_by_digit(r: &Reach, text: &str, digits: usize) -> Vec<(usize, usize)> {
            let b = text.as_bytes();
            let mut out: Vec<(usize, usize)> = Vec::new();
            let mut covered = 0;
            for d in (0..b.len()).filter(|&i| b[i].is_ascii_digit()) {
                if d < covered || !r.allows(b[d]) {
                    continue;
                }
                let mut start = d;
                while start > 0 && r.allows(b[start - 1]) {
                    start -= 1;
                }
                let (mut end, mut held) = (d + 1, 1);
                while end < b.len() && r.allows(b[end]) {
                    held += usize::from(b[end].is_ascii_digit());
                    end += 1;
                }
                covered = end;
                if held >= digits && end - start >= r.min_len {
                    let next = text[end..].chars().next().map_or(0, char::len_utf8);
                    match out.last_mut() {
                        Some(last) if start < last.1 + MERGE_GAP => last.1 = end + next,
                        _ => out.push((start, end + next)),
                    }
                }
            }
            out
        }
        let patterns = [
            r"(?-u:\d{3}[ -]?\d{4})",
            r"(?-u:[2-9]\d{2}-[2-9]{3}-\d{4})",
            r"(?-u:[5-9]{4})",
            r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}",
            r"\+\d{1,3}[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d{2,4}){2,4}",
        ];
        let filler = "word ".repeat(30);
        let texts = [
            "call 555 1234 now".to_string(),
            "0123456789 and 1111-2222-3333 or 9999".to_string(),
            "room 12, floor 3, 2022-04-07 01:10 (TC)".to_string(),
            format!("555-1234 {filler} 555-9876"),
            "IBAN DE89 3704 0044 0532 0130 00 bezahlt, Tel. +49 30 1234567".to_string(),
            "x1y22z333 4444é55555 ٣ 0".to_string(),
            "1".to_string(),
            String::new(),
        ];
        for p in patterns {
            let r = read(p).2.unwrap();
            for text in &texts {
                for digits in [1, 4, 7, 12] {
                    let mut out = Vec::new();
                    r.stretches(text, &digit_runs(text), digits, &mut out);
                    assert_eq!(
                        out,
                        digit_by_digit(&r, text, digits),
                        "{p} {text:?} {digits}"
                    );
                }
            }
        }
        let partial = read(r"(?-u:[5-9]{4})").2.unwrap();
        assert!(!partial.all_digits && read(r"(?-u:\d{4})").2.unwrap().all_digits);
    }

    #[test]
    fn a_pattern_without_assertions_is_told_apart() {
        assert!(no_looks(r"\d{3}-\d{2}-\d{4}"));
        assert!(no_looks(r"(?i)[a-z]+@[a-z]+\.de"));
        assert!(!no_looks(r"\bDE\d{2}"));
        assert!(!no_looks(r"^\d{5}"));
        assert!(!no_looks(r"\d{5}$"));
        assert!(!no_looks(r"(?-u:\b)\d"));
        assert!(!no_looks(r"("), "does not parse");
    }

    /// What the span finder relies on when it takes a match of a pattern without assertions
    /// as a value of it without testing the anchored pattern: every built-in rule's matches
    /// inside its own examples, written into a sentence, match the anchored pattern.
    #[test]
    fn a_match_of_a_pattern_without_assertions_matches_it_anchored() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let mut checked = 0;
        for r in &rules.rules {
            let (Some(p), Some(re), Some(anchored)) =
                (&r.def.pattern, r.unanchored(), r.anchored())
            else {
                continue;
            };
            if !no_looks(p) {
                continue;
            }
            for ex in r.def.examples.iter().chain(&r.def.negative_examples) {
                let text = format!("Ref. {ex}, bitte prüfen ({ex}).");
                for m in re.find_iter(&text) {
                    assert!(anchored.is_match(m.as_str()), "{}", r.def.id);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} matches checked");
    }

    #[test]
    fn a_text_meets_the_needs_of_every_match_in_it() {
        let cases = [
            (r"\d{3}-\d{2}-\d{4}", "SSN 123-45-6789."),
            (r"\d{3}", "٣٤٥ in Arabic-Indic digits"),
            (r"[A-Za-z0-9.]{1,64}@[a-z]+", "write to a.b@example"),
            (r"\+[1-9]\d{0,3}", "call +4"),
        ];
        for (p, text) in cases {
            assert!(regex::Regex::new(p).unwrap().is_match(text));
            assert!(Needs::of(p).met_by(&Shape::of(text)), "{p} in {text:?}");
        }
        assert!(!Needs::of(r"\d{3}-\d{2}-\d{4}").met_by(&Shape::of("123 45 6789")));
        assert!(!Needs::of(r"\d{13}").met_by(&Shape::of("call 0171 2345678")));
    }
}
