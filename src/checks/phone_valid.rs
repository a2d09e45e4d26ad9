//! libphonenumber's validity check (`phonenumber::is_valid`) for a country calling code and a
//! national significant number, on patterns compiled once per region and number length.
//!
//! The `phonenumber` crate keeps its compiled patterns in one LRU cache of 100 regexes behind a
//! mutex that every match holds: threads take turns, and a column of several countries
//! recompiles patterns for every value (milliseconds each). Here each region's patterns are
//! compiled on first use and kept; after that a check takes no lock. The decision is the
//! crate's own, step by step: `validator::source_for` picks the region of a shared country code
//! (`+1`: the US, Canada, the Caribbean), and a number is valid when `validator::number_type` is
//! not `Unknown` there. `Descriptor::is_match` tests the possible lengths and then finds the
//! pattern at the start of the number (not to its end), so the patterns are compiled as `^(?:…)`.
//!
//! [`valid`] never parses a written number: callers give the country code and the national
//! number's digits (the phone fakers' templates); [`is_valid`] takes a parsed number (the
//! detection checks). Its only state is the compiled patterns, a pure function of the metadata.

use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::bytes::{Regex, RegexBuilder};
use std::sync::{LazyLock, OnceLock};

/// The longest national significant number the crate parses.
const MAX_NSN: usize = 17;

/// One region's metadata and the patterns compiled from it.
struct Region {
    meta: &'static Metadata,
    /// `leading_digits`, which picks this region among those sharing its country code.
    leading: OnceLock<Option<Regex>>,
    general: OnceLock<Option<Regex>>,
    /// Per national-number length: the number types that admit the length, as one alternation
    /// (or one regex per type where the alternation is too large to compile).
    types: [OnceLock<Vec<Regex>>; MAX_NSN + 1],
}

/// The regions of each country code (indexed by the code), in the crate's order
/// (`Database::region`); empty for a number that is no country code.
static CODES: LazyLock<Vec<Vec<Region>>> = LazyLock::new(|| {
    // Country codes have one to three digits; the non-geographic ones (`+800`) are not in
    // `Database::iter`, which lists regions.
    (0..1000u16)
        .map(|code| {
            let Some(ids) = DATABASE.region(&code) else {
                return Vec::new();
            };
            ids.iter()
                .filter_map(|id| {
                    // `001` names every non-geographic plan (`+800`, `+882`): the code's own.
                    if *id == "001" {
                        return DATABASE.by_code(&code)?.into_iter().next();
                    }
                    DATABASE
                        .by_id(*id)
                        .or_else(|| DATABASE.by_code(&code)?.into_iter().next())
                })
                .map(|meta| Region {
                    meta,
                    leading: OnceLock::new(),
                    general: OnceLock::new(),
                    types: std::array::from_fn(|_| OnceLock::new()),
                })
                .collect()
        })
        .collect()
});

/// Whether `n` is a valid number: `phonenumber::is_valid(n)`, without the crate's locked cache.
pub(crate) fn is_valid(n: &phonenumber::PhoneNumber) -> bool {
    valid(n.code().value(), n.national().to_string().as_bytes())
}

fn regions(code: u16) -> &'static [Region] {
    CODES.get(usize::from(code)).map_or(&[], Vec::as_slice)
}

/// Whether `code` is a country calling code (`44`, `1`, `351`).
pub(crate) fn is_country_code(code: u16) -> bool {
    !regions(code).is_empty()
}

/// `phonenumber::is_valid` for the number `+code nsn`, where `nsn` is the national significant
/// number as the crate parses it (digits only, an Italian leading zero included).
pub(crate) fn valid(code: u16, nsn: &[u8]) -> bool {
    let regions = regions(code);
    if let [only] = regions {
        return only.valid(nsn);
    }
    for region in regions {
        match region.leading() {
            Some(leading) => {
                if leading.is_match(nsn) {
                    return region.valid(nsn);
                }
            }
            None => {
                if region.valid(nsn) {
                    return true;
                }
            }
        }
    }
    false
}

/// The region of `code` whose metadata decides on `nsn` (`validator::source_for`), as an index
/// into the code's regions.
pub(crate) fn source(code: u16, nsn: &[u8]) -> Option<usize> {
    let regions = regions(code);
    if regions.len() == 1 {
        return Some(0);
    }
    regions.iter().position(|r| r.claims(nsn))
}

/// [`valid`], for numbers of a shape whose valid numbers are decided by region `at`: the same
/// answer where that region decides, `false` elsewhere. Cheaper than [`valid`] on numbers no
/// region takes (`+1`: no walk through the Caribbean).
pub(crate) fn valid_in(code: u16, at: usize, nsn: &[u8]) -> bool {
    let regions = regions(code);
    let Some(region) = regions.get(at) else {
        return false;
    };
    if regions.len() > 1 {
        if regions[..at].iter().any(|r| r.claims(nsn)) {
            return false;
        }
        if region.leading().is_some_and(|l| !l.is_match(nsn)) {
            return false;
        }
    }
    region.valid(nsn)
}

