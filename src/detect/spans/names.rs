//! Names in prose: a given name followed by a family name (particles allowed between), a title
//! followed by a family name (particles too), two capitalised words after a relation or
//! dedication word ("her husband …", "Per … :"), the name that signs a text off, and a known
//! given name alone: opening a sentence ("Samira bittet um …") or inside one ("Escalated to
//! Wilbur in billing", asked of the wide list of given names too); and names the run learned
//! (from its name columns, or a name found elsewhere in the same text) where they stand alone
//! as names do ([`learned_names`]).

use super::Span;
use super::words::*;
use crate::kind::Kind;
use crate::rules::Dictionaries;
use crate::text::{fold, is_wrapping_punct};

/// Two capitalised words (hyphens allowed) after a relation word, or after a dedication word
/// when a `:` or `,` closes them.
pub(super) fn relatives(text: &str, spans: &mut Vec<Span>) {
    let words = space_words(text);
    let name_like = |w: &str| {
        capitalized(w)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    };
    for i in 0..words.len().saturating_sub(2) {
        let (s1, w1) = words[i + 1];
        // Asked first: most words are followed by no name.
        if !name_like(w1) {
            continue;
        }
        let cue = words[i].1.trim_end_matches([',', ':']);
        let (_, w2) = words[i + 2];
        let w2t = w2.trim_end_matches([',', ';', ':', '.', '!', '?', ')']);
        let closed = w2.ends_with([',', ':'])
            || words
                .get(i + 3)
                .is_some_and(|(_, w)| w.starts_with([':', ',']));
        let dedication = closed && DEDICATION_WORDS.contains_lower(cue);
        if !dedication && !RELATION_WORDS.contains_lower(cue) {
            continue;
        }
        if STOP.contains_lower(w1) {
            continue;
        }
        if dedication && !name_like(w2t) {
            continue;
        }
        // The names after the first, particles allowed between ("marido Jose Manuel Coll",
        // "husband Sami van Doorn", "Mann Sami van der Plas"): a family name left behind was
        // the customer's own, a leak. Up to four words of names, ending at punctuation.
        let mut end = None;
        let mut last = w1;
        let mut j = i + 2;
        while j < words.len() && j <= i + 6 && !last.ends_with(is_wrapping_punct) {
            let (sj, wj) = words[j];
            let wt = wj.trim_end_matches(is_wrapping_punct);
            if name_like(wt) && !STOP.contains_lower(wt) {
                end = Some(sj + wt.len());
                last = wj;
                j += 1;
                continue;
            }
            // One or two particles, then a name.
            let particles = (j..words.len().min(j + 2))
                .take_while(|&k| PARTICLES.contains_lower(words[k].1))
                .count();
            let next = words
                .get(j + particles)
                .map(|(_, n)| n.trim_end_matches(is_wrapping_punct));
            if particles > 0 && next.is_some_and(name_like) {
                j += particles;
                last = words[j - 1].1;
            } else {
                break;
            }
        }
        if let Some(end) = end {
            spans.push(Span {
                start: s1,
                end,
                kind: Kind::PersonName,
            });
        }
    }
}

/// The name that signs a text off at its very end: a known given name after a sentence or a
/// comma ("… when it arrives. Caitlin"), or any capitalised word after a closing ("Bisous,
/// Claudine", "Deine Enno"), or two ("Bisous, Luiz Otávio").
pub(super) fn sign_off(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!'));
    let Some((at, word_start)) = last_word(t) else {
        return;
    };
    let word = &t[word_start..];
    if !signs(word) {
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
        return;
    }
    // Two capitalised words after a closing and its comma: a double given name or a full name
    // ("Bisous, Luiz Otávio", "Cheers, Mary Ann"). The comma keeps out German nouns after a
    // closing that is also a word ("… dein Lehrerin Gesicht").
    let Some((at, first_start)) = last_word(before) else {
        return;
    };
    let closing = before[..at]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .and_then(|w| w.strip_suffix([',', '!']))
        .is_some_and(|w| CLOSINGS.contains(&w.to_lowercase().as_str()));
    if closing && signs(&before[first_start..]) {
        spans.push(Span {
            start: first_start,
            end: t.len(),
            kind: Kind::PersonName,
        });
    }
}

