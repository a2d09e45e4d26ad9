//! Names after greetings and titles: [`greeting_names`] finds a given name alone after a greeting
//! ("Dear Karl,", "Hallo Jürgen", "Olá João") or the capitalised word after a title ("Frau
//! Müller", "Sig.ra Rossi", "de heer Jansen"), with the greeting, title and not-a-name lists of
//! `data/`.

use super::matcher::alternation;
use super::words::{GREETINGS, GREETINGS_AT_START, NOT_NAMES, THANKS, TITLES};
use super::{next_char, prev_char, word_after, word_bounded};
use crate::per_thread::Pattern as Regex;
use crate::text::fold;
use std::collections::HashSet;
use std::sync::LazyLock;

struct GreetingMatcher {
    anywhere: Regex,
    at_start: Regex,
    thanks: Regex,
    titles: Regex,
    /// The same, anchored.
    title_here: Regex,
    word: Regex,
}

static GREET: LazyLock<GreetingMatcher> = LazyLock::new(|| {
    let mut titles: Vec<&str> = TITLES.to_vec();
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let titles = titles
        .iter()
        .map(|t| regex::escape(t))
        .collect::<Vec<_>>()
        .join("|");
    GreetingMatcher {
        anywhere: Regex::new(&alternation(&GREETINGS, true)).expect("greeting regex"),
        at_start: Regex::new(&alternation(&GREETINGS_AT_START, true)).expect("greeting regex"),
        thanks: Regex::new(&alternation(&THANKS, true)).expect("greeting regex"),
        titles: Regex::new(&format!("(?:{titles})")).expect("title regex"),
        title_here: Regex::new(&format!("^(?:{titles})")).expect("title regex"),
        word: Regex::new(r"^\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*").expect("word regex"),
    }
});

/// `text[i..]` starts a sentence: only spaces, quotes or brackets stand between it and the
/// start of the text, a line or a sentence.
fn at_sentence_start(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches([' ', '\t', '"', '\'', '«', '„', '“', '(', '*', '>']);
    before.chars().next_back().is_none_or(|c| {
        matches!(
            c,
            '\n' | '\r' | '.' | '!' | '?' | ':' | ';' | '-' | '–' | '—'
        )
    })
}

/// A capitalised word at `p`: its end and whether it is all capitals.
fn name_word_at(text: &str, p: usize) -> Option<(usize, bool)> {
    let m = GREET.word.find(&text[p..])?;
    let e = p + m.end();
    if next_char(text, e).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let w = m.as_str();
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 {
        return None;
    }
    let caps = !w.chars().any(char::is_lowercase);
    Some((e, caps))
}

/// Only spaces, then a comma or the end of a sentence (or of the text) follow `e`.
fn ends_phrase(text: &str, e: usize) -> bool {
    let rest = text[e..].trim_start_matches([' ', '\t']);
    rest.chars().next().is_none_or(|c| {
        matches!(
            c,
            ',' | '.' | '!' | '?' | ':' | ';' | ')' | '\n' | '\r' | '…'
        )
    })
}

/// [`NOT_NAMES`] and the titles, folded.
static NOT_NAME_SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
    NOT_NAMES
        .iter()
        .map(|w| w.to_string())
        .chain(TITLES.iter().map(|t| fold(t.trim_end_matches('.'))))
        .collect()
});

fn not_a_name(text: &str, s: usize, e: usize) -> bool {
    NOT_NAME_SET.contains(&fold(&text[s..e]))
}

fn known_given(word: &str, is_given: &dyn Fn(&str) -> bool) -> bool {
    let f = fold(word);
    is_given(&f) || f.split_once('-').is_some_and(|(a, _)| is_given(a))
}

/// A title at `p` followed by spaces: where the word after it starts.
fn after_title(text: &str, p: usize) -> Option<usize> {
    let m = GREET.title_here.find(&text[p..])?;
    let e = p + m.end();
    let rest = &text[e..];
    let t = rest.trim_start_matches(' ');
    if t.len() == rest.len() {
        return None;
    }
    Some(e + (rest.len() - t.len()))
}

