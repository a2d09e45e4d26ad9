//! Surrogate addresses: [`fake_address`] renders a parsed address part by part (a street of the
//! same language keeping its street word, a real city of the same country, a postcode in that
//! country's format, digits and unit letters re-drawn), replaces addresses found in prose where
//! they stand, and falls back to a canonical address of the layout the words suggest.

use super::AddressLocale::{self, *};
use super::cell::{Parsed, Role, norm, parse_both, parse_parts};
use super::prose::{Candidate, non_overlapping, prose_candidates};
use super::words::*;
use rand::{Rng, RngExt};

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Upper- or lower-cases `new` when `orig` is written all in one case.
fn match_case(orig: &str, new: &str) -> String {
    let letters: Vec<char> = orig.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        new.to_uppercase()
    } else if !letters.is_empty() && letters.iter().all(|c| c.is_lowercase()) {
        new.to_lowercase()
    } else {
        new.to_string()
    }
}

/// [`reshape`], and a ship of a US military address (`USS Acosta`) named anew: its name is
/// kept otherwise, and may be another column's original (a family name).
fn reshape_ship<R: Rng + ?Sized>(s: &str, rng: &mut R) -> String {
    match s.split_once(' ') {
        Some((ship, _))
            if ["USS", "USNS", "USNV", "USCGC"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(ship)) =>
        {
            format!("{ship} {}", pick(rng, &EN_STEMS))
        }
        _ => reshape(s, rng),
    }
}

/// Re-draws digits (keeping a leading zero) and single letters glued to a number ("4B", "3º B");
/// words stay ("Apt", "Piso", "bis").
fn reshape<R: Rng + ?Sized>(s: &str, rng: &mut R) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &ch) in chars.iter().enumerate() {
        if ch.is_ascii_digit() {
            let run_start = i == 0 || !chars[i - 1].is_ascii_digit();
            let d = if run_start && ch != '0' {
                rng.random_range(1..10u8)
            } else if run_start {
                0
            } else {
                rng.random_range(0..10u8)
            };
            out.push((b'0' + d) as char);
        } else if ch.is_ascii_alphabetic() {
            let prev_letter = i > 0 && chars[i - 1].is_alphabetic();
            let next_letter = i + 1 < chars.len() && chars[i + 1].is_alphabetic();
            let prev_sig = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after_number =
                prev_sig.is_some_and(|c| c.is_ascii_digit() || matches!(c, 'º' | 'ª' | '°'));
            if !prev_letter && !next_letter && after_number {
                let l = (b'A' + rng.random_range(0..6u8)) as char;
                out.push(if ch.is_ascii_lowercase() {
                    l.to_ascii_lowercase()
                } else {
                    l
                });
            } else {
                out.push(ch);
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// Fills a template: `#` any digit, `%` 1–9, anything else literal.
fn fill<R: Rng + ?Sized>(template: &str, rng: &mut R) -> String {
    template
        .chars()
        .map(|c| match c {
            '#' => (b'0' + rng.random_range(0..10u8)) as char,
            '%' => (b'0' + rng.random_range(1..10u8)) as char,
            other => other,
        })
        .collect()
}

fn cities(locale: AddressLocale) -> &'static [City] {
    match locale {
        EnUs => &US_CITIES,
        EnGb => &GB_CITIES,
        De => &DE_CITIES,
        Fr => &FR_CITIES,
        Es => &ES_CITIES,
        It => &IT_CITIES,
        Nl => &NL_CITIES,
        Pt => &PT_CITIES,
        PtBr => &BR_CITIES,
    }
}

fn pick_city<R: Rng + ?Sized>(
    locale: AddressLocale,
    avoid: Option<&str>,
    rng: &mut R,
) -> &'static City {
    let table = cities(locale);
    let avoid = avoid.map(norm);
    for _ in 0..8 {
        let c = &table[rng.random_range(0..table.len())];
        if avoid.as_deref() != Some(norm(c.name).as_str()) {
            return c;
        }
    }
    &table[0]
}

fn postcode<R: Rng + ?Sized>(
    locale: AddressLocale,
    city: &City,
    orig: &str,
    rng: &mut R,
) -> String {
    let has_space = orig.contains([' ', '\t']);
    let t = pick(rng, &city.pc);
    let pc = match locale {
        EnUs => {
            let mut z = fill(t, rng);
            if orig.contains('-') {
                z.push('-');
                z.push_str(&fill("####", rng));
            }
            z
        }
        EnGb => {
            const L: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
            let inward = format!(
                "{}{}{}",
                rng.random_range(0..10u8),
                L[rng.random_range(0..L.len())] as char,
                L[rng.random_range(0..L.len())] as char
            );
            format!("{t}{}{inward}", if has_space { " " } else { "" })
        }
        Nl => {
            const L: &[u8] = b"ABCDEGHJKLMNPRSTVWXZ";
            let letters = loop {
                let l: String = (0..2)
                    .map(|_| L[rng.random_range(0..L.len())] as char)
                    .collect();
                if !matches!(l.as_str(), "SA" | "SD" | "SS") {
                    break l;
                }
            };
            format!(
                "{}{}{letters}",
                fill(t, rng),
                if has_space { " " } else { "" }
            )
        }
        PtBr => {
            let mut z = fill(t, rng);
            if !orig.contains('-') {
                z.retain(|c| c != '-');
            }
            if orig.contains('.') {
                z.insert(2, '.');
            }
            z
        }
        _ => fill(t, rng),
    };
    match_case(orig, &pc)
}

fn region(locale: AddressLocale, city: &City, orig: &str) -> String {
    let r = match locale {
        EnUs if orig.trim_end_matches('.').len() > 2 => US_STATES
            .iter()
            .find(|(a, _)| *a == city.region)
            .map_or(city.region, |(_, n)| *n),
        _ => city.region,
    };
    if r.is_empty() {
        orig.to_string()
    } else {
        match_case(orig, r)
    }
}

/// The longest suffix of the list that `word` (lower-cased) ends with, leaving a stem.
fn glued_suffix<'a>(list: &[&'a str], word: &str) -> Option<&'a str> {
    let lower = word.to_lowercase();
    list.iter()
        .copied()
        .filter(|s| lower.ends_with(s) && lower.len() > s.len())
        .max_by_key(|s| s.len())
}