/// The last whitespace of `t` (its byte offset) and where the word after it starts; the
/// whitespace may be wider than a byte (a no-break space).
fn last_word(t: &str) -> Option<(usize, usize)> {
    let (at, space) = t.char_indices().rev().find(|(_, c)| c.is_whitespace())?;
    Some((at, at + space.len_utf8()))
}

/// Whether a word may sign a text off: capitalised, letters and hyphens only, not one of the
/// capitalised words that end texts without being names.
fn signs(word: &str) -> bool {
    capitalized(word)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
        && !NOT_SIGNATURES.contains_lower(word)
}

/// A known given name standing alone: opening a sentence before a lower-case word ("Jolanda
/// chiede di …", "Samira bittet um …"), or inside one between lower-case words ("Escalated to
/// Wilbur in billing", "Ho parlato con Abramo, manderà …"). Given names that are also everyday
/// words, places or function words are left, except before a verb of saying ("Guy demande …").
pub(super) fn given_names_alone(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let mut start_of_sentence = true;
    // Whether the word before ends a clause or is not capitalised (so not part of a run of
    // capitalised words: "Santa Maria", "Hotel Victoria").
    let mut after_lower = false;
    let words = space_words(text);
    for i in 0..words.len() {
        let (s, w) = words[i];
        let opens = start_of_sentence;
        let follows_lower = after_lower;
        // A link ends its sentence too: exports glue the next one on without a full stop
        // ("…/in/sara-francis-cf2404 Sara asked us to call back"); a colon or a separator
        // starts a label's value as a sentence would ("(LR): Avis publié …", "| Status").
        start_of_sentence = w.ends_with(['.', '!', '?', ':'])
            || w.is_empty()
            || matches!(w, "|" | "-" | "–")
            || w.starts_with("https://")
            || w.starts_with("http://")
            || w.starts_with("www.");
        // A capitalised first word, folded once: asked here whether it is a name (then a
        // capital after it carries the name on) and below whether it is one to replace.
        let folded =
            (opens && !w.ends_with([',', ';']) && w.chars().next().is_some_and(char::is_uppercase))
                .then(|| fold(w));
        after_lower = w.ends_with([',', ';'])
            || w.chars().next().is_some_and(|c| !c.is_uppercase())
            || folded.as_deref().is_some_and(|f| !dicts.is_given_wide(f));
        // Mid-sentence the name may close a clause ("con Abramo, manderà"); at the start it
        // is followed by a verb.
        let (w, closed) = if opens {
            (w, false)
        } else {
            let t = w.trim_end_matches([',', ';', ':', '.', '!', '?', ')']);
            (t, t.len() < w.len())
        };
        // Hyphens join double given names ("Wolf-Dieter bittet um …").
        if !capitalized(w) || !w.chars().all(|c| c.is_alphabetic() || c == '-') || w.ends_with('-')
        {
            continue;
        }
        if !opens && !follows_lower {
            continue;
        }
        let next = words.get(i + 1).map(|(_, n)| *n);
        // A pronoun or an article after the name opens the next sentence, glued on without a
        // full stop ("Io non sono venuto con Mario Una evoluzione …", "qui Mary Loro non …").
        let next_lower = next.is_some_and(|n| {
            n.chars().next().is_some_and(char::is_lowercase) || FUNCTION_WORDS.contains_lower(n)
        });
        // French `a` is a verb of saying only before a participle ("Guy a écrit", "a
        // appelé"); before anything else it is the Italian, Spanish or Portuguese "to"
        // ("Passato a Ilaria", "Enviar a fatura").
        let speaks = next.is_some_and(|n| {
            SPEECH_VERBS.contains_lower(n)
                && (n != "a"
                    || words.get(i + 2).is_some_and(|(_, p)| {
                        let p = p.trim_end_matches([',', '.', ';', ':', '!', '?']);
                        p.ends_with(['é', 'u']) || p.ends_with("it") || p.ends_with("is")
                    }))
        });
        // Inside a sentence the next word must not carry the name on (a family name is the
        // full-name rule's), unless a comma or a full stop ended it here.
        if !(next_lower || (!opens && (closed || next.is_none()))) {
            continue;
        }
        // Lower-cased once for the lists.
        let lower = w.to_lowercase();
        // A given name that is also a word is one before a verb of saying ("Guy demande à
        // être rappelé", "Rose asked for a refund").
        let not_a_name = (AMBIGUOUS_GIVEN.contains(&lower.as_str()) && !speaks)
            || STOP.contains(&lower.as_str())
            || NOT_SIGNATURES.contains(&lower.as_str())
            || FUNCTION_WORDS.contains(&lower.as_str())
            || RELATION_WORDS.contains(&lower.as_str());
        if not_a_name {
            continue;
        }
        // At a sentence start every word is capitalised: the dictionary only. Inside one the
        // capital says "proper noun": the wide list too, unless a place word comes before
        // ("in Charlotte", "aus Kai") or the word is a known city.
        let known: &dyn Fn(&str) -> bool = if opens {
            &|f| dicts.is_given(f)
        } else if strong_place_before(&words, i) {
            &|_| false
        } else if title_case(w) {
            &|f| dicts.is_given_wide(f)
        } else {
            // `LoRA`, `NaN`, `McKenzie`: the wide list's names are written plainly.
            &|f| dicts.is_given(f)
        };
        let folded = folded.unwrap_or_else(|| fold(w));
        let given = known(&folded)
            || folded
                .split_once('-')
                .is_some_and(|(a, b)| known(a) && known(b));
        // A known city inside a sentence is the places rule's ("Transmis à Florence").
        if (opens && speaks) || (given && (opens || !dicts.is_city(&folded))) {
            spans.push(Span {
                start: s,
                end: s + w.len(),
                kind: Kind::FirstName,
            });
        }
    }
}

