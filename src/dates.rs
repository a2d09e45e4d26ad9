//! Dates as masq finds them in cells: reading them, writing them back in the layout they came
//! in, and telling a plausible date of birth.
//!
//! One core reads the ten characters of a calendar date in one of the [`DateFormat`] layouts
//! (`1985-03-07`, `1985/03/07`, `07.03.1985`, `07/03/1985` or `03/07/1985`, `07-03-1985`). Three
//! entry points sit on it, because their callers have always accepted different things:
//!
//! | entry point | used by | accepts |
//! | --- | --- | --- |
//! | [`parse_date`] | rule validator `birth_date`, phone checks (a date is never a phone number), fakers | a date and nothing else, any layout, surrounding spaces trimmed |
//! | [`parse_date_time`] | `generalize` (truncate) and `shift-date` | a date in any layout, then optionally a time part after ` ` or `T` that is returned as written, unread (it is kept, never interpreted); `nn/nn/yyyy` read day-first when the column says so ([`day_first`]) |
//! | [`timestamp_nanos`] | fidelity (`verify`) type inference and KS | only ISO `YYYY-MM-DD`, not trimmed, with an optional time part that is checked (`HH:MM[:SS[.f]]`, then `Z` or `±HH:MM`), as nanoseconds since 1970 UTC |
//!
//! The difference is deliberate: a transform must handle every date a user's column holds and
//! leave the rest of the cell as it was, while fidelity compares instants and may only call a
//! column datetime when each value names one unambiguously.

use chrono::{DateTime, Datelike, NaiveDate};

/// How a date was written, so a shifted date can be written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// 1985-03-07
    YmdDash,
    /// 1985/03/07
    YmdSlash,
    /// 07.03.1985
    DmyDot,
    /// 07/03/1985
    DmySlash,
    /// 03/07/1985
    MdySlash,
    /// 07-03-1985
    DmyDash,
    /// 7.3.1985: day and month without their leading zeros (as `%-d.%-m.%Y` writes them)
    DmyDotShort,
    /// 7/3/1985
    DmySlashShort,
    /// 3/7/1985
    MdySlashShort,
    /// 7-3-1985
    DmyDashShort,
}

impl DateFormat {
    /// Whether the month comes first (`03/07/1985`, `3/7/1985`).
    pub fn month_first(self) -> bool {
        matches!(self, DateFormat::MdySlash | DateFormat::MdySlashShort)
    }

    /// The same layout written without leading zeros (itself for year-first layouts, which
    /// are only read with them).
    fn short(self) -> DateFormat {
        match self {
            DateFormat::DmyDot => DateFormat::DmyDotShort,
            DateFormat::DmySlash => DateFormat::DmySlashShort,
            DateFormat::MdySlash => DateFormat::MdySlashShort,
            DateFormat::DmyDash => DateFormat::DmyDashShort,
            f => f,
        }
    }

    /// Day first instead of month first (itself when the day already comes first).
    fn day_first(self) -> DateFormat {
        match self {
            DateFormat::MdySlash => DateFormat::DmySlash,
            DateFormat::MdySlashShort => DateFormat::DmySlashShort,
            f => f,
        }
    }
}

/// The core: exactly ten characters (nothing trimmed) holding a real calendar date in one of
/// the [`DateFormat`]s. `nn/nn/yyyy` is month-first unless the first part is above 12 or
/// month-first is no date.
fn date10(s: &str) -> Option<(NaiveDate, DateFormat)> {
    let b = s.as_bytes();
    if b.len() != 10 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (sep1, sep2) = if b[4] == b[7] && (b[4] == b'-' || b[4] == b'/') {
        (b[4], true)
    } else if b[2] == b[5] && matches!(b[2], b'.' | b'/' | b'-') {
        (b[2], false)
    } else {
        return None;
    };
    if sep2 {
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let f = if sep1 == b'-' {
            DateFormat::YmdDash
        } else {
            DateFormat::YmdSlash
        };
        return NaiveDate::from_ymd_opt(y as i32, m, d).map(|x| (x, f));
    }
    let (a, m2, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
    match sep1 {
        b'.' => NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmyDot)),
        b'-' => NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmyDash)),
        _ => {
            if a > 12 {
                NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmySlash))
            } else {
                NaiveDate::from_ymd_opt(y as i32, a, m2)
                    .map(|x| (x, DateFormat::MdySlash))
                    .or_else(|| {
                        NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmySlash))
                    })
            }
        }
    }
}

