//! Places in prose: a city from the dictionary right after a place word ("moved to Lyon", "wohnt
//! in Köln"), and the postcode and town that make a street found in prose a full address.

use super::Span;
use super::words::{PLACE_WORDS, capitalized, space_words};
use crate::kind::Kind;
use crate::per_thread::Pattern as Regex;
use crate::rules::Dictionaries;

/// After a street ending at `at` (or a name, then `, ` and a house number): `, ` (or a space)
/// then a postcode (5 digits, `1234 AB`,
/// `1234-567`, `12345-678`, a UK postcode) then one to three capitalised words; where that town
/// ends.
pub(super) fn postcode_town_after(text: &str, at: usize) -> Option<usize> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:, \d{{1,5}}[a-zA-Z]?)?,?[ \n]+{POSTCODE}{TOWN}"
        ))
        .expect("a valid pattern")
    });
    let m = RE.find(&text[at..])?;
    town_end(text, at, at + m.end())
}

/// A unit after a street: `Apt. 433`, `Suite 999`, `Unit 4B`, `#12` (optional).
const UNIT: &str = r"(?: (?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|Floor|Room|Rm)\.? ?#?[A-Za-z0-9-]{1,6}|#[A-Za-z0-9-]{1,6}))?";

/// Postcodes: 5 digits (with `-123` or `-1234`), `1234 AB`, `1234-567`, a UK postcode, 8 digits.
const POSTCODE: &str =
    r"(?:\d{5}(?:-\d{3,4})?|\d{4}(?: ?[A-Z]{2}|-\d{3})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{8})";
/// A town after its postcode: up to four capitalised words and particles.
const TOWN: &str = r"[ ,]+(?:\p{Lu}[\p{L}'-]+|(?:das|dos|del|da|de|di|do|am|an|sur)\b)(?:[ -](?:\p{Lu}[\p{L}'-]+|(?:das|dos|del|da|de|di|do|am|an|sur)\b)){0,3}";

/// An address line no street list knows, told by what follows it: an optional house number,
/// capitalised words (particles between), an optional unit, a comma, an optional house number,
/// a postcode and a town (`Pátio de Fonseca, 90, 51968180 Fogaça`, `Recanto de Vieira,
/// 24306-683 Machado`, `505 Rebecca Estates Suite 999, 40269 Lake James`).
pub(super) fn address_lines(text: &str, spans: &mut Vec<Span>) {
    static RE: std::sync::LazyLock<[Regex; 2]> = std::sync::LazyLock::new(|| {
        let pattern = format!(
            r"(?:\d{{1,6}}[a-zA-Z]? )?\p{{Lu}}[\p{{L}}'-]+(?: (?:(?:da|de|di|do|das|dos|del|la|le|van|von|der) ){{0,2}}\p{{Lu}}[\p{{L}}'-]+){{0,4}}{UNIT}(?:, \d{{1,5}}[a-zA-Z]?)?, {POSTCODE}{TOWN}"
        );
        // The town's `\b` is Unicode's, which the lazy DFA cannot follow past a non-ASCII byte:
        // the search would fall back to the far slower PikeVM on nearly every text. With ASCII's
        // `\b` the same pattern matches wherever it does (each `\b` follows an ASCII letter,
        // and a character that is no Unicode word character is no ASCII one either), so it
        // tells, on the lazy DFA, which texts need the exact search at all.
        [
            Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("a valid pattern"),
            Regex::new(&pattern).expect("a valid pattern"),
        ]
    });
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let [may_match, re] = &*RE;
    if !may_match.is_match(text) {
        return;
    }
    for m in re.find_iter(text) {
        if !text[..m.start()].ends_with(|c: char| c.is_alphanumeric())
            && let Some(end) = town_end(text, m.start(), m.end())
        {
            spans.push(Span {
                start: m.start(),
                end,
                kind: Kind::Address,
            });
        }
    }
}

/// The end of a match that closes on a town: on a capitalised word, not on a particle, and
/// not glued to the next word.
fn town_end(text: &str, at: usize, end: usize) -> Option<usize> {
    let mut end = end;
    // The town ends on a capitalised word, not on a particle.
    while let Some(sp) = text[at..end].rfind([' ', '-']) {
        let last = &text[at + sp + 1..end];
        if last.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        end = at + sp;
    }
    // Only the end can be glued to a word: the match starts at the comma or space after a
    // street, which may well end in a house number.
    (!text[end..].starts_with(|c: char| c.is_alphanumeric())).then_some(end)
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
            && PLACE_WORDS.contains_lower(p)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        address_lines(text, &mut spans);
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn an_address_line_among_accented_words_is_found_whole() {
        // Non-ASCII letters before, inside and after the address: the search that tells which
        // texts need the exact one must let these through.
        for (text, line) in [
            (
                "Endereço atualizado: Recanto de Vieira, 24306-683 São Gonçalo do Amarante, até sexta.",
                "Recanto de Vieira, 24306-683 São Gonçalo do Amarante",
            ),
            // `da` glued to `í` is no particle (Unicode's `\b`): the town stops at `Paulo`.
            (
                "Lieferung geändert: Pátio de Fonseca, 90, 51968180 São Paulo daí em diante.",
                "Pátio de Fonseca, 90, 51968180 São Paulo",
            ),
            (
                "Größere Änderung. Condomínio Siqueira, 32392899 Guerra de Mendonça.",
                "Condomínio Siqueira, 32392899 Guerra de Mendonça",
            ),
        ] {
            assert_eq!(lines(text), vec![line], "{text}");
        }
        assert!(lines("Rückruf erbeten, Kundin ist verärgert über 3 Mahnungen.").is_empty());
    }

    #[test]
    fn an_address_line_takes_its_house_number_and_unit_along() {
        // Street types no list holds (`Estates`, `Unions`), then a postcode before the town.
        for (text, line) in [
            (
                "Ship the replacement to 505 Rebecca Estates Suite 999, 40269 Lake James instead.",
                "505 Rebecca Estates Suite 999, 40269 Lake James",
            ),
            (
                "Ship the replacement to 8268 Gonzalez Unions Apt. 565, 53757 Brendachester.",
                "8268 Gonzalez Unions Apt. 565, 53757 Brendachester",
            ),
            (
                "New address: 12B Ridge View #4, 2011 AB Haarlem.",
                "12B Ridge View #4, 2011 AB Haarlem",
            ),
        ] {
            assert_eq!(lines(text), vec![line], "{text}");
        }
    }
}