/// Endings of family names in the languages whose names carry them (Slavic `-ović`, `-ová`,
/// `-ski`; Nordic `-sson`, `-dóttir`, `-sen`; Finnish `-ainen`; Romanian `-escu`; Greek
/// `-poulos`; Georgian `-shvili`; Russian `-ov`, `-eva`; Turkish `-oğlu`), lower case. Few
/// everyday words of the seven languages end so: they are asked only of the second of two
/// capitalised words.
const FAMILY_ENDINGS: [&str; 30] = [
    "ović", "ević", "ić", "ič", "ová", "ský", "ská", "sson", "dóttir", "wicz", "czyk", "ński",
    "ńska", "wski", "wska", "cki", "cka", "enko", "escu", "poulos", "shvili", "dze", "oğlu",
    "ainen", "äinen", "ov", "ova", "ev", "eva", "sen",
];

/// Whether a word ends like a family name ([`FAMILY_ENDINGS`]): the Russian endings only on
/// words of five letters or more (not `Kiev`), `-sen` only after a consonant other than `s`
/// (`Hansen`, `Frandsen`, `Nielsen`; not `Essen`, `Adressen`, `Rosen`, `Reisen`).
fn ends_like_family_name(w: &str) -> bool {
    // The last eight characters, lower-cased, are all an ending needs.
    let mut tail = ['\0'; 8];
    let mut n = 0;
    for c in w.chars().rev().take(8) {
        let mut l = c.to_lowercase();
        tail[7 - n] = l.next().unwrap_or(c);
        n += 1;
    }
    let tail = &tail[8 - n..];
    let letters = w.chars().count();
    FAMILY_ENDINGS.iter().any(|e| {
        let m = e.chars().count();
        m <= tail.len()
            && tail[tail.len() - m..].iter().copied().eq(e.chars())
            && match *e {
                "ov" | "ova" | "ev" | "eva" => letters >= 5,
                "sen" => {
                    letters >= 6
                        && tail.len().checked_sub(4).is_some_and(|i| {
                            tail[i].is_alphabetic() && !"aeiouyäöüs".contains(tail[i])
                        })
                }
                _ => letters > m + 1,
            }
    })
}

