//! The shape each kind of value must have after its cue: identifier-like codes, phone numbers,
//! postcodes (a date after a birth cue, see `dates`), and what rules a value out: an amount next
//! to a currency, a quantity next to a unit, a number grouped in thousands.

use super::CueKind::{self, *};
use super::dates::{YEAR, date_at};
use super::words::{CURRENCY_WORDS, PHONE_LABELS, PHONE_LABELS_CLOSING, UNIT_WORDS};
use super::{next_char, word_after};
use crate::per_thread::Pattern as Regex;
use std::sync::LazyLock;

static POSTCODES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:[A-Z]{1,2}-)?\d{5}(?:-\d{4})?", // US ZIP+4, DE, FR, IT, ES (D-80331)
        r"^\d{4}-\d{3}",                      // PT
        r"^\d{4} ?[A-Z]{2}",                  // NL
        r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", // UK
        r"^[A-Z]\d[A-Z] ?\d[A-Z]\d",          // CA
        r"^(?:[A-Z]{1,2}-)?\d{4}",            // BE, AT, CH, DK, LU
    ]
    .iter()
    .map(|p| Regex::new(p).expect("postcode regex"))
    .collect()
});

/// The shape of an identifier-like code.
#[derive(Clone, Copy)]
struct CodeShape {
    min_digits: usize,
    min_alnum: usize,
    max_alnum: usize,
    /// Groups may be joined by single spaces, dots, dashes or slashes.
    groups: bool,
}

/// `b[i..]` is a space and a group of capitals and digits with a digit, then no letter.
fn next_group_has_digit(b: &[u8], i: usize) -> bool {
    if b.get(i) != Some(&b' ') {
        return false;
    }
    let g: Vec<u8> = b[i + 1..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_alphanumeric)
        .collect();
    let after = b.get(i + 1 + g.len()).copied();
    !g.is_empty()
        && g.iter().any(u8::is_ascii_digit)
        && !g.iter().any(u8::is_ascii_lowercase)
        && after.is_none_or(|c| c.is_ascii())
}

/// An identifier-like code starting at `p` (upper-case letters and digits, maybe in groups):
/// its end.
fn code_at(text: &str, p: usize, shape: CodeShape) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = p;
    let (mut alnum, mut digits, mut groups) = (0, 0, 0);
    let mut end = p;
    let mut sep = 0u8;
    let mut two_letter_prefix = false;
    loop {
        let gs = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == gs {
            break;
        }
        let g = &b[gs..i];
        let glued_letter = next_char(text, i).is_some_and(char::is_alphabetic);
        let gd = g.iter().filter(|c| c.is_ascii_digit()).count();
        let lower = g.iter().any(u8::is_ascii_lowercase);
        let first = groups == 0;
        // Small letters only beside four digits or more ("f60398790", "Nb582393"): a word
        // after the cue is no code.
        let ok = !glued_letter
            && (!lower || gd >= 4)
            && if first {
                // letters alone only as a prefix: "QQ 12 34 56 C", "ABC-12345"
                gd > 0
                    || g.len() <= 2
                    || (g.len() <= 4
                        && matches!(b.get(i), Some(b'-' | b'/' | b'.'))
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            } else if sep == b' ' {
                if gd == 0 {
                    // The letter that ends a UK NINO: "QQ 12 34 56 C".
                    g.len() == 1 && two_letter_prefix
                } else {
                    // a one-digit group only inside a code: "12345678 9 ZX1"
                    g.len() >= 2 || next_group_has_digit(b, i)
                }
            } else {
                true
            };
        if !ok || alnum + g.len() > shape.max_alnum {
            if first {
                return None;
            }
            break;
        }
        if first && gd == 0 && g.len() == 2 {
            two_letter_prefix = true;
        }
        alnum += g.len();
        digits += gd;
        groups += 1;
        end = i;
        if !shape.groups {
            break;
        }
        if i + 1 < b.len()
            && matches!(b[i], b' ' | b'-' | b'.' | b'/')
            && b[i + 1].is_ascii_alphanumeric()
        {
            sep = b[i];
            i += 1;
        } else {
            break;
        }
    }
    (groups > 0 && digits >= shape.min_digits && alnum >= shape.min_alnum).then_some(end)
}

