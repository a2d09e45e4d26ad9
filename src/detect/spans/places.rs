//! Places in prose: a city from the dictionary right after a place word ("moved to Lyon", "wohnt
//! in Köln"), and the postcode and town that make a street found in prose a full address.

use super::words::{PLACE_WORDS, capitalized, space_words};
use super::{Span, bounded};
use crate::kind::Kind;
use crate::rules::Dictionaries;
use regex::Regex;

/// After a street ending at `at`: `, ` (or a space) then a postcode (5 digits, `1234 AB`,
/// `1234-567`, `12345-678`, a UK postcode) then one to three capitalised words; where that town
/// ends.
pub(super) fn postcode_town_after(text: &str, at: usize) -> Option<usize> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(
            r"^,?[ \n]+(?:\d{5}(?:-\d{3,4})?|\d{4}(?: ?[A-Z]{2}|-\d{3})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{8})[ ,]+(?:\p{Lu}[\p{L}'-]+|da|de|di|am|an|sur|del)(?:[ -](?:\p{Lu}[\p{L}'-]+|da|de|di|am|an|sur|del)){0,3}",
        )
        .expect("a valid pattern")
    });
    let m = RE.find(&text[at..])?;
    let mut end = at + m.end();
    // The town ends on a capitalised word, not on a particle.
    while let Some(sp) = text[at..end].rfind([' ', '-']) {
        let last = &text[at + sp + 1..end];
        if last.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = at + sp;
    }
    bounded(text, at, end).then_some(end)
}

/// Cities from the dictionary right after a place word ("moved to Lyon", "wohnt in Köln").
pub(super) fn places(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    use crate::rules::DictName;
    let mut prev: Option<&str> = None;
    for (start, word) in space_words(text) {
        let t = word.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\'']);
        let lead = word.len() - word.trim_start_matches(['(', '"', '\'']).len();
        let t = &t[lead.min(t.len())..];
        if let Some(p) = prev
            && capitalized(t)
            && PLACE_WORDS.contains(&p.to_lowercase().as_str())
            && dicts.contains(DictName::Cities, t)
        {
            spans.push(Span {
                start: start + lead,
                end: start + lead + t.len(),
                kind: Kind::City,
            });
        }
        prev = Some(word);
    }
}
