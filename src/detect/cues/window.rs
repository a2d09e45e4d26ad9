//! The window after a cue word: at most six words and 40 bytes, skipping connectors, stopping at
//! the end of a sentence and at words that introduce other numbers; the value (or list of values)
//! it holds; the look-back for a verb-final "geboren"; and [`cue_spans`], which resolves the
//! values of all cues in a text into sorted, non-overlapping spans.

use super::CueKind::*;
use super::CueSpan;
use super::dates::date_at;
use super::matcher::{Cue, find_cues};
use super::values::{phones_before_labels, value_at};
use super::words::{ABBREVIATIONS, ACCOUNT_IDIOMS, BLOCKERS, CONNECTORS};
use super::{next_char, prev_char, word_after};

/// How far the value may start after the end of the cue word, in bytes.
const MAX_GAP: usize = 40;
/// How many words may stand between the cue and the value.
const MAX_WORDS: usize = 6;
/// How many further values a list after one cue may add ("Tel. 030 123456 or 0171 2345678").
const MAX_LIST: usize = 3;

fn overlaps_cue(cues: &[Cue], s: usize, e: usize) -> bool {
    cues.iter().any(|c| c.start < e && s < c.end)
}

/// Characters skipped between words of the window.
fn skippable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ':' | '='
                | '#'
                | '('
                | ')'
                | '['
                | ']'
                | '"'
                | '\''
                | '“'
                | '”'
                | '„'
                | '«'
                | '»'
                | ','
                | ';'
                | '*'
                | '-'
                | '–'
                | '—'
                | '/'
                | '>'
                | '‘'
                | '’'
        )
}

/// The end of the word at `p` (it stops at skippable characters, and after an abbreviation's
/// period or a `°` glued to a digit: "Nr.123", "n°123").
fn word_end(text: &str, p: usize) -> usize {
    let mut it = text[p..].char_indices().peekable();
    let mut end = p;
    while let Some((k, c)) = it.next() {
        if k > 0 && (skippable(c) || matches!(c, '!' | '?')) {
            break;
        }
        end = p + k + c.len_utf8();
        if matches!(c, '.' | '°' | 'º') && it.peek().is_some_and(|(_, n)| n.is_ascii_digit()) {
            break;
        }
    }
    end
}

/// The word that ends just before `i` (spaces skipped), lower case.
fn word_before(text: &str, i: usize) -> String {
    let before = text[..i].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(k, _)| k);
    before[start..].to_lowercase()
}