/// A phone number starting at `p`: its span (a leading "(" that is never closed is dropped).
fn phone_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = p;
    if i < b.len() && b[i] == b'+' {
        i += 1;
    }
    if i < b.len() && b[i] == b'(' {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return None;
    }
    let mut digits = 0;
    // (end, digits so far) after each run of digits
    let mut ends: Vec<(usize, usize)> = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
        ends.push((i, digits));
        let mut j = i;
        while j < b.len() && j - i < 3 && matches!(b[j], b' ' | b'.' | b'-' | b'/' | b'(' | b')') {
            j += 1;
        }
        if j > i && j < b.len() && b[j].is_ascii_digit() {
            i = j;
        } else {
            break;
        }
    }
    let &(end, n) = ends.iter().rev().find(|&&(_, n)| n <= 15)?;
    if !(6..=15).contains(&n) || next_char(text, end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let span = &text[p..end];
    let start = if span.contains('(') && span.matches('(').count() > span.matches(')').count() {
        p + span.find('(').map_or(0, |k| k + 1)
    } else {
        p
    };
    Some((start, end))
}

fn postcode_at(text: &str, p: usize) -> Option<usize> {
    let rest = &text[p..];
    POSTCODES.iter().find_map(|re| {
        let e = p + re.find(rest)?.end();
        (!next_char(text, e).is_some_and(char::is_alphanumeric)).then_some(e)
    })
}

fn is_currency_symbol(c: char) -> bool {
    matches!(c, '€' | '$' | '£' | '¥' | '₹' | '₽' | '₺')
}

/// The value at `text[s..e]` reads as an amount, a quantity or a decimal number.
fn amount_or_quantity(text: &str, s: usize, e: usize) -> bool {
    let v = &text[s..e];
    // "1.234.567" or "1,234,567": thousands grouping, never how identifiers are written
    let grouped = {
        let parts: Vec<&str> = v.split(['.', ',']).collect();
        parts.len() > 1
            && !parts[0].starts_with('0')
            && parts[0].len() <= 3
            && parts[0].bytes().all(|c| c.is_ascii_digit())
            && parts[1..]
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
    };
    if grouped {
        return true;
    }
    let after = &text[e..];
    // "100000-word": part of a compound
    if after.starts_with('-') && after[1..].starts_with(char::is_alphabetic) {
        return true;
    }
    let mut ac = after.chars();
    if matches!(ac.next(), Some('.' | ',')) && ac.next().is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let (w, first) = word_after(text, e);
    if first.is_some_and(|c| is_currency_symbol(c) || c == '%')
        || CURRENCY_WORDS.contains(&w.as_str())
        || UNIT_WORDS.contains(&w.as_str())
    {
        return true;
    }
    let before = text[..s].trim_end_matches([' ', '\u{a0}']);
    if before.chars().next_back().is_some_and(is_currency_symbol) {
        return true;
    }
    let prev_word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    CURRENCY_WORDS.contains(&prev_word.as_str())
}

/// Phone numbers named by a word after them ("5123704979-Fax", "078-302-3614 fax",
/// "(443)117-6251x176 mobile", "0171 2345678 (Handy)", "06-91307768-Office,"): the number
/// must have a phone's layout ([`phone_at`], 6–15 digits, an extension `x123` allowed) and the
/// word must follow it after a space, dash or opening bracket. Spans of the numbers, in order.
pub(super) fn phones_before_labels(text: &str, mut found: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if let Some((s, e)) = phone_before_label(text, run_start, i) {
            found(s, e);
        }
    }
}