/// A street of the same language, keeping the original's street-type word (and its spelling);
/// `wide`: drawing the type among the language's (`Calle` → `Avenida`, `Place` → `Road`), for
/// the draws that keep being turned away (see [`fake_address_parsed_with`]).
fn fake_street<R: Rng + ?Sized>(
    locale: AddressLocale,
    orig: &str,
    wide: bool,
    rng: &mut R,
) -> String {
    for _ in 0..8 {
        let s = street_once(locale, orig, wide, rng);
        if norm(&s) != norm(orig) {
            return match_case(orig, &s);
        }
    }
    match_case(orig, &street_once(locale, "", wide, rng))
}

fn street_once<R: Rng + ?Sized>(
    locale: AddressLocale,
    orig: &str,
    wide: bool,
    rng: &mut R,
) -> String {
    let tokens: Vec<&str> = orig.split_whitespace().collect();
    match locale {
        EnUs | EnGb => {
            let defaults = if locale == EnUs {
                &US_DEFAULT_TYPES
            } else {
                &GB_DEFAULT_TYPES
            };
            let stem = pick(rng, &EN_STEMS);
            let mut i = tokens.len();
            while i > 1 && is_in(&EN_DIRS, tokens[i - 1]) {
                i -= 1;
            }
            if i >= 2 && is_in(&EN_TYPES, tokens[i - 1]) && !wide {
                format!("{stem} {}", tokens[i - 1..].join(" "))
            } else {
                format!("{stem} {}", pick(rng, defaults))
            }
        }
        De => {
            let last = tokens.last().copied().unwrap_or("");
            let orig_lower = orig.to_lowercase();
            // "Am Markt", "Unter den Linden", "Platz der Republik".
            if tokens.len() >= 2
                && DE_PREPS
                    .iter()
                    .any(|p| orig_lower.starts_with(&format!("{} ", p.to_lowercase())))
            {
                return pick(rng, &DE_PREP_NAMES).to_string();
            }
            // "Konrad-Adenauer-Allee".
            let seg = last.rsplit('-').next().unwrap_or(last);
            if last.contains('-')
                && is_in(&DE_SUFFIXES, seg)
                && seg.chars().next().is_some_and(char::is_uppercase)
            {
                return format!("{}-{seg}", pick(rng, &DE_PERSONS));
            }
            // "Berliner Straße", "Frankfurter Str.".
            if tokens.len() >= 2 && is_in(&DE_SUFFIXES, last) {
                return format!("{} {last}", pick(rng, &DE_ADJECTIVES));
            }
            // "Hauptstraße", "Goethestr.": a new stem, the same glued suffix.
            if let Some(suf) = glued_suffix(&DE_SUFFIXES, last) {
                let n = suf.chars().count();
                let tail: String = last.chars().skip(last.chars().count() - n).collect();
                return format!("{}{}", pick(rng, &DE_STEMS), tail.to_lowercase());
            }
            format!(
                "{}{}",
                pick(rng, &DE_STEMS),
                pick(rng, &DE_DEFAULT_SUFFIXES)
            )
        }
        Nl => {
            let last = tokens.last().copied().unwrap_or("");
            let suf =
                glued_suffix(&NL_SUFFIXES, last).unwrap_or_else(|| pick(rng, &NL_DEFAULT_SUFFIXES));
            format!("{}{}", pick(rng, &NL_STEMS), suf)
        }
        Fr | Es | It | Pt | PtBr => {
            let (types, names, defaults): (&[&str], &[&str], &[&str]) = match locale {
                Fr => (&FR_TYPES, &FR_NAMES, &FR_DEFAULT_TYPES),
                Es => (&ES_TYPES, &ES_NAMES, &ES_DEFAULT_TYPES),
                It => (&IT_TYPES, &IT_NAMES, &IT_DEFAULT_TYPES),
                Pt => (&PT_TYPES, &PT_NAMES, &PT_DEFAULT_TYPES),
                _ => (&BR_TYPES, &BR_NAMES, &BR_DEFAULT_TYPES),
            };
            let name = pick(rng, names);
            if locale == Es
                && let Some(c) = orig.get(..2).filter(|c| c.eq_ignore_ascii_case("c/"))
            {
                let gap = &orig[2..orig.len() - orig[2..].trim_start().len()];
                return format!("{c}{gap}{name}");
            }
            match tokens.first() {
                Some(t) if is_in(types, t) && !wide => format!("{t} {name}"),
                _ => format!("{} {name}", pick(rng, defaults)),
            }
        }
    }
}