/// [`date10`], or a day-month-year date with a day or month of one digit (`3/29/1982`,
/// `7.3.1985`: eight or nine characters), read as if its leading zeros were there and
/// reported in the short layout, so that it is written back the same way.
fn date_any(s: &str) -> Option<(NaiveDate, DateFormat)> {
    if s.len() == 10 {
        return date10(s);
    }
    if !(8..=9).contains(&s.len()) || !s.is_ascii() {
        return None;
    }
    let sep = *s.as_bytes().iter().find(|b| !b.is_ascii_digit())?;
    let mut parts = s.split(sep as char);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !matches!(sep, b'.' | b'/' | b'-')
        || !(1..=2).contains(&a.len())
        || !(1..=2).contains(&b.len())
        || y.len() != 4
    {
        return None;
    }
    // Padded on the stack: this runs for every cell of a birth-date column.
    let mut padded = [b'0'; 10];
    padded[2 - a.len()..2].copy_from_slice(a.as_bytes());
    padded[2] = sep;
    padded[5 - b.len()..5].copy_from_slice(b.as_bytes());
    padded[5] = sep;
    padded[6..].copy_from_slice(y.as_bytes());
    let padded = std::str::from_utf8(&padded).ok()?;
    date10(padded).map(|(d, f)| (d, f.short()))
}

/// Parses a date in one of the [`DateFormat`]s (no time part; surrounding spaces trimmed).
pub fn parse_date(s: &str) -> Option<(NaiveDate, DateFormat)> {
    date_any(s.trim())
}

/// Writes `d` in the layout `f`.
pub fn format_date(d: NaiveDate, f: DateFormat) -> String {
    let fmt = match f {
        DateFormat::YmdDash => "%Y-%m-%d",
        DateFormat::YmdSlash => "%Y/%m/%d",
        DateFormat::DmyDot => "%d.%m.%Y",
        DateFormat::DmySlash => "%d/%m/%Y",
        DateFormat::MdySlash => "%m/%d/%Y",
        DateFormat::DmyDash => "%d-%m-%Y",
        DateFormat::DmyDotShort => "%-d.%-m.%Y",
        DateFormat::DmySlashShort => "%-d/%-m/%Y",
        DateFormat::MdySlashShort => "%-m/%-d/%Y",
        DateFormat::DmyDashShort => "%-d-%-m-%Y",
    };
    d.format(fmt).to_string()
}

/// Whether a column's `nn/nn/yyyy` dates are day-first: some first part is above 12 and no
/// second part is.
pub fn day_first<'a>(values: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut dmy, mut mdy) = (false, false);
    for v in values {
        let mut parts = v.trim().splitn(3, '/');
        let (Some(a), Some(m), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let part = |t: &str| {
            ((1..=2).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit()))
                .then(|| t.parse::<u32>().ok())
                .flatten()
        };
        if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            dmy |= part(a).is_some_and(|a| a > 12);
            mdy |= part(m).is_some_and(|m| m > 12);
        }
    }
    dmy && !mdy
}