/// The phone ending with the digits `text[run_start..run_end]`, when a phone label follows.
fn phone_before_label(text: &str, run_start: usize, run_end: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    // The label: one or two joining characters, then a word, then no letter.
    let mut l = run_end;
    while l < b.len() && l - run_end < 2 && matches!(b[l], b' ' | b'-' | b'(') {
        l += 1;
    }
    if l == run_end {
        return None;
    }
    let word_end = l + text[l..]
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len() - l, |(k, _)| k);
    let word = &text[l..word_end];
    if word.is_empty() || word.len() > 12 {
        return None;
    }
    let closes = text[word_end..]
        .chars()
        .next()
        .is_none_or(|c| matches!(c, '\n' | '\r' | ',' | ';' | ')' | '\\'))
        || text[word_end..].starts_with('.')
            && text[word_end + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
    if !(PHONE_LABELS.contains_lower(word) || closes && PHONE_LABELS_CLOSING.contains_lower(word)) {
        return None;
    }
    // An extension: "…-6251x176".
    let mut num_end = run_end;
    if run_start >= 2 && b[run_start - 1] == b'x' && b[run_start - 2].is_ascii_digit() {
        num_end = run_start - 1;
    }
    // Back over the number's digits and separators (at most a phone's length).
    let mut k = num_end;
    while k > 0
        && num_end - k < 24
        && matches!(
            b[k - 1],
            b'0'..=b'9' | b' ' | b'.' | b'-' | b'/' | b'(' | b')' | b'+'
        )
    {
        k -= 1;
    }
    while k < num_end && !(b[k].is_ascii_digit() || b[k] == b'+' || b[k] == b'(') {
        k += 1;
    }
    if super::prev_char(text, k).is_some_and(char::is_alphanumeric) {
        return None;
    }
    // The earliest start (the longest number) whose layout reads as a phone up to its end.
    let number = &text[..num_end];
    (k..num_end)
        .filter(|&s| {
            (s == k || !b[s - 1].is_ascii_digit())
                && (b[s].is_ascii_digit() || b[s] == b'+' || b[s] == b'(')
        })
        .find_map(|s| phone_at(number, s).filter(|&(_, e)| e == num_end))
        .map(|(s, _)| (s, run_end))
}