/// A given name alone after a greeting or a title: "Dear Karl,", "Hi Anna", "Hallo Jürgen",
/// "Bonjour Anaïs", "Chère Élodie", "Hola Lucía", "Querida Ana", "Ciao Marco", "Gentile Giulia",
/// "Beste Sanne", "Olá João", "Caro Pedro" (only greetings and salutations before the name, not
/// closings like "Liebe Grüße, Karin"). Returns the byte range of the capitalised word after the
/// greeting if `is_given(folded_lowercase_word)` says it is a given name or it is followed by ","
/// or the end of a sentence (a following capitalised word that itself ends the phrase too:
/// "Dear Karl Moser,"; and a second name after "and": "Hi Anna and Ben,"). After a title
/// (Mr/Mrs/Ms/Dr/Herr/Frau/M./Mme/Mlle/Sr./Sra./Sig./Sig.ra/Dhr./Mevr./Dona, …, chained titles
/// allowed: "Frau Dr. Weber") the capitalised word that follows (and the next one too when the
/// first is a known given name: "Mr John Smith"). Sorted, non-overlapping.
pub fn greeting_names(text: &str, is_given: &dyn Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let g = &*GREET;
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Greetings: (regex, needs the start of a sentence, needs a known given name)
    for (re, at_start, need_given) in [
        (&g.anywhere, false, false),
        (&g.at_start, true, false),
        (&g.thanks, false, true),
    ] {
        for m in re.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            // "Liebe Anna, lieber Peter": a second salutation after a name found.
            let after_name = || {
                let before = text[..s].trim_end_matches(' ');
                before.strip_suffix(',').is_some_and(|b| {
                    let b = b.trim_end_matches(' ');
                    out.iter().any(|&(_, ne)| ne == b.len())
                })
            };
            if !word_bounded(text, s, e)
                || (at_start && !at_sentence_start(text, s) && !after_name())
            {
                continue;
            }
            let rest = &text[e..];
            let t = rest.trim_start_matches([' ', '\t']);
            let t = t
                .strip_prefix(',')
                .unwrap_or(t)
                .trim_start_matches([' ', '\t']);
            let p = e + (rest.len() - t.len());
            if p == e || after_title(text, p).is_some() {
                continue; // glued to the word, or a title follows (handled below)
            }
            let Some((we, caps)) = name_word_at(text, p) else {
                continue;
            };
            if not_a_name(text, p, we) {
                continue;
            }
            let given = known_given(&text[p..we], is_given);
            let ok = given || (!need_given && !caps && ends_phrase(text, we));
            if !ok {
                continue;
            }
            out.push((p, we));
            // "Dear Karl Moser," / "Hi Anna and Ben,"
            let rest = &text[we..];
            let t = rest.trim_start_matches(' ');
            let q = we + (rest.len() - t.len());
            if q == we + 1
                && let Some((qe, qcaps)) = name_word_at(text, q)
                && !qcaps
                && !not_a_name(text, q, qe)
                && ends_phrase(text, qe)
            {
                out.push((q, qe));
                continue;
            }
            let (w, _) = word_after(text, we);
            if ["and", "und", "et", "y", "e", "en"].contains(&w.as_str()) || t.starts_with('&') {
                let after = if t.starts_with('&') {
                    q + 1
                } else {
                    q + w.len()
                };
                let r = &text[after..];
                let t2 = r.trim_start_matches(' ');
                let q2 = after + (r.len() - t2.len());
                if q2 > after
                    && let Some((qe, qcaps)) = name_word_at(text, q2)
                    && !not_a_name(text, q2, qe)
                    && (known_given(&text[q2..qe], is_given) || (!qcaps && ends_phrase(text, qe)))
                {
                    out.push((q2, qe));
                }
            }
        }
    }
    // Titles
    let mut at = 0;
    while let Some(m) = g.titles.find_at(text, at) {
        let (s, e) = (m.start(), m.end());
        at = e;
        let prev_ok = prev_char(text, s).is_none_or(|c| {
            c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '«' | '„' | '“' | ',' | ';' | ':')
        });
        let title_alone =
            !m.as_str().ends_with('.') && next_char(text, e).is_some_and(char::is_alphanumeric);
        if !prev_ok || title_alone {
            continue;
        }
        // Chained titles: "Frau Dr. Weber", "Herr Prof. Dr. Schmidt".
        let mut p = s;
        let mut hops = 0;
        while hops < 4
            && let Some(np) = after_title(text, p)
        {
            p = np;
            hops += 1;
        }
        if hops == 0 {
            continue;
        }
        at = at.max(p);
        let Some((we, _)) = name_word_at(text, p) else {
            continue;
        };
        if not_a_name(text, p, we) {
            continue;
        }
        out.push((p, we));
        if known_given(&text[p..we], is_given)
            && text[we..].starts_with(' ')
            && let Some((qe, _)) = name_word_at(text, we + 1)
            && !not_a_name(text, we + 1, qe)
        {
            out.push((we + 1, qe));
        }
    }
    out.sort_unstable();
    out.dedup();
    let mut res: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for r in out {
        if res.last().is_none_or(|l| r.0 >= l.1) {
            res.push(r);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const GIVEN: &[&str] = &[
        "karl", "anna", "jurgen", "anais", "elodie", "lucia", "ana", "marco", "giulia", "sanne",
        "joao", "pedro", "john", "maria", "ben", "karin", "lena",
    ];

    fn is_given(w: &str) -> bool {
        GIVEN.contains(&w)
    }

    fn names(text: &str) -> Vec<&str> {
        greeting_names(text, &is_given)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn greetings_in_every_language() {
        assert_eq!(names("Dear Karl,\nthanks for the call."), vec!["Karl"]);
        assert_eq!(names("Hi Anna, see below."), vec!["Anna"]);
        assert_eq!(names("Hallo Jürgen, wie geht's?"), vec!["Jürgen"]);
        assert_eq!(names("Bonjour Anaïs, merci !"), vec!["Anaïs"]);
        assert_eq!(names("Chère Élodie,"), vec!["Élodie"]);
        assert_eq!(names("Hola Lucía, ¿qué tal?"), vec!["Lucía"]);
        assert_eq!(names("Querida Ana: gracias."), vec!["Ana"]);
        assert_eq!(names("Ciao Marco, a domani"), vec!["Marco"]);
        assert_eq!(names("Gentile Giulia, la ringrazio."), vec!["Giulia"]);
        assert_eq!(names("Beste Sanne, bedankt!"), vec!["Sanne"]);
        assert_eq!(names("Olá João, tudo bem?"), vec!["João"]);
        assert_eq!(names("Caro Pedro, obrigado."), vec!["Pedro"]);
    }

    #[test]
    fn unknown_names_need_a_comma_or_sentence_end() {
        assert_eq!(names("Hi Xandru, your parcel is late."), vec!["Xandru"]);
        assert_eq!(names("Hallo Zoltán!"), vec!["Zoltán"]);
        assert!(names("Hi Xandru Company Ltd is here").is_empty());
        assert_eq!(names("Hi Anna Berlin office is closed"), vec!["Anna"]);
    }

    #[test]
    fn greeting_words_that_are_not_names() {
        assert!(names("Hallo Team, das Meeting fällt aus.").is_empty());
        assert!(names("Hi All, quick update.").is_empty());
        assert!(names("Dear Sir, I write about my order.").is_empty());
        assert!(names("Liebe Grüße, Karin").is_empty());
        assert!(names("Beste Grüße, Karin").is_empty());
        assert!(names("Sehr geehrte Damen und Herren,").is_empty());
        assert!(names("Bonjour à tous,").is_empty());
        assert!(names("Die Liebe Gottes, sagte er.").is_empty());
        assert!(names("Hola Equipo,").is_empty());
        assert_eq!(names("Hi ANNA, we're the IT team"), vec!["ANNA"]);
        assert!(names("Hi IT, the printer is broken.").is_empty());
    }

    #[test]
    fn greeting_with_two_names() {
        assert_eq!(names("Dear Karl Moser,"), vec!["Karl", "Moser"]);
        assert_eq!(names("Hi Anna and Ben,"), vec!["Anna", "Ben"]);
        assert_eq!(names("Hallo, Lena!"), vec!["Lena"]);
        assert_eq!(names("Thanks Maria, that helps."), vec!["Maria"]);
        assert!(names("Thanks Monday works.").is_empty());
    }

    #[test]
    fn titles() {
        assert_eq!(
            names("Sehr geehrte Frau Müller, vielen Dank."),
            vec!["Müller"]
        );
        assert_eq!(
            names("Ich habe Herrn Schmidt Bescheid gegeben."),
            vec!["Schmidt"]
        );
        assert_eq!(names("Dear Mr. Smith,"), vec!["Smith"]);
        assert_eq!(names("Mr John Smith called."), vec!["John", "Smith"]);
        assert_eq!(names("Frau Dr. Weber ist im Urlaub."), vec!["Weber"]);
        assert_eq!(
            names("Rendez-vous avec M. Dupont et Mme Leroy."),
            vec!["Dupont", "Leroy"]
        );
        assert_eq!(
            names("La Sra. García llamó; el Sr. Pérez no."),
            vec!["García", "Pérez"]
        );
        assert_eq!(
            names("La Sig.ra Rossi e il Sig. Bianchi"),
            vec!["Rossi", "Bianchi"]
        );
        assert_eq!(names("Dhr. Jansen en Mevr. de Vries"), vec!["Jansen"]);
        assert_eq!(names("A Dona Conceição ligou."), vec!["Conceição"]);
        assert_eq!(
            names("Mr O'Brien and Mrs Smith-Jones"),
            vec!["O'Brien", "Smith-Jones"]
        );
    }

    #[test]
    fn title_negatives() {
        assert!(names("MS is a disease; Dr. and nurse came.").is_empty());
        assert!(names("Don't worry, Miss.").is_empty());
        assert!(names("at 5 P.M. Tomorrow").is_empty());
        assert!(names("Frau Doktor hat angerufen").is_empty());
        assert!(names("Dr.Smith").is_empty());
    }

    #[test]
    fn names_offsets_are_bytes() {
        let text = "Olá João,";
        let r = greeting_names(text, &is_given);
        assert_eq!(r, vec![(5, 10)]);
    }

    #[test]
    fn lower_case_titles_inside_sentences() {
        assert_eq!(names("De heer Jansen belde gisteren."), vec!["Jansen"]);
        assert_eq!(names("El señor Pérez llamó ayer."), vec!["Pérez"]);
        assert_eq!(names("Il signor Rossi è arrivato."), vec!["Rossi"]);
        assert_eq!(names("J'ai vu monsieur Dupont hier."), vec!["Dupont"]);
        assert_eq!(names("Geachte heer Jansen,"), vec!["Jansen"]);
    }

    #[test]
    fn second_salutation_after_a_name() {
        assert_eq!(names("Liebe Anna, lieber Peter,"), vec!["Anna", "Peter"]);
        assert!(names("Mi cara amiga, Lucía").is_empty());
    }

    #[test]
    fn greetings_before_titles_and_pronouns() {
        assert_eq!(names("Hallo Frau Schmidt, danke!"), vec!["Schmidt"]);
        assert_eq!(names("Guten Tag Herr Meier,"), vec!["Meier"]);
        assert!(names("Hi, I'm new here.").is_empty());
        assert!(names("Buongiorno Dottore,").is_empty());
        assert!(names("Hey Google, set a timer.").is_empty());
        assert!(names("Hi Xavier and thanks for everything").is_empty());
    }

    #[test]
    fn fold_matches_the_dictionary_keys() {
        assert_eq!(fold("Jürgen"), "jurgen");
        assert_eq!(fold("JOÃO"), "joao");
        assert_eq!(fold("Strauß"), "strauss");
        assert_eq!(fold("Élodie"), "elodie");
    }

    #[test]
    fn is_given_receives_folded_words() {
        let seen = std::cell::RefCell::new(Vec::new());
        let f = |w: &str| {
            seen.borrow_mut().push(w.to_string());
            false
        };
        let _ = greeting_names("Hallo Jürgen und Zoë", &f);
        assert!(seen.borrow().contains(&"jurgen".to_string()));
    }
}
