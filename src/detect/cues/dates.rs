//! Dates as values: numeric day-month-year and year-month-day, or with a month name in any of the
//! seven languages (in full or abbreviated), with plausible days, months and years only.

use super::next_char;
use super::words::{MONTH_ABBREVIATIONS, MONTHS};
use crate::per_thread::Pattern as Regex;
use std::sync::LazyLock;

fn months_alt() -> String {
    let alt = |list: &[&str]| {
        let mut ms: Vec<&str> = list.to_vec();
        ms.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
        ms.iter()
            .map(|m| regex::escape(m))
            .collect::<Vec<_>>()
            .join("|")
    };
    format!(
        r"(?:(?:{})\b|(?:{})\b\.?)",
        alt(&MONTHS),
        alt(&MONTH_ABBREVIATIONS)
    )
}

/// Anchored date shapes: numeric day-month-year, year-month-day, day + month name (+ year),
/// month name + day (+ year), month name + year.
static DATES: LazyLock<[Regex; 5]> = LazyLock::new(|| {
    let m = months_alt();
    [
        Regex::new(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})").expect("date regex"),
        Regex::new(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})").expect("date regex"),
        Regex::new(&format!(
            r"(?i)^(\d{{1,2}})(?:st|nd|rd|th|er|e|º|°|ª|\.)?[\s\-/]*(?:de\s+|of\s+)?{m}(?:,?[\s\-/]*(?:de\s+|del\s+|of\s+)?(\d{{4}}|'?\d{{2}}))?"
        ))
        .expect("date regex"),
        Regex::new(&format!(
            r"(?i)^{m}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
        ))
        .expect("date regex"),
        Regex::new(&format!(r"(?i)^{m}\s+(?:de\s+|of\s+)?(\d{{4}})"))
            .expect("date regex"),
    ]
});

pub(super) static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:18|19|20)\d{2}").expect("year regex"));

fn year_ok(y: &str) -> bool {
    let y = y.trim_start_matches('\'');
    match y.len() {
        2 => true,
        4 => y.parse::<u32>().is_ok_and(|y| (1800..=2099).contains(&y)),
        _ => false,
    }
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// A date starting at `p`: its end.
pub(super) fn date_at(text: &str, p: usize) -> Option<usize> {
    let rest = &text[p..];
    let first = rest.as_bytes().first()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let day = |c: &regex::Captures, i: usize| (1..=31).contains(&num(&c[i]));
    let year = |c: &regex::Captures, i: usize| c.get(i).is_none_or(|y| year_ok(y.as_str()));
    DATES.iter().enumerate().find_map(|(k, re)| {
        let c = re.captures(rest)?;
        let ok = match k {
            0 => {
                let (a, b) = (num(&c[1]), num(&c[2]));
                day(&c, 1) && day(&c, 2) && (a <= 12 || b <= 12) && year(&c, 3)
            }
            1 => year(&c, 1) && (1..=12).contains(&num(&c[2])) && day(&c, 3),
            2 | 3 => day(&c, 1) && year(&c, 2),
            _ => year(&c, 1),
        };
        let e = p + c.get(0)?.end();
        (ok && !next_char(text, e).is_some_and(char::is_alphanumeric)).then_some(e)
    })
}

#[cfg(test)]
mod tests {
    use crate::detect::cues::CueKind::*;
    use crate::detect::cues::testutil::{none, one};

    #[test]
    fn born_with_dates_in_every_language() {
        one(
            "I was born on 12 March 1984 in Leeds.",
            "12 March 1984",
            DateOfBirth,
        );
        one(
            "She was born March 12, 1984 in Ohio.",
            "March 12, 1984",
            DateOfBirth,
        );
        one("Sie ist geb. 12.03.1984.", "12.03.1984", DateOfBirth);
        one(
            "Geburtsdatum: 12.03.1984, Ort: Bremen",
            "12.03.1984",
            DateOfBirth,
        );
        one(
            "Le client est né le 12 mars 1984 à Lyon.",
            "12 mars 1984",
            DateOfBirth,
        );
        one(
            "Nacida el 12 de marzo de 1984 en Sevilla.",
            "12 de marzo de 1984",
            DateOfBirth,
        );
        one(
            "Mario è nato a Roma il 12 marzo 1984.",
            "12 marzo 1984",
            DateOfBirth,
        );
        one(
            "Hij is geboren op 12 maart 1984 in Utrecht.",
            "12 maart 1984",
            DateOfBirth,
        );
        one(
            "Nascido em 12 de março de 1984, em Braga.",
            "12 de março de 1984",
            DateOfBirth,
        );
    }

    #[test]
    fn date_of_birth_field_forms() {
        one("DOB: 1984-03-12", "1984-03-12", DateOfBirth);
        one("D.O.B. 03/12/1984 (US format)", "03/12/1984", DateOfBirth);
        one(
            "Date de naissance : 1er mars 1984",
            "1er mars 1984",
            DateOfBirth,
        );
        one("Fecha de nacimiento: 12/03/84.", "12/03/84", DateOfBirth);
        one("Data di nascita 12-03-1984", "12-03-1984", DateOfBirth);
        one("Geboortedatum 12-03-1984", "12-03-1984", DateOfBirth);
        one("Data de nascimento: 12/03/1984", "12/03/1984", DateOfBirth);
        one(
            "Her birthday is on the 3rd of May.",
            "3rd of May",
            DateOfBirth,
        );
        one("Karl Weber (b. 1984) joined us.", "1984", DateOfBirth);
        one("ne le 12/03/1984 a Paris", "12/03/1984", DateOfBirth);
    }

    #[test]
    fn birth_year_only_directly_after_the_cue() {
        one("He was born in 1984.", "1984", DateOfBirth);
        none("Born in Berlin, she moved in 2010 to Hamburg.");
    }

    #[test]
    fn dates_without_a_birth_cue_are_not_returned() {
        none("Ordered on 12/03/2024, delivered 14.03.2024.");
        none("Bestellt am 12. März 2024, geliefert am 14.03.2024.");
        none("Commande passée le 12 mars 2024.");
        none("Meeting on March 12, 2024 at 10:30.");
    }

    #[test]
    fn birth_month_and_two_digit_years() {
        one("Date of birth: March 1984", "March 1984", DateOfBirth);
        one("Geburtsdatum: 12. März 84", "12. März 84", DateOfBirth);
        one("born 12th of March '84", "12th of March '84", DateOfBirth);
        one("Fecha de nacimiento 3-ene-1950", "3-ene-1950", DateOfBirth);
        one(
            "El paciente nació el 3 de enero de 1950.",
            "3 de enero de 1950",
            DateOfBirth,
        );
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        none("born 45/45/1984");
        none("Geburtsdatum 2024-13-45");
        none("date of birth 1984-02-30x");
    }
}
