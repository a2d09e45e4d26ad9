//! Names in prose: a given name followed by a family name (particles allowed between), a title
//! followed by a family name, two capitalised words after a relation or dedication word ("her
//! husband …", "Per … :"), the name that signs a text off, and a known given name opening a
//! sentence ("Samira bittet um …").

use super::Span;
use super::words::*;
use crate::kind::Kind;
use crate::rules::Dictionaries;
use crate::text::fold;

/// Two capitalised words (hyphens allowed) after a relation word, or after a dedication word
/// when a `:` or `,` closes them.
pub(super) fn relatives(text: &str, spans: &mut Vec<Span>) {
    let words = space_words(text);
    for i in 0..words.len().saturating_sub(2) {
        let cue = words[i].1.trim_end_matches([',', ':']).to_lowercase();
        let (s1, w1) = words[i + 1];
        let (s2, w2) = words[i + 2];
        let w2t = w2.trim_end_matches([',', ';', ':', '.', '!', '?', ')']);
        let closed = w2.ends_with([',', ':'])
            || words
                .get(i + 3)
                .is_some_and(|(_, w)| w.starts_with([':', ',']));
        let dedication = DEDICATION_WORDS.contains(&cue.as_str()) && closed;
        if !RELATION_WORDS.contains(&cue.as_str()) && !dedication {
            continue;
        }
        let name_like = |w: &str| {
            capitalized(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        };
        if name_like(w1) && name_like(w2t) && !STOP.contains(&w1.to_lowercase().as_str()) {
            spans.push(Span {
                start: s1,
                end: s2 + w2t.len(),
                kind: Kind::PersonName,
            });
        }
    }
}

/// The name that signs a text off at its very end: a known given name after a sentence or a
/// comma ("… when it arrives. Caitlin"), or any capitalised word after a closing ("Bisous,
/// Claudine", "Deine Enno").
pub(super) fn sign_off(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
    // The last whitespace may be wider than a byte (a no-break space).
    let Some((at, space)) = t.char_indices().rev().find(|(_, c)| c.is_whitespace()) else {
        return;
    };
    let word_start = at + space.len_utf8();
    let word = &t[word_start..];
    if !capitalized(word)
        || !word.chars().all(|c| c.is_alphabetic() || c == '-')
        || NOT_SIGNATURES.contains(&word.to_lowercase().as_str())
    {
        return;
    }
    let before = t[..at].trim_end();
    let last_before = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '!', '.'])
        .to_lowercase();
    let closing = CLOSINGS.contains(&last_before.as_str());
    let closed = before.ends_with([',', '!', '.', '?', '-']);
    // A word that is a whole last sentence on its own ("… when it arrives. Caitlin").
    let alone = before.ends_with(['.', '!', '?']);
    if closing || alone || (closed && dicts.is_given(&fold(word))) {
        spans.push(Span {
            start: word_start,
            end: t.len(),
            kind: Kind::FirstName,
        });
    }
}

/// A known given name opening a sentence, followed by a lower-case word ("Jolanda chiede di …",
/// "Samira bittet um …").
pub(super) fn sentence_subjects(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let mut start_of_sentence = true;
    let words = space_words(text);
    for i in 0..words.len() {
        let (s, w) = words[i];
        let opens = start_of_sentence;
        start_of_sentence = w.ends_with(['.', '!', '?']) || w.is_empty();
        if !opens || !capitalized(w) || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        let next_lower = words
            .get(i + 1)
            .is_some_and(|(_, n)| n.chars().next().is_some_and(char::is_lowercase));
        let lower = w.to_lowercase();
        let speaks = words
            .get(i + 1)
            .is_some_and(|(_, n)| SPEECH_VERBS.contains(&n.to_lowercase().as_str()));
        let not_a_name = AMBIGUOUS_GIVEN.contains(&lower.as_str())
            || STOP.contains(&lower.as_str())
            || NOT_SIGNATURES.contains(&lower.as_str())
            || FUNCTION_WORDS.contains(&lower.as_str())
            || RELATION_WORDS.contains(&lower.as_str());
        if next_lower && !not_a_name && (speaks || dicts.is_given(&fold(w))) {
            spans.push(Span {
                start: s,
                end: s + w.len(),
                kind: Kind::FirstName,
            });
        }
    }
}

/// Names in context: given + (particles) + family, or title + family.
pub(super) fn names(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    // Words with their byte ranges, trailing punctuation trimmed.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let trim = |(s, e): (usize, usize)| -> (usize, usize) {
        let w = &text[s..e];
        let t = w
            .trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\''])
            .trim_start_matches(['(', '"', '\'']);
        let off = w.find(t).unwrap_or(0);
        (s + off, s + off + t.len())
    };
    let mut i = 0;
    while i < words.len() {
        let (s, e) = trim(words[i]);
        let w = &text[s..e];
        let lower = w.to_lowercase();
        let is_title = TITLES.contains(&lower.as_str())
            || TITLES.contains(&text[words[i].0..words[i].1].to_lowercase().as_str());
        if is_title && let Some(&next) = words.get(i + 1) {
            let (ns, ne) = trim(next);
            let nw = &text[ns..ne];
            if capitalized(nw) && dicts.is_family(&fold(nw)) {
                spans.push(Span {
                    start: ns,
                    end: ne,
                    kind: Kind::LastName,
                });
                i += 2;
                continue;
            }
        }
        if capitalized(w) && dicts.is_given(&fold(w)) {
            let mut j = i + 1;
            while j < words.len()
                && PARTICLES.contains(&text[words[j].0..words[j].1].to_lowercase().as_str())
            {
                j += 1;
            }
            if let Some(&last) = words.get(j) {
                let (ls, le) = trim(last);
                let lw = &text[ls..le];
                // A known given name followed by a capitalized word that is not a function word
                // or a date word: the family name need not be in the dictionary.
                let plausible = dicts.is_family(&fold(lw))
                    || (j == i + 1 && !STOP.contains(&lw.to_lowercase().as_str()));
                if capitalized(lw) && plausible {
                    spans.push(Span {
                        start: s,
                        end: le,
                        kind: Kind::PersonName,
                    });
                    i = j + 1;
                    continue;
                }
            }
        }
        // A capitalized word (not a function word, not the first of the text) followed by a
        // known family name: the given name need not be in the dictionary.
        if i > 0
            && capitalized(w)
            && !STOP.contains(&lower.as_str())
            && !dicts.is_given(&fold(w))
            && !text[words[i - 1].0..words[i - 1].1].ends_with('.')
            && let Some(&next) = words.get(i + 1)
        {
            let (ns, ne) = trim(next);
            let nw = &text[ns..ne];
            if capitalized(nw) && dicts.is_family(&fold(nw)) {
                spans.push(Span {
                    start: s,
                    end: ne,
                    kind: Kind::PersonName,
                });
                i += 2;
                continue;
            }
        }
        i += 1;
    }
}