fn render<R: Rng + ?Sized>(orig: &str, p: &Parsed, wide: bool, rng: &mut R) -> String {
    let orig_city = p
        .parts
        .iter()
        .find(|x| x.0 == Role::City)
        .map(|x| &orig[x.1..x.2]);
    let city = pick_city(p.locale, orig_city, rng);
    let mut out = String::with_capacity(orig.len() + 16);
    let mut last = 0;
    for &(role, s, e) in &p.parts {
        out.push_str(&orig[last..s]);
        let o = &orig[s..e];
        let new = match role {
            Role::Street => fake_street(p.locale, o, wide, rng),
            Role::Num | Role::Unit if wide => reshape_ship(o, rng),
            Role::Num | Role::Unit => reshape(o, rng),
            Role::City => match_case(o, city.name),
            Role::Postcode => postcode(p.locale, city, o, rng),
            Role::Region => region(p.locale, city, o),
            Role::Locality => {
                let list = if p.locale == PtBr {
                    &BR_BAIRROS
                } else {
                    &GB_LOCALITIES
                };
                match_case(o, pick(rng, list))
            }
            Role::County if !city.region.is_empty() => match_case(o, city.region),
            Role::County | Role::Keep => o.to_string(),
        };
        out.push_str(&new);
        last = e;
    }
    out.push_str(&orig[last..]);
    out
}

/// One canonical address per layout, for values that cannot be parsed.
fn canonical(locale: AddressLocale) -> &'static str {
    match locale {
        EnUs => "123 Main Street, Springfield, IL 62704",
        EnGb => "10 High Street, London SW1A 2AA",
        De => "Hauptstraße 12, 10115 Berlin",
        Fr => "12 rue de la Paix, 75002 Paris",
        Es => "Calle Mayor 5, 28013 Madrid",
        It => "Via Roma 10, 00184 Roma RM",
        Nl => "Kalverstraat 12, 1012 NX Amsterdam",
        Pt => "Rua Augusta 120, 1100-053 Lisboa",
        PtBr => "Rua Augusta, 120 - Centro, São Paulo - SP, 01310-100",
    }
}

