//! What a text must hold for a rule's pattern to match anywhere in it, read off the pattern once:
//! how many digits every match holds at least, and which ASCII characters every match contains
//! (`@` for an email, `-` for a US SSN). A text with fewer digits, or without one of those
//! characters, is not searched with that rule: most prose has no digits at all, and a sentence
//! with one phone number cannot hold a 13-digit card. The condition is necessary, never
//! sufficient, so skipping a search never changes what is found.

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
}

impl Shape {
    pub(super) fn of(text: &str) -> Shape {
        let mut bytes = 0u128;
        let mut digits = 0;
        for &b in text.as_bytes() {
            if b < 128 {
                bytes |= 1 << b;
                digits += usize::from(b.is_ascii_digit());
            }
        }
        if !text.is_ascii() {
            digits += text
                .chars()
                .filter(|c| !c.is_ascii() && c.is_numeric())
                .count();
        }
        Shape { digits, bytes }
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
/// default, Unicode on): its [`Needs`], and whether it asserts nothing about what surrounds a
/// match (no `^`, `$`, `\b`), so that whatever text a search matches, the pattern anchored at
/// both ends matches it as well. [`Needs::NOTHING`] and `false` when it does not parse.
pub(super) fn read(pattern: &str) -> (Needs, bool) {
    match regex_syntax::parse(pattern) {
        Ok(h) => (needs(&h), h.properties().look_set().is_empty()),
        Err(_) => (Needs::NOTHING, false),
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