/// A date with an optional time part after it (` 10:22:00`, `T10:22:00Z`), which is returned
/// as written and not read. `nn/nn/yyyy` dates are read day-first when `day_first` (the
/// column's verdict, see [`day_first`]); surrounding spaces are trimmed.
pub fn parse_date_time(s: &str, day_first: bool) -> Option<(NaiveDate, DateFormat, &str)> {
    let t = s.trim();
    // A date has no space and no `T`: the time part, if any, starts at the first of them.
    let (head, rest) = t.split_at(t.find([' ', 'T']).unwrap_or(t.len()));
    let (d, f) = date_any(head)?;
    if f.month_first() && day_first {
        let d = NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())?;
        return Some((d, f.day_first(), rest));
    }
    Some((d, f, rest))
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0i64, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// An ISO date `YYYY-MM-DD`, optionally followed by ` HH:MM[:SS[.fff]]` or `THH:MM[:SS[.fff]]`
/// and `Z` or `±HH:MM`, as nanoseconds since 1970 (UTC). Nothing is trimmed. Dates outside
/// what nanoseconds in an `i64` can hold (1677–2262) are not read as dates.
pub fn timestamp_nanos(s: &str) -> Option<i64> {
    let (date, DateFormat::YmdDash) = date10(s.get(..10)?)? else {
        return None;
    };
    let days = date
        .signed_duration_since(DateTime::UNIX_EPOCH.date_naive())
        .num_days();
    let mut secs = days * 86_400;
    let mut nanos = 0i64;
    let rest = &s.as_bytes()[10..];
    if !rest.is_empty() {
        if rest[0] != b' ' && rest[0] != b'T' {
            return None;
        }
        let t = &rest[1..];
        if t.len() < 5 || t[2] != b':' {
            return None;
        }
        let (hh, mm) = (digits(&t[0..2])?, digits(&t[3..5])?);
        if hh > 23 || mm > 59 {
            return None;
        }
        secs += hh * 3600 + mm * 60;
        let mut i = 5;
        if t.get(i) == Some(&b':') {
            let ss = digits(t.get(i + 1..i + 3)?)?;
            if ss > 59 {
                return None;
            }
            secs += ss;
            i += 3;
            if t.get(i) == Some(&b'.') {
                let frac = &t[i + 1..];
                let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 || n > 9 {
                    return None;
                }
                nanos = digits(&frac[..n])? * 10i64.pow(9 - n as u32);
                i += 1 + n;
            }
        }
        match &t[i..] {
            [] => {}
            [b'Z'] => {}
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let off = digits(&[*h1, *h2])? * 3600 + digits(&[*m1, *m2])? * 60;
                secs += if *sign == b'+' { -off } else { off };
            }
            _ => return None,
        }
    }
    secs.checked_mul(1_000_000_000)?.checked_add(nanos)
}

/// A plausible date of birth as of today.
pub fn birth_date_valid(s: &str) -> bool {
    birth_date_valid_on(s, chrono::Local::now().date_naive())
}