/// German and Dutch put the verb last: "ich bin am 12.03.1984 in Köln geboren", "ik ben op
/// 12 maart 1984 geboren". For a bare "geboren", the nearest date that ends at most four words
/// (and 40 bytes) before it in the same sentence.
fn date_before(text: &str, cue: &Cue) -> Option<(usize, usize)> {
    if cue.kind != DateOfBirth || !text[cue.start..cue.end].eq_ignore_ascii_case("geboren") {
        return None;
    }
    // "geboren am 13.09.1943": the date follows, as after any other cue.
    let after = text[cue.end..].trim_start();
    let after = ["am ", "op ", "den ", "on "]
        .iter()
        .find_map(|w| {
            after
                .get(..w.len())
                .filter(|h| h.eq_ignore_ascii_case(w))
                .map(|_| after[w.len()..].trim_start())
        })
        .unwrap_or(after);
    if date_at(text, text.len() - after.len()).is_some() {
        return None;
    }
    let mut from = cue.start.saturating_sub(MAX_GAP + 24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut best = None;
    let mut past = from;
    for (k, c) in text[from..cue.start].char_indices() {
        let p = from + k;
        let starts_word = c.is_ascii_digit() || c.is_alphabetic();
        if p < past || !starts_word || prev_char(text, p).is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(e) = date_at(text, p).filter(|&e| e <= cue.start) else {
            continue;
        };
        let between = &text[e..cue.start];
        if between.len() <= MAX_GAP
            && between.split_whitespace().count() <= 4
            && !between.contains(['.', '!', '?', '\n', ';', ':'])
        {
            best = Some((p, e));
        }
        past = e;
    }
    best
}

/// Where the value of an answer starts, when the sentence after `p` opens as one ("It's",
/// "It is", "That's", "Sure, it's", "Es ist", "C'est", "È"): a value asked for in one
/// sentence and given in the next is the cue's.
fn answer_opens(text: &str, p: usize) -> Option<usize> {
    const OPENERS: [&str; 14] = [
        "it's ",
        "it’s ",
        "it is ",
        "its ",
        "that's ",
        "that’s ",
        "that is ",
        "sure, it's ",
        "yes, it's ",
        "es ist ",
        "c'est ",
        "c’est ",
        "è ",
        "es ",
    ];
    let rest = text.get(p..)?.trim_start_matches([' ', '\t', '\n', '\r']);
    let at = text.len() - rest.len();
    OPENERS.iter().find_map(|o| {
        let head = rest.get(..o.len())?;
        (head.eq_ignore_ascii_case(o) || head.to_lowercase() == *o).then(|| at + o.len())
    })
}

/// Where the answer starts when a question is followed on the same line by a number (a digit,
/// or `+` or `(` before one): the value itself, not a sentence about it.
fn value_after_question(text: &str, p: usize) -> Option<usize> {
    let rest = text.get(p..)?.trim_start_matches([' ', '\t']);
    let at = text.len() - rest.len();
    let mut chars = rest.chars();
    let first = chars.next()?;
    let opens = first.is_ascii_digit()
        || (matches!(first, '+' | '(') && chars.next().is_some_and(|c| c.is_ascii_digit()));
    (at > p && opens).then_some(at)
}

/// The values one cue introduces: the first one in its window, and any that follow it as a list.
fn values_after(text: &str, cue: &Cue, cues: &[Cue], out: &mut Vec<(CueSpan, usize)>) {
    if cue.kind == Account
        && cue.near
        && ACCOUNT_IDIOMS.contains(&word_before(text, cue.start).as_str())
    {
        return;
    }
    if let Some((s, e)) = date_before(text, cue) {
        out.push((
            CueSpan {
                start: s,
                end: e,
                kind: DateOfBirth,
            },
            cue.start - e,
        ));
        return;
    }
    let mut p = cue.end;
    let mut words = 0;
    let mut adjacent = true;
    let found = loop {
        // Skip separators.
        let mut stop = false;
        while let Some(c) = next_char(text, p) {
            if c == '\n' || c == '\r' {
                if words > 0 {
                    stop = true;
                    break;
                }
            } else if c == '!' || c == '?' {
                // A question answered in the next sentence: "Your date of birth? It's …".
                if let Some(q) = answer_opens(text, p + 1) {
                    p = q;
                    adjacent = false;
                    continue;
                }
                // A question that ends with its cue, answered straight after in a chat
                // transcript: "What's your credit card? 5020 9761 5392".
                if c == '?'
                    && words == 0
                    && let Some(q) = value_after_question(text, p + 1)
                {
                    p = q;
                    adjacent = false;
                    continue;
                }
                stop = true;
                break;
            } else if c == '(' && next_char(text, p + 1).is_some_and(|n| n.is_ascii_digit()) {
                break; // "(030) 123456"
            } else if !skippable(c) {
                break;
            }
            p += c.len_utf8();
        }
        if stop || p >= text.len() || p - cue.end > MAX_GAP {
            break None;
        }
        if let Some((s, e)) = value_at(text, p, cue.kind, adjacent)
            && !overlaps_cue(cues, s, e)
        {
            break Some((s, e));
        }
        // Not a value: step over one word (a whole date when an identifier is wanted).
        let we = match (cue.kind, date_at(text, p)) {
            (k, Some(e)) if k != DateOfBirth => e,
            _ => word_end(text, p),
        };
        let w = &text[p..we];
        let lower = w.to_lowercase();
        let bare = lower.trim_end_matches(['.', ':', ';']);
        if BLOCKERS.contains(bare) {
            break None;
        }
        let connector = CONNECTORS.contains(bare) || CONNECTORS.contains(lower.as_str());
        if !connector {
            if cue.near {
                break None;
            }
            adjacent = false;
        }
        words += 1;
        if words > MAX_WORDS {
            break None;
        }
        if w.ends_with('.') && !connector && !ABBREVIATIONS.contains(&bare) {
            let next = text[we..].trim_start().chars().next();
            if next.is_some_and(char::is_uppercase) {
                // The sentence ended, unless the next one answers it ("Please tell me your
                // date of birth. It's 8/2/1977").
                match answer_opens(text, we) {
                    Some(q) => {
                        p = q;
                        adjacent = false;
                        continue;
                    }
                    None => break None, // the sentence ended
                }
            }
        }
        p = we;
    };
    let Some((mut s, mut e)) = found else {
        return;
    };
    let dist = s - cue.end;
    out.push((
        CueSpan {
            start: s,
            end: e,
            kind: cue.kind,
        },
        dist,
    ));
    // A list: "030 123456 or 0171 2345678", "12345678, 87654321".
    for _ in 0..MAX_LIST {
        // a short remark in brackets may stand between: "030 123456 (office), 0171 …"
        let mut from = e;
        let r = text[e..].trim_start_matches(' ');
        if r.starts_with('(')
            && let Some(k) = r.find(')')
            && k <= 24
            && !r[..k].contains(|c: char| c.is_ascii_digit())
        {
            from = text.len() - r.len() + k + 1;
        }
        let rest = &text[from..];
        let trimmed = rest.trim_start_matches([' ', ',', '/', '&', ';']);
        let mut q = from + (rest.len() - trimmed.len());
        let mut joined = q > from && rest[..q - from].contains([',', '/', '&', ';']);
        let (w, _) = word_after(text, q);
        if [
            "or", "and", "oder", "und", "ou", "et", "o", "y", "e", "of", "en",
        ]
        .contains(&w.as_str())
        {
            let after_word = q + text[q..].find(w.as_str()).map_or(0, |k| k + w.len());
            let t = text[after_word..].trim_start_matches(' ');
            q = text.len() - t.len();
            joined = true;
        }
        if !joined {
            break;
        }
        match value_at(text, q, cue.kind, adjacent) {
            Some((ns, ne)) if !overlaps_cue(cues, ns, ne) => {
                (s, e) = (ns, ne);
                out.push((
                    CueSpan {
                        start: s,
                        end: e,
                        kind: cue.kind,
                    },
                    dist,
                ));
            }
            _ => break,
        }
    }
}

/// Values introduced by a cue word within a short window (≤ 6 words / 40 bytes after the cue,
/// allowing connectors like "is", "ist", "est", "es", "é", "number", "no.", "nr.", "n°", "#",
/// ":", "="). Sorted, non-overlapping; where two cues claim overlapping values, the nearer cue
/// wins. Phones named by the word after them (`values::phones_before_labels`) are among them.
pub fn cue_spans(text: &str) -> Vec<CueSpan> {
    let cues = find_cues(text);
    let mut found = Vec::new();
    for cue in &cues {
        values_after(text, cue, &cues, &mut found);
    }
    phones_before_labels(text, |start, end| {
        let span = CueSpan {
            start,
            end,
            kind: Phone,
        };
        found.push((span, 0));
    });
    found.sort_by_key(|(s, d)| (s.start, *d, std::cmp::Reverse(s.end)));
    let mut out: Vec<(CueSpan, usize)> = Vec::with_capacity(found.len());
    for (s, d) in found {
        match out.last_mut() {
            Some((l, ld)) if s.start < l.end => {
                if d < *ld {
                    *l = s;
                    *ld = d;
                }
            }
            _ => out.push((s, d)),
        }
    }
    out.into_iter().map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::cues::CueKind;
    use crate::detect::cues::testutil::{cues, none, one};

    #[test]
    fn born_window_stops_at_sentence_end_and_blockers() {
        none("I was born in Leeds. On 12/03/2024 I ordered a lamp.");
        none("born in Leeds, ordered on 12/03/2024");
        none("Geboren in Wien! 12.03.2024 war ein Dienstag.");
        none("born in a small village\n12/03/2024 delivery");
    }

    #[test]
    fn phone_lists_and_neighbours() {
        assert_eq!(
            cues("Tel. 030 123456 oder 0171 2345678, Fax 030 123457"),
            vec![
                ("030 123456", Phone),
                ("0171 2345678", Phone),
                ("030 123457", Phone)
            ]
        );
    }

    #[test]
    fn no_cue_no_span() {
        none("Order 12345678 shipped on 12/03/2024 to room 12, page 4, version 2.0.");
        none("Bestellung 4711 vom 12.03.2024, Betrag 129,90 EUR.");
        none("Facture 2024-0012 du 12 mars 2024, 3 articles.");
        none("Pedido 123456 del 12 de marzo de 2024.");
        none("Ordine 987654 del 12 marzo 2024, pagina 4.");
        none("Bestelling 123456 van 12 maart 2024.");
        none("Encomenda 123456 de 12 de março de 2024.");
        none("");
    }

    #[test]
    fn window_is_bounded() {
        none("passport was mentioned by the clerk at the desk yesterday, C01X00T47");
        none("Phone: ask the receptionist at the front desk for it, 0171 2345678");
    }

    #[test]
    fn nearer_cue_wins() {
        assert_eq!(
            cues("Tel: n/a, Konto 12345678"),
            vec![("12345678", Account)]
        );
    }

    #[test]
    fn spans_are_sorted_and_disjoint() {
        let text = "Name: Anna, geb. 01.02.1990, Tel 0171 2345678, IBAN DE89 3704 0044 0532 0130 00, \
                    Steuer-ID 12 345 678 901, PLZ 10115.";
        let spans = cue_spans(text);
        assert_eq!(spans.len(), 5);
        for w in spans.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        let kinds: Vec<CueKind> = spans.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![DateOfBirth, Phone, Account, TaxId, Postcode]);
    }

    #[test]
    fn offsets_are_bytes_and_safe_with_accents() {
        let text = "Téléphone : 06 12 34 56 78 — né le 1er décembre 1990";
        let spans = cue_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "06 12 34 56 78");
        assert_eq!(&text[spans[1].start..spans[1].end], "1er décembre 1990");
        // no panic on odd input
        for t in [
            "né",
            "Tel. ",
            "passport №",
            "geb.",
            "SSN#",
            "Konto:\u{a0}",
            "(",
            "Tel (",
            "Tel +",
        ] {
            let _ = cue_spans(t);
        }
    }

    #[test]
    fn a_value_asked_for_in_one_sentence_and_given_in_the_next_is_the_cues() {
        one(
            "Please tell me your date of birth. It's 8/2/1977",
            "8/2/1977",
            DateOfBirth,
        );
        one(
            "What is your date of birth? It is 8/2/1977.",
            "8/2/1977",
            DateOfBirth,
        );
        one(
            "Votre date de naissance ? C'est le 12/03/1984.",
            "12/03/1984",
            DateOfBirth,
        );
        // Any other next sentence ends the window, as before.
        none("Please tell me your date of birth. Order 8/2/1977 shipped.");
    }

    #[test]
    fn newline_right_after_a_cue_is_allowed() {
        one("Date of birth:\n12/03/1984", "12/03/1984", DateOfBirth);
    }

    #[test]
    fn account_idioms_are_not_accounts() {
        none("Compte tenu des 250000 ventes, nous avons gagné.");
        none("La ciudad cuenta con 250000 habitantes.");
        none("A cidade conta com 250000 habitantes.");
        none("We take into account 123456 records.");
        none("Dobbiamo tenere conto di 1500000 abitanti.");
        none("We moeten rekening houden met 250000 bezoekers.");
    }

    #[test]
    fn ordinary_words_that_are_cues_need_the_value_right_after() {
        none("Cell culture in 96-well plates, 100000 cells per well.");
        none("The mobile app was downloaded 250000 times last year.");
        none("A handy 100000-word dictionary.");
        none("ZIP file of 20000 lines attached.");
        none("Une carte postale envoyée de 75011 Paris");
        one("My cell is 555.123.4567.", "555.123.4567", Phone);
        one("Handy: 0171 2345678", "0171 2345678", Phone);
    }

    #[test]
    fn lists_may_carry_a_remark_in_brackets() {
        assert_eq!(
            cues("Tel: 030-1234567 (Büro), 0171-2345678 (privat)"),
            vec![("030-1234567", Phone), ("0171-2345678", Phone)]
        );
        assert_eq!(
            cues("Sort code 12-34-56, account 12345678"),
            vec![("12-34-56", Account), ("12345678", Account)]
        );
    }

    #[test]
    fn several_kinds_in_one_form_line() {
        assert_eq!(
            cues("fecha de nacimiento: 12.03.1984; DNI 12345678Z; tel. 612 345 678"),
            vec![
                ("12.03.1984", DateOfBirth),
                ("12345678Z", NationalId),
                ("612 345 678", Phone)
            ]
        );
        assert_eq!(
            cues("BSN: 111222333, telefoon: 020-1234567, postcode 1012 AB"),
            vec![
                ("111222333", NationalId),
                ("020-1234567", Phone),
                ("1012 AB", Postcode)
            ]
        );
    }

    #[test]
    fn verb_final_geboren_looks_back() {
        one(
            "Ich bin am 12.03.1984 in Köln geboren.",
            "12.03.1984",
            DateOfBirth,
        );
        one(
            "Ik ben op 12 maart 1984 geboren.",
            "12 maart 1984",
            DateOfBirth,
        );
        assert_eq!(
            cues("Er ist am 12. März 1984 in Köln geboren, geb. 12.03.1984."),
            vec![("12. März 1984", DateOfBirth), ("12.03.1984", DateOfBirth)]
        );
        none("Bestellt am 12.03.2024. Geboren bin ich in Wien.");
        none("Die Idee wurde 2019 geboren.");
        // A log line's own date before "geboren am <date>" is not the birth date.
        assert_eq!(
            cues(
                "2022-06-16 05:28 (EP): Identität geprüft: geboren am 13.09.1943, Pass O43213184."
            ),
            vec![("13.09.1943", DateOfBirth)]
        );
        one(
            "Notiz vom 02.02.2024 Kunde geboren 13.09.1943 in Graz.",
            "13.09.1943",
            DateOfBirth,
        );
        none("Am 12.03.2024 bestellt, die Lieferung kam und ein Kalb wurde geboren.");
    }
}
