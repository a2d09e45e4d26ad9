//! libphonenumber's validity test (`phonenumber::is_valid`) with the metadata's patterns
//! compiled once each (on first use), anchored at the start, instead of fetched through the
//! crate's process-wide regex cache on every use (a mutex held during the search, a hash of the
//! whole, often kilobyte-long, pattern, and an unanchored search that only counts when it
//! starts at the first digit). That cache made validation the largest cost of a prose column.
//!
//! Same answers by construction: the same patterns with the same flags, the same
//! possible-length filter, the same order of plans for a shared country code; a number is
//! valid when the general pattern and any type's pattern match, which is what
//! `number_type(..) != Unknown` means. A test compares both on thousands of numbers. Nothing
//! here keeps state beyond the compiled patterns (each written once, never changed); where a
//! pattern does not compile, the crate answers.

use phonenumber::PhoneNumber;
use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::{Regex, RegexBuilder};
use std::sync::{LazyLock, OnceLock};

/// Whether `n` is a valid number: `phonenumber::is_valid(n)`, faster.
pub(super) fn is_valid(n: &PhoneNumber) -> bool {
    compiled_answer(n).unwrap_or_else(|| phonenumber::is_valid(n))
}

/// The answer from the compiled plans; `None` where a plan's pattern did not compile (then
/// the crate answers).
fn compiled_answer(n: &PhoneNumber) -> Option<bool> {
    let national = n.national().to_string();
    let code = n.country().code();
    let by_id = |region: &str| {
        let id: phonenumber::country::Id = region.parse().ok()?;
        DATABASE.by_id(id.as_ref())
    };
    // The plan the number belongs to (libphonenumber's `source_for`, then the lookup
    // `is_valid` makes with its answer).
    let Some(regions) = DATABASE.region(&code) else {
        return Some(false);
    };
    let meta = if let [region] = regions[..] {
        if region == "001" {
            DATABASE.by_code(&code).and_then(|m| m.into_iter().next())
        } else {
            by_id(region)
        }
    } else {
        let mut found = None;
        for region in regions {
            let p = plan(DATABASE.by_id(region)?)?;
            let belongs = match &p.leading_digits {
                Some(ld) => ld.is_match(&national)?,
                None => p.any_type(&national)?,
            };
            if belongs {
                found = by_id(region);
                break;
            }
        }
        found
    };
    match meta {
        Some(meta) => plan(meta)?.any_type(&national),
        None => Some(false),
    }
}

/// One numbering plan's patterns.
struct Plan {
    leading_digits: Option<Pattern>,
    general: Pattern,
    /// Every type libphonenumber tells apart (premium rate, toll free, shared cost, VoIP,
    /// personal, pager, UAN, voicemail, fixed line, mobile).
    types: Vec<Pattern>,
}

impl Plan {
    /// `number_type(meta, national) != Type::Unknown`.
    fn any_type(&self, national: &str) -> Option<bool> {
        if !self.general.is_match(national)? {
            return Some(false);
        }
        for t in &self.types {
            if t.is_match(national)? {
                return Some(true);
            }
        }
        Some(false)
    }
}

/// One pattern of the metadata with its possible lengths.
struct Pattern {
    lengths: &'static [u16],
    /// Into [`Compiled::regexes`].
    regex: usize,
}

impl Pattern {
    /// `Descriptor::is_match`: a possible length, and a match that starts at the first digit;
    /// `None` if the pattern does not compile.
    fn is_match(&self, national: &str) -> Option<bool> {
        if !self.lengths.is_empty() && !self.lengths.contains(&(national.len() as u16)) {
            return Some(false);
        }
        let (source, re) = &COMPILED.regexes[self.regex];
        let re = re.get_or_init(|| anchored(source)).as_ref()?;
        Some(re.is_match(national))
    }
}

/// A pattern of the metadata as the crate compiles it (extended syntax), anchored at the start:
/// a match at the start is all the crate's searches accept. The closing bracket goes on a line
/// of its own, after any `#` comment.
fn anchored(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(&format!("^(?:{pattern}\n)"))
        .ignore_whitespace(true)
        .build()
        .ok()
}