/// A best guess at the language of an unparseable value, from street words.
fn guess_locale(s: &str) -> AddressLocale {
    let l = format!(" {} ", s.to_lowercase());
    let has = |ws: &[&str]| ws.iter().any(|w| l.contains(w));
    if has(&["straße", "strasse", "str.", "gasse", "allee", "platz"]) {
        De
    } else if has(&["straat", "laan", "gracht", "plein", "kade"]) {
        Nl
    } else if has(&[
        " rue ",
        " avenue ",
        " boulevard ",
        " allée ",
        " chemin ",
        " impasse ",
    ]) {
        Fr
    } else if has(&[" calle ", " c/", " avda", " paseo ", " carrer "]) {
        Es
    } else if has(&[" via ", " viale ", " piazza ", " corso ", " vicolo "]) {
        It
    } else if has(&[" rua ", " avenida ", " travessa ", " praça "]) {
        if has(&[" - sp", "/sp", " - rj", "/rj", " - mg", "cep"]) {
            PtBr
        } else {
            Pt
        }
    } else {
        EnUs
    }
}

/// A realistic surrogate address of the same locale and the same layout: same separators
/// (", " vs "\n" vs " "), same parts in the same order (unit/apartment kept if present), a
/// valid-looking postcode of that country, a real city of that country, and a street name of
/// that language. Deterministic in `rng`; never returns the input.
///
/// A value that is not a full address but holds street addresses gets those replaced in place;
/// anything else gets a fresh address in the layout its words suggest.
pub fn fake_address<R: rand::Rng + ?Sized>(original: &str, rng: &mut R) -> String {
    fake_parsed(original, parse_parts(original), false, rng)
}

/// [`fake_address`], and whether `original` is a whole address as
/// [`parse_address`](super::parse_address) says (the cell read once for both).
pub fn fake_address_parsed<R: rand::Rng + ?Sized>(original: &str, rng: &mut R) -> (String, bool) {
    fake_address_parsed_with(original, false, rng)
}

/// [`fake_address_parsed`]; `wide`: with the street type drawn among its language's instead of
/// kept, and the ship of a military address renamed, for an address whose surrogates keep
/// being turned away because such a word is another column's original (a user named `calle`
/// or `place`, a family name `Acosta`).
pub fn fake_address_parsed_with<R: rand::Rng + ?Sized>(
    original: &str,
    wide: bool,
    rng: &mut R,
) -> (String, bool) {
    let (parts, locale) = parse_both(original);
    (fake_parsed(original, parts, wide, rng), locale.is_some())
}

fn fake_parsed<R: rand::Rng + ?Sized>(
    original: &str,
    parts: Option<Parsed>,
    wide: bool,
    rng: &mut R,
) -> String {
    if let Some(p) = parts {
        for _ in 0..16 {
            let out = render(original, &p, wide, rng);
            if out != original {
                return out;
            }
        }
    }
    // Addresses inside the value (prose): replace them where they stand.
    let cands: Vec<Candidate> = prose_candidates(original);
    let spans = non_overlapping(cands.iter().map(|c| (c.start, c.end)).collect());
    if !spans.is_empty() {
        for _ in 0..16 {
            let out = render_spans(original, &cands, &spans, wide, rng);
            if out != original {
                return out;
            }
        }
    }
    let locale = guess_locale(original);
    let base = canonical(locale);
    let p = parse_parts(base).expect("canonical address parses");
    for _ in 0..16 {
        let out = render(base, &p, wide, rng);
        if out != original {
            return out;
        }
    }
    canonical(if locale == EnUs { EnGb } else { EnUs }).to_string()
}