/// Whether a word could be one of a name's: written as names are (`Irena`, `Jean-Luc`), two
/// letters at least, and none of the words that open sentences, follow names or title people.
fn name_shaped(w: &str) -> bool {
    // The five lists as one set, so that each capitalised word costs one lookup.
    static NOT_NAMES: std::sync::LazyLock<crate::text::WordList> = std::sync::LazyLock::new(|| {
        crate::text::WordList::union(&[
            &STOP,
            &FUNCTION_WORDS,
            &TITLES,
            &RELATION_WORDS,
            &NOT_SIGNATURES,
        ])
    });
    w.chars().nth(1).is_some() && title_case(w) && !NOT_NAMES.contains_lower(w)
}

/// Capitalised words a learned name may stand beside (`Dear Anna`, `Mr Ojima`, `Anna I'm`,
/// `The Cristel Alonzo version`): unlike a street word (`Hall Road`) or any other capitalised
/// word (`Joyeux Noël`), they do not make it part of something else's name.
static BESIDE_NAMES: std::sync::LazyLock<crate::text::WordList> = std::sync::LazyLock::new(|| {
    crate::text::WordList::union(&[
        &FUNCTION_WORDS,
        &TITLES,
        &RELATION_WORDS,
        &NOT_SIGNATURES,
        &AMBIGUOUS_GIVEN,
        &CLOSINGS,
        &BEFORE_NAMES,
    ])
});

/// Capitalised words that are something other than a name the run learned: those a name may
/// stand beside (words that open sentences, title, relate or greet people, close letters), and
/// street words, countries and languages.
static NOT_LEARNED: std::sync::LazyLock<crate::text::WordList> = std::sync::LazyLock::new(|| {
    crate::text::WordList::union(&[&BESIDE_NAMES, &STOP, &COUNTRIES, &NATIONALITIES])
});

/// Whether a word of a name column (or of a name the rules found in prose) is one a run may
/// look for alone in its prose ([`learned_names`]): written as names are (`Eriskhan`,
/// `Olli-Pekka`, `O'Neill`), three letters or more, and no everyday word any list knows
/// (`Will`, `Love`, `German`, `Canada`).
pub fn learnable_name(w: &str) -> bool {
    // `O'Neill`, `D'Angelo`; not `I'd`, `We'll`, `C'mon`.
    proper_word(w, 3) && w.chars().any(char::is_lowercase) && !NOT_LEARNED.contains_lower(w)
}

/// The words of a name that may be looked for alone ([`learnable_name`]), each with its kind:
/// a given or family name's words as they are, a full name's first word as a given name and
/// its last as a family name; and a town as written, of one word (in capitals too: `DOLE`) or of
/// two or three capitalised words, as a whole (`Pleasant Grove`).
pub fn name_words(kind: Kind, v: &str) -> Vec<(&str, Kind)> {
    if kind == Kind::City {
        // A town as written (`Hella`, `DOLE`, `Pleasant Grove`): one of several words is looked
        // for as a whole, since alone they are everyday ones (`New`, `Grove`).
        let v = v.trim();
        let caps = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_uppercase() || c == '-');
        let words: Vec<&str> = v.split(' ').collect();
        let town = match words.len() {
            1 => learnable_name(v) || (caps(v) && !NOT_LEARNED.contains_lower(v)),
            2 | 3 => words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
            }),
            _ => false,
        };
        return if town { vec![(v, Kind::City)] } else { vec![] };
    }
    let words: Vec<&str> = v
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let kind = match kind {
                Kind::PersonName if i == 0 => Kind::FirstName,
                Kind::PersonName if i == last => Kind::LastName,
                Kind::PersonName => return None,
                k => k,
            };
            learnable_name(w).then_some((*w, kind))
        })
        .collect()
}

