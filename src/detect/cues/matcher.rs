//! Cue words in the text: the plain cue phrases of `data/cue_phrases.txt` turned into two regex
//! alternations (case-insensitive and as written), and [`find_cues`], which reports every cue
//! word with its kind, bounded by word edges, the earlier then the longer winning.

use super::words::{CUE_DEFS, CueDef};
use super::{CueKind, next_char, word_bounded};
use crate::per_thread::Pattern as Regex;
use std::sync::LazyLock;

/// Turns a plain cue phrase into a regex fragment (see [`CUE_DEFS`]).
fn phrase_pattern(p: &str) -> String {
    let mut out = String::new();
    for c in p.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let s: &str = match lower {
            ' ' => r"\s+",
            '-' => r"(?:-\s?|\s)?",
            '\'' => r"['’]\s?",
            '.' => r"\.",
            '°' | 'º' => "[°º]",
            'ä' => "(?:ä|ae|a)",
            'ö' => "(?:ö|oe|o)",
            'ü' => "(?:ü|ue|u)",
            'ß' => "(?:ß|ss)",
            'á' => "[áa]",
            'à' => "[àa]",
            'â' => "[âa]",
            'ã' => "[ãa]",
            'é' => "[ée]",
            'è' => "[èe]",
            'ê' => "[êe]",
            'í' => "[íi]",
            'ó' => "[óo]",
            'ô' => "[ôo]",
            'õ' => "[õo]",
            'ú' => "[úu]",
            'ç' => "[çc]",
            'ñ' => "[ñn]",
            _ => {
                out.push_str(&regex::escape(&c.to_string()));
                continue;
            }
        };
        out.push_str(s);
    }
    out
}

/// One alternation of phrases, longest first so that the longest phrase wins at a position.
pub(super) fn alternation(phrases: &[&str], ci: bool) -> String {
    let mut ps: Vec<&str> = phrases.to_vec();
    ps.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    let alts: Vec<String> = ps.iter().map(|p| phrase_pattern(p)).collect();
    // Every phrase starts with an ASCII letter or digit: an ASCII word boundary in front lets
    // the fast engines skip matches inside words (the exact boundary is checked afterwards).
    let case = if ci { "(?i)" } else { "" };
    format!(r"{case}(?-u:\b)(?:{})", alts.join("|"))
}

struct CueMatcher {
    /// All case-insensitive phrases, then all case-sensitive ones.
    all: [Regex; 2],
    /// Per definition: which one a matched phrase belongs to (anchored, whole match).
    defs: Vec<(Regex, bool, &'static CueDef)>,
}

static CUES: LazyLock<CueMatcher> = LazyLock::new(|| {
    let collect = |ci: bool| -> Vec<&'static str> {
        CUE_DEFS
            .iter()
            .filter(|d| d.ci == ci)
            .flat_map(|d| d.phrases.iter().copied())
            .collect()
    };
    let all = [
        Regex::new(&alternation(&collect(true), true)).expect("cue regex"),
        Regex::new(&alternation(&collect(false), false)).expect("cue regex"),
    ];
    let defs = CUE_DEFS
        .iter()
        .map(|d| {
            let re =
                Regex::new(&format!("^{}$", alternation(&d.phrases, d.ci))).expect("cue regex");
            (re, d.ci, d)
        })
        .collect();
    CueMatcher { all, defs }
});

/// A cue word found in the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cue {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: CueKind,
    pub(super) near: bool,
}

/// Every cue word, sorted; of overlapping cues the earlier, then the longer wins.
pub(super) fn find_cues(text: &str) -> Vec<Cue> {
    let m = &*CUES;
    let mut found = Vec::new();
    for (which, re) in m.all.iter().enumerate() {
        let ci = which == 0;
        let mut at = 0;
        while at <= text.len() {
            let Some(hit) = re.find_at(text, at) else {
                break;
            };
            let (s, e) = (hit.start(), hit.end());
            if e > s && word_bounded(text, s, e) {
                let def = m
                    .defs
                    .iter()
                    .find(|(r, dci, _)| *dci == ci && r.is_match(hit.as_str()));
                if let Some((_, _, d)) = def {
                    found.push(Cue {
                        start: s,
                        end: e,
                        kind: d.kind,
                        near: d.near,
                    });
                }
                at = e;
            } else {
                // Retry one character later: a shorter phrase may still start inside.
                at = s + next_char(text, s).map_or(1, char::len_utf8);
            }
        }
    }
    found.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut out: Vec<Cue> = Vec::with_capacity(found.len());
    for c in found {
        if out.last().is_none_or(|l| c.start >= l.end) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::detect::cues::CueKind::*;
    use crate::detect::cues::cue_spans;
    use crate::detect::cues::testutil::{none, one};

    #[test]
    fn nato_is_not_nato() {
        none("The NATO summit 12 March 2024 was long.");
        one(
            "Nato il 2 giugno 1990 a Bari.",
            "2 giugno 1990",
            DateOfBirth,
        );
    }

    #[test]
    fn the_cue_word_itself_is_never_spanned() {
        for text in [
            "passport",
            "Telefonnummer",
            "IBAN",
            "date of birth:",
            "Kundennummer 4711",
        ] {
            for s in cue_spans(text) {
                let v = &text[s.start..s.end];
                assert!(v.chars().any(|c| c.is_ascii_digit()), "{v:?} in {text:?}");
            }
        }
    }

    #[test]
    fn cue_words_in_any_case_and_spelling() {
        one("TELEFON: 030 1234567", "030 1234567", Phone);
        one("Fuehrerschein B072RRE2I55", "B072RRE2I55", DriversLicense);
        one("numero de telefono 612345678", "612345678", Phone);
        one(
            "Carte d’identité n° 880692310285",
            "880692310285",
            NationalId,
        );
        one("Telemovel: 912345678", "912345678", Phone);
    }

    #[test]
    fn acronyms_only_as_written() {
        none("baseball cap 20121 pieces");
        none("cc: 12345678");
        none("nif 12345678Z");
        one("CC 12345678 9 ZX1", "12345678 9 ZX1", NationalId);
    }
}