/// A real calendar date, no time part, not in the future, at most 120 years before `today`.
pub fn birth_date_valid_on(s: &str, today: NaiveDate) -> bool {
    parse_date(s).is_some_and(|(d, _)| d <= today && d.year() >= today.year() - 120)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(birth_date_valid_on("1985-03-07", today));
        assert!(birth_date_valid_on("07.03.1985", today));
        assert!(birth_date_valid_on("25/12/1990", today));
        assert!(birth_date_valid_on("12/25/1990", today));
        assert!(!birth_date_valid_on("2030-01-01", today), "future");
        assert!(!birth_date_valid_on("1899-01-01", today), "older than 120");
        assert!(!birth_date_valid_on("1990-02-30", today), "not a date");
        assert!(
            !birth_date_valid_on("1990-02-03T10:00:00Z", today),
            "has a time"
        );
        let (d, f) = parse_date("07.03.1985").unwrap();
        assert_eq!(format_date(d, f), "07.03.1985");
        let (d, f) = parse_date("12/25/1990").unwrap();
        assert_eq!(f, DateFormat::MdySlash);
        assert_eq!(format_date(d, f), "12/25/1990");
    }

    #[test]
    fn dates_without_leading_zeros_are_read_and_written_back_without_them() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for (s, y, m, d, back) in [
            ("3/29/1982", 1982, 3, 29, "3/29/1982"),
            ("3/4/1997", 1997, 3, 4, "3/4/1997"),
            ("29/3/1982", 1982, 3, 29, "29/3/1982"),
            ("7.3.1985", 1985, 3, 7, "7.3.1985"),
            ("17.3.1985", 1985, 3, 17, "17.3.1985"),
            ("7-10-1985", 1985, 10, 7, "7-10-1985"),
        ] {
            let (date, f) = parse_date(s).unwrap_or_else(|| panic!("{s} is a date"));
            assert_eq!(date, NaiveDate::from_ymd_opt(y, m, d).unwrap(), "{s}");
            assert_eq!(format_date(date, f), back, "{s}");
            assert!(birth_date_valid_on(s, today), "{s}");
        }
        // Another date in the same layout is written without zeros too.
        let (_, f) = parse_date("3/4/1997").unwrap();
        assert_eq!(f, DateFormat::MdySlashShort);
        let other = NaiveDate::from_ymd_opt(2001, 1, 9).unwrap();
        assert_eq!(format_date(other, f), "1/9/2001");
        for s in [
            "3/32/1982",
            "13/13/1982",
            "3/4/97",
            "1985-3-7",
            "3.4/1997",
            "1/2/3/1997",
            "a/4/1997",
        ] {
            assert!(parse_date(s).is_none(), "{s} is no date");
        }
        // A column of US dates with a month above 12 nowhere, and one with a day above 12 first.
        assert!(!day_first(["3/4/1997", "12/25/1990"]));
        assert!(day_first(["25/3/1997", "4/3/1997 10:00"]));
        let (d, f, rest) = parse_date_time("4/3/1997 10:00", true).unwrap();
        assert_eq!(
            (d, f, rest),
            (
                NaiveDate::from_ymd_opt(1997, 3, 4).unwrap(),
                DateFormat::DmySlashShort,
                " 10:00"
            )
        );
    }

    #[test]
    fn date_time_keeps_the_time_part_as_written() {
        let d = NaiveDate::from_ymd_opt(1984, 3, 17).unwrap();
        assert_eq!(
            parse_date_time(" 1984-03-17T10:22:00Z ", false),
            Some((d, DateFormat::YmdDash, "T10:22:00Z"))
        );
        assert_eq!(
            parse_date_time("17/03/1984 anything", false),
            Some((d, DateFormat::DmySlash, " anything"))
        );
        assert_eq!(
            parse_date_time("03/04/1984", true),
            Some((
                NaiveDate::from_ymd_opt(1984, 4, 3).unwrap(),
                DateFormat::DmySlash,
                ""
            ))
        );
        assert_eq!(parse_date_time("1984-03-17x10:22", false), None);
        assert!(parse_date("1984-03-17 10:22").is_none(), "no time part");
        assert!(day_first(["03/04/1984", "17/03/1984"]));
        assert!(!day_first(["03/04/1984", "17/03/1984", "03/17/1984"]));
        assert!(!day_first(["03/04/1984"]));
    }

    /// Days since 1970-01-01 by H. Hinnant's algorithm, which fidelity used before it shared
    /// the date core: the chrono-based count must agree on every date it can read.
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    #[test]
    fn timestamps_are_iso_only_and_match_the_civil_day_count() {
        let mut d = NaiveDate::from_ymd_opt(1677, 9, 22).unwrap();
        let end = NaiveDate::from_ymd_opt(2262, 4, 11).unwrap();
        while d <= end {
            let s = format_date(d, DateFormat::YmdDash);
            let days = days_from_civil(d.year().into(), d.month().into(), d.day().into());
            assert_eq!(timestamp_nanos(&s), Some(days * 86_400_000_000_000), "{s}");
            d = d.succ_opt().unwrap();
        }
        assert_eq!(
            timestamp_nanos("1677-09-20"),
            None,
            "before i64 nanoseconds"
        );
        assert_eq!(timestamp_nanos("2262-04-12"), None, "after i64 nanoseconds");
        assert_eq!(timestamp_nanos("1970-01-01"), Some(0));
        assert_eq!(timestamp_nanos("1970-01-01 00:00:01"), Some(1_000_000_000));
        assert_eq!(timestamp_nanos("1970-01-01T00:00:00.5Z"), Some(500_000_000));
        assert_eq!(timestamp_nanos("1970-01-01T01:00+01:00"), Some(0));
        assert_eq!(
            timestamp_nanos("1970-01-01T00:00-00:30"),
            Some(1_800_000_000_000)
        );
        for bad in [
            " 1970-01-01",
            "1970-01-01 ",
            "1970/01/01",
            "01.01.1970",
            "1970-02-29",
            "1970-01-01 24:00",
            "1970-01-01 10:60",
            "1970-01-01 10:00:60",
            "1970-01-01 10:00:00.",
            "1970-01-01 10:00:00.1234567890",
            "1970-01-01 10:00+0100",
            "1970-01-01x10:00",
        ] {
            assert_eq!(timestamp_nanos(bad), None, "{bad:?}");
        }
    }
}