/// `^(?:pattern)`, compiled the way the crate compiles it (whitespace in patterns ignored).
fn anchored(pattern: &str) -> Option<Regex> {
    // The closing bracket on a line of its own, after any `#` comment of the extended syntax.
    RegexBuilder::new(&format!("^(?:{pattern}\n)"))
        .ignore_whitespace(true)
        .unicode(false)
        .size_limit(64 << 20)
        .build()
        .ok()
}

fn admits(desc: &Descriptor, len: usize) -> bool {
    let lens = desc.possible_length();
    lens.is_empty() || lens.iter().any(|&l| usize::from(l) == len)
}

impl Region {
    /// Whether `source_for` stops at this region: its leading digits start `nsn`, or it has
    /// none and `nsn` is valid here.
    fn claims(&self, nsn: &[u8]) -> bool {
        match self.leading() {
            Some(leading) => leading.is_match(nsn),
            None => self.valid(nsn),
        }
    }

    fn leading(&self) -> Option<&Regex> {
        self.leading
            .get_or_init(|| {
                self.meta
                    .leading_digits()
                    .and_then(|p| anchored(p.as_str()))
            })
            .as_ref()
    }

    /// `number_type(meta, nsn) != Unknown`.
    fn valid(&self, nsn: &[u8]) -> bool {
        let len = nsn.len();
        let d = self.meta.descriptors();
        if len > MAX_NSN || !admits(d.general(), len) {
            return false;
        }
        let general = self
            .general
            .get_or_init(|| anchored(d.general().national_number().as_str()));
        if !general.as_ref().is_some_and(|g| g.is_match(nsn)) {
            return false;
        }
        self.types[len]
            .get_or_init(|| {
                let admitted: Vec<&str> = [
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
                .filter(|t| admits(t, len))
                .map(|t| t.national_number().as_str())
                .collect();
                if admitted.is_empty() {
                    return Vec::new();
                }
                let union = admitted
                    .iter()
                    .map(|p| format!("(?:{p})"))
                    .collect::<Vec<_>>()
                    .join("|");
                match anchored(&union) {
                    Some(re) => vec![re],
                    None => admitted.into_iter().filter_map(anchored).collect(),
                }
            })
            .iter()
            .any(|t| t.is_match(nsn))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The crate's own answer for `+code nsn`, where its parse reads `nsn` back unchanged.
    fn crate_says(code: u16, nsn: &str) -> Option<bool> {
        let n = phonenumber::parse(None, format!("+{code}{nsn}")).ok()?;
        (n.code().value() == code && n.national().to_string() == nsn)
            .then(|| phonenumber::is_valid(&n))
    }

    #[test]
    fn agrees_with_the_crate_on_numbers_of_many_regions() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut compared = 0;
        let mut valid = 0;
        for code in [
            1u16, 44, 49, 33, 34, 39, 31, 351, 55, 7, 61, 81, 91, 52, 54, 800,
        ] {
            let examples: Vec<String> = regions(code)
                .iter()
                .flat_map(|r| {
                    let d = r.meta.descriptors();
                    [d.fixed_line(), d.mobile(), d.toll_free()]
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.example().map(str::to_string))
                })
                .collect();
            for ex in &examples {
                // The example, and the example with its tail redrawn (often still valid).
                for k in 0..6 {
                    let keep = if k == 0 {
                        ex.len()
                    } else {
                        2.min(ex.len()) + k / 2
                    };
                    let nsn: String = ex
                        .chars()
                        .enumerate()
                        .map(|(i, c)| {
                            if i < keep {
                                c
                            } else {
                                char::from(b'0' + rng.random_range(0..10u8))
                            }
                        })
                        .collect();
                    if let Some(expected) = crate_says(code, &nsn) {
                        assert_eq!(valid_str(code, &nsn), expected, "+{code} {nsn}");
                        compared += 1;
                        valid += usize::from(expected);
                    }
                }
            }
        }
        assert!(
            compared > 300 && valid > 100,
            "{compared} compared, {valid} valid"
        );
    }

    fn valid_str(code: u16, nsn: &str) -> bool {
        valid(code, nsn.as_bytes())
    }

    #[test]
    fn shared_codes_pick_their_region() {
        assert!(valid_str(1, "4156923400"), "US");
        assert_eq!(source(1, b"4156923400"), Some(0), "the US decides on 415");
        // Vancouver: not a US area code, so Canada (by its leading digits) decides.
        let canada = source(1, b"6046851234").expect("a region decides");
        assert_eq!(regions(1)[canada].meta.id(), "CA");
        assert_eq!(
            valid_str(1, "6046851234"),
            crate_says(1, "6046851234").unwrap()
        );
        assert!(valid_in(1, canada, b"6046851234") == valid_str(1, "6046851234"));
        assert!(!valid_in(1, 0, b"6046851234"), "not decided by the US");
        assert!(!valid_str(1, "4150077291"), "exchange 0xx");
        assert!(is_country_code(44) && is_country_code(1) && !is_country_code(0));
    }

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