/// A value of `kind` starting at `p`: its span. `adjacent` says only connectors stood between
/// the cue and `p` (a bare year counts as a birth date only then).
pub(super) fn value_at(
    text: &str,
    p: usize,
    kind: CueKind,
    adjacent: bool,
) -> Option<(usize, usize)> {
    if kind == DateOfBirth {
        if let Some(e) = date_at(text, p) {
            return Some((p, e));
        }
        if adjacent && let Some(m) = YEAR.find(&text[p..]) {
            let e = p + m.end();
            let glued = text[e..]
                .strip_prefix(['-', '/', '.'])
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
            if !glued
                && !next_char(text, e).is_some_and(char::is_alphanumeric)
                && !amount_or_quantity(text, p, e)
            {
                return Some((p, e));
            }
        }
        return None;
    }
    // Dates are not identifiers; digits that go on in the same layout past a date's end
    // ("06.30.13.13.63", a French phone) are no date.
    if let Some(e) = date_at(text, p)
        && !text[e..]
            .strip_prefix(['.', '-', '/'])
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let code = |min_digits, min_alnum, max_alnum, groups| {
        code_at(
            text,
            p,
            CodeShape {
                min_digits,
                min_alnum,
                max_alnum,
                groups,
            },
        )
        .map(|e| (p, e))
    };
    let (s, e) = match kind {
        DateOfBirth => return None,
        Passport => code(1, 6, 12, false)?,
        NationalId | TaxId => code(5, 5, 20, true)?,
        Phone => phone_at(text, p)?,
        Account => code(6, 6, 34, true)?,
        DriversLicense => code(1, 5, 20, true)?,
        CustomerOrMember => {
            let (s, e) = code(4, 4, 20, true)?;
            // "customer since 2015"
            if e - s == 4 && YEAR.is_match(&text[s..e]) {
                return None;
            }
            (s, e)
        }
        Postcode => (p, postcode_at(text, p)?),
    };
    // Spanish and Italian phones are written in dotted groups of three ("873.481.117"): after a
    // phone cue nine or more digits in dotted groups are a number to call, not an amount.
    let dotted_phone = kind == Phone
        && !text[s..e].contains(',')
        && text[s..e].bytes().filter(u8::is_ascii_digit).count() >= 9;
    (dotted_phone || !amount_or_quantity(text, s, e)).then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::cues::testutil::{none, one};

    #[test]
    fn passports() {
        one(
            "My passport number is C01X00T47, issued in Berlin.",
            "C01X00T47",
            Passport,
        );
        one(
            "Reisepass-Nr. C4J9F2K71 bitte prüfen",
            "C4J9F2K71",
            Passport,
        );
        one("Numéro de passeport : 14AB56789", "14AB56789", Passport);
        one("Mi pasaporte es PAA123456.", "PAA123456", Passport);
        one(
            "Il passaporto n. YA1234567 è scaduto.",
            "YA1234567",
            Passport,
        );
        one("Paspoort: NXC3R7P81", "NXC3R7P81", Passport);
        one("O meu passaporte é CA123456.", "CA123456", Passport);
    }

    #[test]
    fn passport_negatives() {
        none("My passport expires in 2027.");
        none("Passport photo must be 35x45 mm.");
        none("Reisepass gültig bis 12.03.2030");
        none("I lost my passport on page 4 of the form.");
    }

    #[test]
    fn national_ids() {
        one("SSN: 123-45-6789.", "123-45-6789", NationalId);
        one(
            "My national insurance number is QQ 12 34 56 C.",
            "QQ 12 34 56 C",
            NationalId,
        );
        one(
            "Personalausweisnummer T22000129 liegt vor",
            "T22000129",
            NationalId,
        );
        one(
            "Numéro de sécurité sociale : 1 84 12 75 123 456 78",
            "1 84 12 75 123 456 78",
            NationalId,
        );
        one(
            "Mi DNI es 12345678Z y vivo en Madrid.",
            "12345678Z",
            NationalId,
        );
        one("NIE X-1234567-L", "X-1234567-L", NationalId);
        one(
            "Il codice fiscale è RSSMRA85T10A562S.",
            "RSSMRA85T10A562S",
            NationalId,
        );
        one("Mijn BSN is 123456782.", "123456782", NationalId);
        one(
            "CPF 123.456.789-09 cadastrado",
            "123.456.789-09",
            NationalId,
        );
        one(
            "Cartão de Cidadão n.º 12345678 9 ZX1",
            "12345678 9 ZX1",
            NationalId,
        );
    }

    #[test]
    fn national_id_negatives() {
        none("ID card valid until 2030-03-12.");
        none("The DNI office opens at 9.");
        none("cc: anna, ben");
        none("Ausweis verloren, Zimmer 12345");
        none("SIN 3");
    }

    #[test]
    fn tax_ids() {
        one("Steuer-ID: 12 345 678 901", "12 345 678 901", TaxId);
        one(
            "Steuernummer 21/815/08150 beim Finanzamt",
            "21/815/08150",
            TaxId,
        );
        one("Partita IVA 01234567890", "01234567890", TaxId);
        one("Número de contribuinte: 123456789", "123456789", TaxId);
        one("Our VAT number is GB123456789.", "GB123456789", TaxId);
        one("TIN 12-3456789", "12-3456789", TaxId);
    }

    #[test]
    fn phones_in_every_language() {
        one("Call me on 0171 2345678 after six.", "0171 2345678", Phone);
        one("Phone: +1 (555) 123-4567", "+1 (555) 123-4567", Phone);
        one("Meine Handynummer ist 0171/2345678.", "0171/2345678", Phone);
        one("Tel.-Nr.: +49 (0)30 1234567", "+49 (0)30 1234567", Phone);
        one("Mon portable : 06 12 34 56 78.", "06 12 34 56 78", Phone);
        one("Mi móvil es el 612 345 678.", "612 345 678", Phone);
        one("Il mio cellulare è 333 1234567", "333 1234567", Phone);
        one("Mijn telefoonnummer is 06-12345678.", "06-12345678", Phone);
        one("O meu telemóvel é 912 345 678.", "912 345 678", Phone);
        one("Tel (030) 1234567", "(030) 1234567", Phone);
    }

    #[test]
    fn callbacks_and_calls_from_a_number_in_every_language() {
        // Numbers in layouts no numbering plan validates: the words say they are phones.
        one(
            "She asked us to call back on 0151.496.9813 today.",
            "0151.496.9813",
            Phone,
        );
        one(
            "The customer called from 020 7946 0321 twice.",
            "020 7946 0321",
            Phone,
        );
        one(
            "Bitte Rückruf unter 0561.954.074 nach 18 Uhr.",
            "0561.954.074",
            Phone,
        );
        one(
            "Herr Kaya rief von 0049 177 214588 an.",
            "0049 177 214588",
            Phone,
        );
        one(
            "Elle souhaite être rappelée au 04.95.25.43.99 demain.",
            "04.95.25.43.99",
            Phone,
        );
        one(
            "Il a appelé depuis le 0547943144 hier.",
            "0547943144",
            Phone,
        );
        one(
            "Pide que le llamemos al (33) 2496-4309 mañana.",
            "(33) 2496-4309",
            Phone,
        );
        one(
            "El cliente llamó desde el 873.481.117 ayer.",
            "873.481.117",
            Phone,
        );
        one(
            "Vuole essere richiamato al 0952.479.35 domani.",
            "0952.479.35",
            Phone,
        );
        one(
            "Ha chiamato dal 3474.731.52 stamattina.",
            "3474.731.52",
            Phone,
        );
        one(
            "Hij belde vanaf 06-98765432 gisteren.",
            "06-98765432",
            Phone,
        );
        one(
            "O cliente ligou do (11) 98765-4321 ontem.",
            "(11) 98765-4321",
            Phone,
        );
    }

    #[test]
    fn phone_negatives() {
        none("Phone me at 10:30 tomorrow.");
        none("The phone costs € 129,90.");
        none("The phone costs 129.90 EUR, order 12345678.");
        none("Call me on Monday about room 12.");
        none("Telefon: 12.03.2024 erreicht");
        none("My phone has 128 GB; version 2.0.1.");
        none("Handy 3 mal geklingelt");
        none("mobile app version 14.2.1 released");
    }

    #[test]
    fn accounts() {
        one(
            "Account number: 12345678, sort code later",
            "12345678",
            Account,
        );
        one(
            "Bitte auf mein Konto DE89 3704 0044 0532 0130 00 überweisen.",
            "DE89 3704 0044 0532 0130 00",
            Account,
        );
        one(
            "Card 4111 1111 1111 1111 was declined",
            "4111 1111 1111 1111",
            Account,
        );
        one("Mon compte n° 0012345678 est bloqué", "0012345678", Account);
        one(
            "Número de cuenta 2100 0418 4502 0005 1332",
            "2100 0418 4502 0005 1332",
            Account,
        );
        one("Rekeningnummer: 123456789", "123456789", Account);
        one("a/c no. 00123456", "00123456", Account);
    }

    #[test]
    fn account_negatives() {
        none("Account charged € 129,90 on 12/03/2024.");
        none("My account balance is 1.234.567 after 3 orders.");
        none("Karte kostet 123.456,78 €");
        none("card ending in 4242");
        none("Please check order 12345678 on my account.");
        none("The account for order 87654321 is fine.");
        none("Gift card for 50 EUR");
        none("Il conto è di 250000 EUR");
    }

    #[test]
    fn drivers_licences() {
        one(
            "Driver's license: D1234-56789-01234",
            "D1234-56789-01234",
            DriversLicense,
        );
        one(
            "Führerscheinnummer B072RRE2I55",
            "B072RRE2I55",
            DriversLicense,
        );
        one(
            "Numéro de permis de conduire : 12AB34567",
            "12AB34567",
            DriversLicense,
        );
        one("Rijbewijs 5123456789", "5123456789", DriversLicense);
        // presidio-evaluator's licences, small letters and all
        one(
            "My driver's license number is f60398790",
            "f60398790",
            DriversLicense,
        );
        one(
            "My driver's license number is Nb582393 Please send",
            "Nb582393",
            DriversLicense,
        );
        none("My driver's license number is expired");
        none("Führerschein Klasse B seit 2010");
        none("Permis de conduire depuis 2005");
    }

    #[test]
    fn customers_and_members() {
        one(
            "Customer no. 4711, please call back",
            "4711",
            CustomerOrMember,
        );
        one("Kundennummer: 10023456", "10023456", CustomerOrMember);
        one("Numéro client 88 123 456", "88 123 456", CustomerOrMember);
        one("Número de cliente: C-123456", "C-123456", CustomerOrMember);
        one("Codice cliente 998877", "998877", CustomerOrMember);
        one("Klantnummer 12345", "12345", CustomerOrMember);
        none("Customer since 2015, very happy.");
        none("Kundennummer folgt per Post.");
    }

    #[test]
    fn postcodes() {
        one("ZIP 90210-1234", "90210-1234", Postcode);
        one("PLZ 10115 Berlin", "10115", Postcode);
        one("Code postal : 75011", "75011", Postcode);
        one("CP 28013 Madrid", "28013", Postcode);
        one("CAP 20121 Milano", "20121", Postcode);
        one("Postcode 1234 AB Amsterdam", "1234 AB", Postcode);
        one("Código postal 1000-001 Lisboa", "1000-001", Postcode);
        one("Postcode: SW1A 1AA", "SW1A 1AA", Postcode);
        none("Baseball cap 20121 pieces");
        none("the CAP was 5 days");
    }

    #[test]
    fn codes_with_letter_prefixes() {
        one("Customer ID: ABC-12345", "ABC-12345", CustomerOrMember);
        one("PLZ: D-80331 München", "D-80331", Postcode);
        one(
            "Il mio codice cliente è AB123456",
            "AB123456",
            CustomerOrMember,
        );
        one("Partita IVA: IT01234567890", "IT01234567890", TaxId);
        none("Passport number ABC");
        none("IBAN folgt");
    }

    #[test]
    fn quantities_and_units_are_not_values() {
        none("My account has 500000 points.");
        none("Phone battery 5000 mAh lasts 48 hours.");
        none("Mobile: 250000 km driven");
        none("Konto belastet mit 1.234.567");
        none("tel 12345678901234567890");
    }

    #[test]
    fn a_word_after_a_number_that_names_its_line_makes_it_a_phone() {
        use crate::detect::cues::testutil::cues;
        one("Office: 5550000\n5123704979-Fax", "5123704979", Phone);
        one("078-302-3614 fax\nthanks", "078-302-3614", Phone);
        one("(443)117-6251x176 mobile", "(443)117-6251x176", Phone);
        one("Rufen Sie 0171 2345678 (Handy) an", "0171 2345678", Phone);
        one("Nummern: 06-91307768-Office, bitte", "06-91307768", Phone);
        one("Ring 020 7946 0018 home.", "020 7946 0018", Phone);
        assert_eq!(
            cues("06-91307768-Office\n08586578003-Fax"),
            vec![("06-91307768", Phone), ("08586578003", Phone)]
        );
        // a place or time of day that goes on is no line's name; nor is a word glued on
        none("Order 12345678 home delivery booked");
        none("Shipped 40 desks to 12345678 office staff");
        none("Batch 5123704979-Faxes archived");
        none("SKU AB5123704979 fax");
        // too short or too long for a phone
        none("Room 12 fax");
        none("Ref 1234567890123456789 mobile");
    }

    #[test]
    fn a_question_ending_with_its_cue_is_answered_by_the_number_after_it() {
        one(
            "What's your credit card? 502097615392 He just turned 32",
            "502097615392",
            Account,
        );
        one(
            "Your phone number? +49 171 2345678",
            "+49 171 2345678",
            Phone,
        );
        one("You can call 35 97 03", "35 97 03", Phone);
        one("Desk: 07700501958", "07700501958", Phone);
        one("They're not answering at 99 597865", "99 597865", Phone);
        // a question that goes on past its cue, or an answer in words, gives nothing
        none("Is the card in your name? 3 attempts failed");
        none("Which phone? 2024 was the model year");
        none("Did you call? Yes, 12 times");
    }
}