/// The words of `text` that are names the run learned (`learned` gives their kind), each
/// alone as a name stands: not glued into an address, handle or link (`anna@`, `/Smith`,
/// `Smith.com`), not after an article or possessive (`ihrem Mann`, `the White House`), and not
/// beside another capitalised word that is neither a learned name nor one a name may follow
/// (`Joyeux Noël`, `Hall Road`, `alles Gute`; `Dear Anna` and `Anna I'm` are names). A
/// possessive `'s` stays outside the span. Learned names side by side make one full name; a
/// learned town of several words is found as a whole.
///
/// A customer export's notes name other customers (`Eriskhan, can I please speak to your
/// boss?`, `says Marinović.`) and towns, whom no rule tells from other capitalised words;
/// their names are in the export's own columns.
pub fn learned_names(text: &str, learned: impl Fn(&str) -> Option<Kind>) -> Vec<Span> {
    let text = &*super::plain_text(text);
    // Words: letters, with `-` and apostrophes between them.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_letter_end = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            if start.is_none() {
                start = Some(i);
            }
            last_letter_end = i + c.len_utf8();
        } else if start.is_some() && matches!(c, '-' | '\'' | '’') && last_letter_end == i {
            // Joins only when a letter follows: decided at the next character.
        } else if let Some(s) = start.take() {
            words.push((s, last_letter_end));
        }
    }
    if let Some(s) = start {
        words.push((s, last_letter_end));
    }
    let core = |(s, e): (usize, usize)| -> &str {
        let w = &text[s..e];
        w.strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .filter(|c| !c.is_empty())
            .unwrap_or(w)
    };
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // A capitalised word of more than one letter that is neither learned nor one a name may
    // stand beside.
    let other_capital = |w: &str| {
        let head = w.split(['\'', '’']).next().unwrap_or(w);
        capital(w)
            && w.chars().nth(1).is_some()
            && learned(w).is_none()
            && !BESIDE_NAMES.contains_lower(head)
    };
    // Not glued into an address, handle or link on either side.
    let glued_before = |s: usize| {
        let before = text[..s].chars().next_back();
        let before2 = text[..s].chars().rev().nth(1);
        before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '_' | '/' | '#' | '\\'))
            || (before == Some('.') && before2.is_some_and(char::is_alphanumeric))
    };
    let glued_after = |end: usize| {
        let mut after = text[end..].chars();
        let (a1, a2) = (after.next(), after.next());
        a1.is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '_'))
            || (a1.is_some_and(|c| matches!(c, '.' | '/' | ':'))
                && a2.is_some_and(|c| c.is_alphanumeric() || c == '/'))
    };
    let mut out: Vec<Span> = Vec::new();
    // The words a town of several words took.
    let mut taken_until = 0;
    for (k, &(s, e)) in words.iter().enumerate() {
        if k < taken_until {
            continue;
        }
        let w = core((s, e));
        if !capital(w) || w.len() < 3 || glued_before(s) {
            continue;
        }
        // A town of three or two capitalised words, each after one space.
        let town = [3, 2].into_iter().find_map(|n| {
            let last = words.get(k + n - 1)?;
            let run = &words[k..k + n];
            let spaced = run.windows(2).all(|p| &text[p[0].1..p[1].0] == " ");
            let capitals = run.iter().all(|&(a, _)| capital(&text[a..]));
            (spaced
                && capitals
                && !glued_after(last.1)
                && learned(&text[s..last.1]) == Some(Kind::City))
            .then_some((n, last.1))
        });
        if let Some((n, end)) = town {
            out.push(Span {
                start: s,
                end,
                kind: Kind::City,
            });
            taken_until = k + n;
            continue;
        }
        let end = s + w.len();
        if glued_after(end) {
            continue;
        }
        let Some(kind) = learned(w) else {
            continue;
        };
        // (Towns were judged as [`name_words`] took them: in capitals too.)
        if kind != Kind::City && !learnable_name(w) {
            continue;
        }
        if k > 0 {
            let (ps, pe) = words[k - 1];
            let p = &text[ps..pe];
            if &text[pe..s] == " "
                && (other_capital(p) || (!capital(p) && DETERMINERS.contains(&p)))
            {
                continue;
            }
        }
        if let Some(&(ns, ne)) = words.get(k + 1)
            && &text[e..ns] == " "
            && other_capital(&text[ns..ne])
        {
            continue;
        }
        match out.last_mut() {
            Some(last)
                if &text[last.end..s] == " "
                    && last.end == words[k - 1].1
                    && last.kind.is_name()
                    && kind.is_name() =>
            {
                last.end = end;
                last.kind = Kind::PersonName;
            }
            _ => out.push(Span {
                start: s,
                end,
                kind,
            }),
        }
    }
    out
}