/// Replaces each address found in prose: a full address that parses as one is rendered whole;
/// otherwise its street, house number and unit are.
fn render_spans<R: Rng + ?Sized>(
    original: &str,
    cands: &[Candidate],
    spans: &[(usize, usize)],
    wide: bool,
    rng: &mut R,
) -> String {
    let mut out = String::with_capacity(original.len() + 16);
    let mut last = 0;
    for &(start, end) in spans {
        // One candidate per kept span (a strong and a weak pattern may find the same one).
        let Some(c) = cands.iter().find(|c| (c.start, c.end) == (start, end)) else {
            continue;
        };
        out.push_str(&original[last..start]);
        let text = &original[start..end];
        if let Some(p) = c.full.then(|| parse_parts(text)).flatten() {
            out.push_str(&render(text, &p, wide, rng));
        } else {
            let mut at = start;
            for &(role, s, e) in &c.parts {
                out.push_str(&original[at..s]);
                let o = &original[s..e];
                out.push_str(&match role {
                    Role::Street => fake_street(c.locale, o, wide, rng),
                    _ => reshape(o, rng),
                });
                at = e;
            }
            out.push_str(&original[at..end]);
        }
        last = end;
    }
    out.push_str(&original[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::address::{find_addresses, parse_address};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    /// The separators and their order: what "same layout" means.
    fn skeleton(s: &str) -> Vec<String> {
        let re = regex::Regex::new(r", |\n| - | / ").unwrap();
        re.find_iter(s).map(|m| m.as_str().to_string()).collect()
    }

    #[test]
    fn fakes_keep_layout_and_locale() {
        let examples = [
            "123 Main St, Springfield, IL 62704",
            "456 Oak Avenue Apt 4B\nBrooklyn, NY 11201",
            "PSC 1241, Box 5868\nAPO AP 25384",
            "10 Downing Street, London SW1A 2AA",
            "Flat 3\n25 Victoria Road\nChorlton\nManchester\nM14 5RE",
            "Hauptstraße 12, 10115 Berlin",
            "Am Markt 3a\n28195 Bremen",
            "12 rue de la Paix, 75002 Paris",
            "Calle Mayor 5, 3º B, 28013 Madrid",
            "Via Roma 10, 00184 Roma RM",
            "Piazza del Duomo, 1, 20122 Milano (MI)",
            "Kalverstraat 12, 1012 NX Amsterdam",
            "Rua Augusta 120, 1100-053 Lisboa",
            "Rua X, 123 - Bairro, São Paulo - SP, 01310-100",
            "hauptstr. 5, 10115 berlin",
        ];
        for (i, e) in examples.iter().enumerate() {
            let want = parse_address(e).unwrap();
            for seed in 0..20 {
                let f = fake_address(e, &mut rng(seed * 31 + i as u64));
                assert_ne!(&f, e);
                assert_eq!(parse_address(&f), Some(want), "{e:?} -> {f:?}");
                assert_eq!(
                    f.matches('\n').count(),
                    e.matches('\n').count(),
                    "{e:?} -> {f:?}"
                );
                assert_eq!(
                    f.matches(", ").count(),
                    e.matches(", ").count(),
                    "{e:?} -> {f:?}"
                );
                if !matches!(want, Pt | PtBr | De) {
                    assert_eq!(skeleton(&f), skeleton(e), "{e:?} -> {f:?}");
                }
            }
        }
    }

    #[test]
    fn fakes_keep_units_and_are_deterministic() {
        let e = "456 Oak Avenue Apt 4B, Brooklyn, NY 11201";
        let a = fake_address(e, &mut rng(7));
        let b = fake_address(e, &mut rng(7));
        assert_eq!(a, b);
        assert!(a.contains(" Apt "), "{a}");
        let f = fake_address("Calle Mayor 5, 3º B, 28013 Madrid", &mut rng(1));
        assert!(f.contains('º'), "{f}");
        let f = fake_address("Rua Augusta 120, 1100-053 Lisboa", &mut rng(2));
        assert!(
            regex::Regex::new(r", \d{4}-\d{3} ").unwrap().is_match(&f),
            "{f}"
        );
        let f = fake_address("Kalverstraat 12, 1012NX Amsterdam", &mut rng(3));
        assert!(
            regex::Regex::new(r", [1-9]\d{3}[A-Z]{2} ")
                .unwrap()
                .is_match(&f),
            "{f}"
        );
    }

    #[test]
    fn fakes_addresses_in_prose() {
        let text = "Bitte an Hauptstraße 12, 10115 Berlin senden.";
        let f = fake_address(text, &mut rng(4));
        assert!(f.starts_with("Bitte an ") && f.ends_with(" senden."), "{f}");
        assert!(!f.contains("Hauptstraße 12") && !f.contains("10115"), "{f}");
        let (s, e) = find_addresses(&f)[0];
        assert_eq!(parse_address(&f[s..e]), Some(De), "{f}");
    }

    #[test]
    fn fakes_for_non_addresses() {
        let f = fake_address("lives at 42 Baker Street", &mut rng(1));
        assert!(f.starts_with("lives at "), "{f}");
        assert_ne!(f, "lives at 42 Baker Street");
        let f = fake_address("Hauptstraße 12", &mut rng(1));
        assert!(
            f.ends_with(|c: char| c.is_ascii_digit() || c.is_ascii_alphabetic()),
            "{f}"
        );
        assert_ne!(f, "Hauptstraße 12");
        let f = fake_address("no address here", &mut rng(1));
        assert!(parse_address(&f).is_some(), "{f}");
    }
}
