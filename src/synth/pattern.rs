//! Strings that match a column's `pattern`: the regular expression is parsed by `regex-syntax`
//! (the parser of the `regex` crate) and its syntax tree walked with a seeded generator —
//! a literal is copied, a class yields one of its characters, a repetition repeats between its
//! bounds (unbounded ones at most 8 more than the least), an alternation picks a branch.
//! Anchors and word boundaries produce nothing. The result is checked against the compiled
//! pattern by the validator, so a walk that cannot honour a look-around is caught, not hidden.

use rand::{Rng, RngExt};
use regex_syntax::hir::{Class, Hir, HirKind};

/// How far past its minimum an unbounded repetition (`*`, `+`, `{n,}`) may go.
const OPEN_REPEAT: u32 = 8;

/// A parsed pattern, ready to generate from.
pub struct Pattern {
    hir: Hir,
}

impl Pattern {
    pub fn new(p: &str) -> Result<Pattern, String> {
        regex_syntax::Parser::new()
            .parse(p)
            .map(|hir| Pattern { hir })
            .map_err(|_| "not a valid regular expression".to_string())
    }

    /// One string that matches.
    pub fn generate<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        let mut out = String::new();
        walk(&self.hir, rng, &mut out);
        out
    }
}

fn walk<R: Rng + ?Sized>(h: &Hir, rng: &mut R, out: &mut String) {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
        HirKind::Class(Class::Unicode(c)) => {
            // Printable ASCII first when the class has any: `.` and `\S` stay readable.
            let ranges: Vec<(u32, u32)> = c
                .ranges()
                .iter()
                .map(|r| (r.start() as u32, r.end() as u32))
                .collect();
            let ascii: Vec<(u32, u32)> = ranges
                .iter()
                .filter_map(|&(a, b)| {
                    let (a, b) = (a.max(0x20), b.min(0x7e));
                    (a <= b).then_some((a, b))
                })
                .collect();
            let pool = if ascii.is_empty() { ranges } else { ascii };
            let total: u32 = pool.iter().map(|(a, b)| b - a + 1).sum();
            if total == 0 {
                return;
            }
            let mut i = rng.random_range(0..total);
            for (a, b) in pool {
                let n = b - a + 1;
                if i < n {
                    if let Some(ch) = char::from_u32(a + i) {
                        out.push(ch);
                    }
                    return;
                }
                i -= n;
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ranges: Vec<(u8, u8)> = c.ranges().iter().map(|r| (r.start(), r.end())).collect();
            let total: u32 = ranges.iter().map(|(a, b)| (b - a) as u32 + 1).sum();
            if total == 0 {
                return;
            }
            let mut i = rng.random_range(0..total);
            for (a, b) in ranges {
                let n = (b - a) as u32 + 1;
                if i < n {
                    out.push(char::from(a + i as u8));
                    return;
                }
                i -= n;
            }
        }
        HirKind::Repetition(r) => {
            let max = r.max.unwrap_or(r.min + OPEN_REPEAT).max(r.min);
            let n = rng.random_range(r.min..=max);
            for _ in 0..n {
                walk(&r.sub, rng, out);
            }
        }
        HirKind::Capture(c) => walk(&c.sub, rng, out),
        HirKind::Concat(hs) => {
            for h in hs {
                walk(h, rng, out);
            }
        }
        HirKind::Alternation(hs) => {
            let i = rng.random_range(0..hs.len());
            walk(&hs[i], rng, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_strings_match_their_pattern() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for p in [
            r"[A-Z]{2}-\d{4}",
            r"SKU-(shoe|shirt|coat)-[0-9a-f]{6}",
            r"\w+@example\.(com|org)",
            r"^[A-Z][a-z]{2,}( [A-Z][a-z]+)?$",
        ] {
            let pat = Pattern::new(p).unwrap();
            let re = regex::Regex::new(&format!("^(?:{p})$")).unwrap();
            for _ in 0..200 {
                let s = pat.generate(&mut rng);
                assert!(re.is_match(&s), "{s:?} does not match {p}");
            }
        }
    }
}