/// Every plan of the metadata, and every distinct pattern they use (plans and types share many:
/// each is compiled once, on first use).
struct Compiled {
    /// By the plan's address (several plans share the id `001`: they are listed by country
    /// code).
    plans: Vec<(usize, Plan)>,
    regexes: Vec<(&'static str, OnceLock<Option<Regex>>)>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let mut sources: foldhash::HashMap<&'static str, usize> = Default::default();
    let mut regexes = Vec::new();
    let mut pattern = |source: &'static str, lengths: &'static [u16]| {
        let regex = *sources.entry(source).or_insert_with(|| {
            regexes.push((source, OnceLock::new()));
            regexes.len() - 1
        });
        Pattern { lengths, regex }
    };
    let mut plans: Vec<(usize, Plan)> = Vec::new();
    for meta in (0..=999u16)
        .filter_map(|code| DATABASE.by_code(&code))
        .flatten()
    {
        let at = std::ptr::from_ref(meta) as usize;
        if plans.iter().any(|p| p.0 == at) {
            continue;
        }
        let d = meta.descriptors();
        let mut desc =
            |d: &'static Descriptor| pattern(d.national_number().as_str(), d.possible_length());
        let general = desc(d.general());
        let types = [
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.fixed_line(),
            d.mobile(),
        ]
        .into_iter()
        .flatten()
        .map(&mut desc)
        .collect();
        let leading_digits = meta.leading_digits().map(|re| pattern(re.as_str(), &[]));
        plans.push((
            at,
            Plan {
                leading_digits,
                general,
                types,
            },
        ));
    }
    plans.sort_by_key(|p| p.0);
    Compiled { plans, regexes }
});

fn plan(meta: &Metadata) -> Option<&'static Plan> {
    let at = std::ptr::from_ref(meta) as usize;
    let plans = &COMPILED.plans;
    let i = plans.binary_search_by_key(&at, |p| p.0).ok()?;
    Some(&plans[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_answers_as_libphonenumber() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let regions = [
            "US", "GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR", "CA", "GG", "JE", "RU",
        ];
        let (mut valid, mut checked) = (0, 0);
        for i in 0..6000 {
            let len = 6 + next(9) as usize;
            let digits: String = (0..len)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            let parsed = if i % 2 == 0 {
                // International: a real country code often enough.
                let cc = [1, 7, 33, 39, 44, 49, 55, 351, 800, 882, 979][next(11) as usize];
                phonenumber::parse(None, format!("+{cc} {digits}"))
            } else {
                let id: phonenumber::country::Id = regions[next(regions.len() as u64) as usize]
                    .parse()
                    .unwrap();
                phonenumber::parse(Some(id), &digits)
            };
            let Ok(n) = parsed else { continue };
            checked += 1;
            let want = phonenumber::is_valid(&n);
            valid += usize::from(want);
            assert_eq!(is_valid(&n), want, "{n:?}");
        }
        assert!(
            checked > 3000 && valid > 100,
            "{checked} parsed, {valid} valid"
        );
    }

    #[test]
    fn same_answers_on_every_plans_examples_and_near_misses() {
        let (mut valid, mut checked) = (0, 0);
        for code in 1..=999u16 {
            for meta in DATABASE.by_code(&code).into_iter().flatten() {
                let d = meta.descriptors();
                let examples = [d.fixed_line(), d.mobile(), d.toll_free(), d.voip(), d.uan()]
                    .into_iter()
                    .flatten()
                    .filter_map(Descriptor::example);
                for ex in examples {
                    // The example, one digit changed, one dropped, one added.
                    let last = ex
                        .chars()
                        .last()
                        .map_or('0', |c| if c == '9' { '0' } else { '9' });
                    let variants = [
                        ex.to_string(),
                        format!("{}{last}", &ex[..ex.len() - 1]),
                        ex[..ex.len() - 1].to_string(),
                        format!("{ex}7"),
                    ];
                    for v in variants {
                        let Ok(n) = phonenumber::parse(None, format!("+{code} {v}")) else {
                            continue;
                        };
                        checked += 1;
                        let want = phonenumber::is_valid(&n);
                        valid += usize::from(want);
                        assert_eq!(is_valid(&n), want, "+{code} {v}");
                    }
                }
            }
        }
        assert!(
            checked > 1000 && valid > 500,
            "{checked} parsed, {valid} valid"
        );
    }
}