/// Full names that no dictionary needs to know, by their shape: a given name, a middle
/// initial and a family name ("Cettina T Fanucci", "Kristian C. Herzog"); two capitalised
/// words of which the second ends like a family name ("Keijo Hänninen", "Milada Šebková");
/// and, inside a sentence, a name of the wide given-name list before a capitalised word
/// ("not by Irena Bílá", "features Abby Kincaid"), unless that word is a street's (`Charlotte
/// Road`), a place word comes before (`in Florence Bay`) or the first word is a known city.
pub(super) fn names_by_shape(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    let words = line_words(text);
    fn opening(w: &str) -> &str {
        w.trim_start_matches(['(', '"', '\'', '“', '‘', '«'])
    }
    fn closing(w: &str) -> &str {
        w.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\'', '”', '’', '»'])
    }
    let mut i = 0;
    while i + 1 < words.len() {
        let (s0, raw) = words[i];
        let w1 = opening(raw);
        let s1 = s0 + (raw.len() - w1.len());
        // The first word runs on into the next: nothing may close it.
        if !name_shaped(w1) {
            i += 1;
            continue;
        }
        let initial = words[i + 1].1;
        let has_initial = {
            let mut cs = initial.chars();
            cs.next().is_some_and(char::is_uppercase)
                && matches!(cs.as_str(), "" | ".")
                && words.get(i + 2).is_some()
        };
        let (j, (s2, raw2)) = if has_initial {
            (i + 2, words[i + 2])
        } else {
            (i + 1, words[i + 1])
        };
        let w2 = closing(raw2);
        if !name_shaped(w2) || COUNTRIES.contains_lower(w2) {
            i += 1;
            continue;
        }
        let end = s2 + w2.len();
        let inside = i > 0 && {
            let before = words[i - 1].1;
            !before.is_empty()
                && !before.ends_with(['.', '!', '?', ':'])
                && !matches!(before, "|" | "-" | "–")
                && !STRONG_PLACE_WORDS.contains_lower(before)
        };
        // Exactly two capitalised words: none before ("Amazon Athena User"), none after
        // ("Athena User Guide") unless punctuation closed the second.
        let alone = (i == 0 || !capitalized(words[i - 1].1))
            && (raw2.len() > w2.len() || words.get(j + 1).is_none_or(|(_, n)| !capitalized(n)));
        // The cheap tests first; the lists are asked only when the shape leaves it open.
        let folded = std::cell::OnceCell::new();
        let folded = || folded.get_or_init(|| fold(w1)).as_str();
        let given = std::cell::OnceCell::new();
        let given = || *given.get_or_init(|| dicts.is_given_wide(folded()));
        let family_end = ends_like_family_name(w2);
        // A middle initial with a full stop is shape enough ("Kristian C. Herzog"); without
        // one a list must know a part ("Snapdragon X Elite" is no one).
        let initial_name = has_initial
            && (initial.ends_with('.') || family_end || given() || dicts.is_family(&fold(w2)));
        // Finnish `-nen` (`Hänninen`, `Laaksonen`) ends German plurals too (`Maschinen`,
        // `Personen`): only two capitalised words alone inside a sentence, with a Finnish
        // letter (`ä`, `ö`, `y`) or a doubled one (`kk`, `aa`) before the ending.
        let finnish = || {
            let l = w2.to_lowercase();
            l.strip_suffix("nen").is_some_and(|stem| {
                let cs: Vec<char> = stem.chars().collect();
                cs.len() >= 3
                    && !l.ends_with("ionen")
                    && !l.ends_with("nnen")
                    && (cs.iter().any(|c| matches!(c, 'ä' | 'ö' | 'y'))
                        || cs.windows(2).any(|p| p[0] == p[1]))
            })
        };
        let found = (initial_name
            || family_end
            || (inside && alone && w2.ends_with("nen") && finnish())
            || (inside
                && alone
                && given()
                && !AMBIGUOUS_GIVEN.contains_lower(w1)
                && !crate::detect::address::is_street_word(w2)))
            && !dicts.is_city(folded());
        if found {
            spans.push(Span {
                start: s1,
                end,
                kind: Kind::PersonName,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

/// A speaker's given name before a colon, opening a line or a sentence, as chat transcripts
/// and interview notes write them ("Agent: …\nEdward: Remember me?", "… of everyone. Eygló:
/// What a wife."), when a name list knows it.
pub(super) fn speakers(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    for colon in memchr::memchr_iter(b':', text.as_bytes()) {
        // The word before the colon, back to the space or line break before it.
        let head = &text[..colon];
        let start = head.rfind(char::is_whitespace).map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
        let name = &head[start..];
        if name.len() < 2 || !title_case(name) {
            continue;
        }
        // Opening a line or a sentence: what stands before the name's space.
        let before = text[..start].trim_end_matches([' ', '\t']);
        let opens = before.is_empty() || before.ends_with(['\n', '\r', '.', '!', '?', '"', '”']);
        if opens
            && !STOP.contains_lower(name)
            && !FUNCTION_WORDS.contains_lower(name)
            && dicts.is_given_wide(&fold(name))
        {
            spans.push(Span {
                start,
                end: start + name.len(),
                kind: Kind::FirstName,
            });
        }
    }
}

/// Whether each hyphen-joined part of a word is one capital and then small letters, after a
/// name's prefix or an initial and apostrophe or not (`Wilbur`, `Jean-Luc`, `MacMahon`,
/// `DeRose`, `O'Neill`; not `LoRA`, `NaN`, `I'm`).
fn title_case(w: &str) -> bool {
    fn plain(p: &str) -> bool {
        let mut cs = p.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
    }
    const PREFIXES: [&str; 11] = [
        "Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Fitz",
    ];
    w.split('-').all(|p| {
        plain(p)
            || PREFIXES
                .iter()
                .any(|pre| p.strip_prefix(pre).is_some_and(|r| r.len() > 1 && plain(r)))
            || p.split_once(['\'', '’']).is_some_and(|(a, b)| {
                a.chars().count() == 1 && plain(a) && b.chars().nth(1).is_some() && plain(b)
            })
    })
}

/// Whether the word before word `i` says where ("in", "aus", "près"): a capitalised word
/// after it is more likely a place than a person. Words of both ("to", "à", "naar", "a") are
/// not among these.
fn strong_place_before(words: &[(usize, &str)], i: usize) -> bool {
    i > 0 && STRONG_PLACE_WORDS.contains_lower(words[i - 1].1)
}

/// Names in context: given + (particles) + family, or title + family.
pub(super) fn names(text: &str, dicts: &Dictionaries, spans: &mut Vec<Span>) {
    // Words with their byte ranges, trailing punctuation trimmed below, and whether each
    // opens a line: a name does not run on across a line break (`General Dynamics
    // Corporation\nJames M Sparks` holds no `Corporation James`).
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut opens: Vec<bool> = Vec::new();
    let mut after_break = true;
    for (s, w) in line_words(text) {
        if w.is_empty() {
            after_break = true;
            continue;
        }
        words.push((s, s + w.len()));
        opens.push(std::mem::take(&mut after_break));
    }
    let trim = |(s, e): (usize, usize)| -> (usize, usize) {
        let w = &text[s..e];
        let t = w
            .trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\''])
            .trim_start_matches(['(', '"', '\'']);
        // Where `t` first occurs in `w`: right after the opening marks it lost (it starts with
        // none of them), or at 0 when nothing is left.
        let off = if t.is_empty() {
            0
        } else {
            w.len() - w.trim_start_matches(['(', '"', '\'']).len()
        };
        (s + off, s + off + t.len())
    };
    let mut i = 0;
    while i < words.len() {
        let (s, e) = trim(words[i]);
        let w = &text[s..e];
        // The word as written, punctuation and all ("Dr."), if trimming changed it.
        let is_title = TITLES.contains_lower(w)
            || ((s, e) != words[i] && TITLES.contains_lower(&text[words[i].0..words[i].1]));
        // Folded once, for the dictionaries, if capitalized (only then is it asked about).
        let cap = capitalized(w);
        let folded = if cap { fold(w) } else { String::new() };
        if is_title {
            // Particles between the title and the name belong to the name ("Dhr. ter Honke",
            // "il sig. Del Bianco").
            let particles = (i + 1..words.len().min(i + 3))
                .take_while(|&k| PARTICLES.contains_lower(&text[words[k].0..words[k].1]))
                .count();
            if let Some(&next) = words.get(i + 1 + particles) {
                let (ns, ne) = trim(next);
                let nw = &text[ns..ne];
                // With particles between, any capitalised word is the family name; without,
                // only a known one ("Frau Doktor", "Herr Pfarrer" are no names).
                if capitalized(nw)
                    && (dicts.is_family(&fold(nw)) || (particles > 0 && !STOP.contains_lower(nw)))
                {
                    let start = if particles > 0 { words[i + 1].0 } else { ns };
                    spans.push(Span {
                        start,
                        end: ne,
                        kind: Kind::LastName,
                    });
                    i += 2 + particles;
                    continue;
                }
            }
        }
        // Punctuation after the word closed it: no family name follows ("Edward: Remember me",
        // "Cheryl? When I …").
        let closed = text[e..words[i].1].contains([',', ';', ':', '.', '!', '?', ')']);
        if cap && !closed && dicts.is_given(&folded) {
            let mut j = i + 1;
            while j < words.len()
                && !opens[j]
                && PARTICLES.contains_lower(&text[words[j].0..words[j].1])
            {
                j += 1;
            }
            if let Some(&last) = words.get(j).filter(|_| !opens[j]) {
                let (ls, le) = trim(last);
                let lw = &text[ls..le];
                // A known given name followed by a capitalized word that is not a function word
                // or a date word: the family name need not be in the dictionary.
                let plausible = dicts.is_family(&fold(lw))
                    || (j == i + 1
                        && !STOP.contains_lower(lw)
                        && !FUNCTION_WORDS.contains_lower(lw));
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
            && cap
            && !closed
            && !STOP.contains_lower(w)
            && !dicts.is_given(&folded)
            && !text[words[i - 1].0..words[i - 1].1].ends_with('.')
            && let Some(&next) = words.get(i + 1).filter(|_| !opens[i + 1])
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

/// The ways a name from a structured column is written again in prose: without a leading title
/// (`dhr. Elin van het Heerenveen` → `Elin van het Heerenveen`) and with a `Family, Given`
/// order turned round (`DA MOTA, Liam` → `Liam DA MOTA`). The value itself is not among them.
pub fn name_forms(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut v = v.trim();
    // Called for every row of a name column in pass 1: compared without a lower-cased copy
    // (the titles are ASCII).
    if let Some((first, rest)) = v.split_once(' ')
        && TITLES.iter().any(|t| {
            first.eq_ignore_ascii_case(t) || first.trim_end_matches('.').eq_ignore_ascii_case(t)
        })
    {
        v = rest.trim_start();
        out.push(v.to_string());
    }
    if let Some((family, given)) = v.split_once(", ")
        && !given.contains(',')
        && !family.trim().is_empty()
        && !given.trim().is_empty()
    {
        out.push(format!("{} {}", given.trim(), family.trim()));
    }
    out
}

#[cfg(test)]
mod forms_tests {
    use super::name_forms;

    /// `name_forms` compares titles ignoring ASCII case only.
    #[test]
    fn titles_are_ascii() {
        for t in super::TITLES.iter() {
            assert!(t.is_ascii(), "{t}");
        }
    }

    #[test]
    fn titles_go_and_family_given_order_turns_round() {
        assert_eq!(
            name_forms("dhr. Elin van het Heerenveen"),
            ["Elin van het Heerenveen"]
        );
        assert_eq!(name_forms("DA MOTA, Liam"), ["Liam DA MOTA"]);
        assert_eq!(
            name_forms("Sra. Coll, Ángela"),
            ["Coll, Ángela", "Ángela Coll"]
        );
        assert!(name_forms("Ángela Coll").is_empty());
    }
}
