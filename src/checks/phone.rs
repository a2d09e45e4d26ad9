//! Phone numbers: valid under libphonenumber's metadata (the `phonenumber` crate), with the
//! plan they were recognised under, and phone-shaped digit runs that no plan is consulted for.
//!
//! The crate decides validity; masq adds what it does not do: trying a fixed list of national
//! plans for numbers without a country code, preferring the plan whose own layout groups the
//! digits as written, cutting extensions (`x42`, `ext. 12`), and refusing dates (`01.03.2024`)
//! and zero country codes (`CUST-00000001`).
//!
//! A number's plan costs microseconds (libphonenumber parses) and a run asks for it in both of
//! its passes, so answers are kept: the last few per thread, and up to 2M numbers for the
//! process, by two hashes of the number (never the number). Both only save time: the plan is
//! a pure function of the text.

use super::phone_valid::Reading;
use crate::dates::parse_date;

/// 8 to 15 digits (E.164's range), not all one digit: a number written like a phone even where
/// no numbering plan knows it (test data, dirty exports).
pub fn phone_shape_valid(s: &str) -> bool {
    let d: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    (8..=15).contains(&d.len()) && d.iter().any(|&c| c != d[0])
}

/// Regions tried for numbers written without a `+` country code.
pub const PHONE_REGIONS: &[&str] = &["US", "GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR"];

/// A phone number that libphonenumber's metadata considers valid: with its `+CC` (or `00CC`),
/// or as a national number of one of [`PHONE_REGIONS`]. Dates are never phone numbers.
pub fn phone_valid(s: &str) -> bool {
    first_phone_plan(s).is_some()
}

/// How a valid phone number was recognised: with its own `+CC`, or as a national number of a
/// region. A surrogate must be valid the same way (a US-looking number that only some other
/// country's plan accepts is not a realistic US number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhonePlan {
    International(u16),
    National(&'static str),
}

/// The plan under which `s` is a valid phone number, if any. When several national plans accept
/// it, the one whose own national layout groups the digits as `s` does wins (`01 38 97 31 36`
/// is French, `01389 73136` British), else the first in [`PHONE_REGIONS`] order.
pub fn phone_plan(s: &str) -> Option<PhonePlan> {
    let s = strip_extension(s.trim());
    let first = first_phone_plan(s)?;
    let PhonePlan::National(first_region) = first else {
        return Some(first);
    };
    let groups = digit_groups(s);
    let laid_out_as = |region: &str| {
        region
            .parse::<phonenumber::country::Id>()
            .ok()
            .and_then(|id| phonenumber::parse(Some(id), s.trim()).ok())
            .is_some_and(|n| {
                super::phone_valid::is_valid(&n)
                    && digit_groups(
                        &phonenumber::format(&n)
                            .mode(phonenumber::Mode::National)
                            .to_string(),
                    ) == groups
            })
    };
    if laid_out_as(first_region) {
        return Some(first);
    }
    PHONE_REGIONS
        .iter()
        .skip_while(|r| **r != first_region)
        .skip(1)
        .find(|r| laid_out_as(r))
        .map(|r| PhonePlan::National(r))
        .or(Some(first))
}

/// Lengths of the digit groups: `(415) 692-3400` → `[3, 3, 4]`.
fn digit_groups(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect()
}

/// The number without a trailing extension (`x123`, `ext. 12`, `extension 7`, `#45`).
pub fn strip_extension(s: &str) -> &str {
    let t = s.trim_end();
    let n = t.bytes().rev().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 6 {
        return t;
    }
    let head = t[..t.len() - n].trim_end();
    let lower = head.to_ascii_lowercase();
    for marker in ["extension", "ext.", "ext", "x", "#"] {
        if let Some(before) = lower.strip_suffix(marker) {
            let before = &head[..before.len()];
            if before.ends_with(|c: char| c.is_ascii_digit() || c == ' ' || c == ')' || c == ',') {
                return before.trim_end().trim_end_matches(',');
            }
        }
    }
    t
}

/// How many recent answers of [`first_phone_plan`] each thread keeps.
const RECENT_PLANS: usize = 8;

/// The slot written next, and the numbers (without extension) with their plans.
type RecentPlans = (usize, [(String, Option<PhonePlan>); RECENT_PLANS]);

thread_local! {
    /// The last numbers this thread looked up and their plans, oldest overwritten first. A
    /// value is usually asked about several times in a row: by each phone rule of a column's
    /// cell classifier whose pattern it fits, then by the faker that replaces it (which needs
    /// its plan). Each lookup costs libphonenumber parses, microseconds; the answer is a pure
    /// function of the text, so this only saves time.
    static RECENT: std::cell::RefCell<RecentPlans> =
        std::cell::RefCell::new((0, std::array::from_fn(|_| (String::new(), None))));
}

fn first_phone_plan(s: &str) -> Option<PhonePlan> {
    let t = strip_extension(s.trim());
    // The empty text is the slots' filler, and its answer (`None`) is the one computed below.
    if t.is_empty() {
        return None;
    }
    let known =
        RECENT.with_borrow(|(_, slots)| slots.iter().find(|(k, _)| k == t).map(|(_, plan)| *plan));
    if let Some(plan) = known {
        return plan;
    }
    let keys = Known::keys(t);
    let plan = KNOWN.plan(keys).unwrap_or_else(|| {
        let plan = plan_of_stripped(t);
        KNOWN.add(keys, plan);
        plan
    });
    RECENT.with_borrow_mut(|(next, slots)| {
        let slot = &mut slots[*next];
        slot.0.clear();
        slot.0.push_str(t);
        slot.1 = plan;
        *next = (*next + 1) % RECENT_PLANS;
    });
    plan
}

/// How many numbers [`KNOWN`] holds at most (about 16 bytes each, some 40 MB at most with
/// the maps' slack): the phones of a few million rows. Past it, numbers are looked up anew.
const MAX_KNOWN: usize = 1 << 21;

/// Shards of [`KNOWN`], so that the cores seldom wait for one another's lookups.
const KNOWN_SHARDS: usize = 64;

/// The plans of the numbers this process has looked up, by number: a run asks about each
/// phone of an export twice, in its first pass (which numbers of a column are phones, under
/// which kind they are indexed) and in its second (which are replaced, and how), thousands of
/// rows apart, long after [`RECENT`] has forgotten it, and on whichever core (1M × 37: the
/// lookups were 6% of the run). The answer is a pure function of the text, so this only saves
/// time. A number is known by two independent hashes of it (64 and 32 bits): two numbers
/// mistaken for each other would need both to agree.
struct Known {
    shards: Vec<std::sync::RwLock<foldhash::HashMap<u64, (u32, u16)>>>,
    len: std::sync::atomic::AtomicUsize,
}

static KNOWN: std::sync::LazyLock<Known> = std::sync::LazyLock::new(|| Known {
    shards: (0..KNOWN_SHARDS).map(|_| Default::default()).collect(),
    len: Default::default(),
});

impl Known {
    /// The number's keys: its shard's key and the check stored beside the plan.
    fn keys(t: &str) -> (u64, u32) {
        let check = t.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        (crate::text::hash64(t.as_bytes()), check)
    }

    fn shard(&self, key: u64) -> &std::sync::RwLock<foldhash::HashMap<u64, (u32, u16)>> {
        &self.shards[(key >> 58) as usize % KNOWN_SHARDS]
    }

    /// `Some(plan)` for a number ([`Known::keys`]) looked up before.
    fn plan(&self, (key, check): (u64, u32)) -> Option<Option<PhonePlan>> {
        let shard = self.shard(key).read().unwrap_or_else(|e| e.into_inner());
        match shard.get(&key) {
            Some(&(c, code)) if c == check => Some(decode_plan(code)),
            _ => None,
        }
    }

    fn add(&self, (key, check): (u64, u32), plan: Option<PhonePlan>) {
        use std::sync::atomic::Ordering;
        let Some(code) = encode_plan(plan) else {
            return;
        };
        if self.len.load(Ordering::Relaxed) >= MAX_KNOWN {
            return;
        }
        let mut shard = self.shard(key).write().unwrap_or_else(|e| e.into_inner());
        if shard.insert(key, (check, code)).is_none() {
            self.len.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A plan in 16 bits: 0 for none, 1 + the country code for an international plan, 1,000 +
/// the region's place in [`PHONE_REGIONS`] for a national one. `None` for a plan that does
/// not fit (none does: country codes have at most three digits).
fn encode_plan(plan: Option<PhonePlan>) -> Option<u16> {
    match plan {
        None => Some(0),
        Some(PhonePlan::International(cc)) => (cc < 999).then_some(1 + cc),
        Some(PhonePlan::National(region)) => PHONE_REGIONS
            .iter()
            .position(|r| *r == region)
            .map(|i| 1000 + i as u16),
    }
}

fn decode_plan(code: u16) -> Option<PhonePlan> {
    match code {
        0 => None,
        1..=999 => Some(PhonePlan::International(code - 1)),
        _ => PHONE_REGIONS
            .get(usize::from(code - 1000))
            .map(|r| PhonePlan::National(r)),
    }
}

/// [`first_phone_plan`] of a number without its extension, uncached.
fn plan_of_stripped(t: &str) -> Option<PhonePlan> {
    size_pattern_cache();
    let intl = t.strip_prefix("00").map(|rest| format!("+{rest}"));
    let t = intl.as_deref().unwrap_or(t);
    // Counted without a `00` prefix: `00123456` is six digits after an international prefix.
    let nd = t.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&nd) {
        return None;
    }
    // No country code starts with 0: `CUST-00000001` is no call to country 0.
    if t.starts_with('+') && t[1..].trim_start_matches([' ', '(']).starts_with('0') {
        return None;
    }
    if parse_date(t).is_some() {
        return None;
    }
    if t.starts_with('+') {
        match super::phone_valid::read_international(t) {
            Reading::Invalid => return None,
            Reading::Valid(code) => return Some(PhonePlan::International(code)),
            Reading::Unknown => {}
        }
        return phonenumber::parse(None, t)
            .ok()
            .filter(super::phone_valid::is_valid)
            .map(|n| PhonePlan::International(n.code().value()));
    }
    PHONE_REGIONS
        .iter()
        .copied()
        .find(|r| phone_valid_as(t, PhonePlan::National(r)))
        .map(PhonePlan::National)
}

/// Whether `s` is a valid number under `plan`.
pub fn phone_valid_as(s: &str, plan: PhonePlan) -> bool {
    size_pattern_cache();
    let t = strip_extension(s.trim());
    match plan {
        PhonePlan::International(cc) => {
            let intl = t.strip_prefix("00").map(|rest| format!("+{rest}"));
            let t = intl.as_deref().unwrap_or(t);
            match super::phone_valid::read_international(t) {
                Reading::Invalid => false,
                Reading::Valid(code) => code == cc,
                Reading::Unknown => phonenumber::parse(None, t)
                    .is_ok_and(|n| n.code().value() == cc && super::phone_valid::is_valid(&n)),
            }
        }
        PhonePlan::National(region) => {
            super::phone_valid::may_be_valid(Some(region), t)
                && region
                    .parse::<phonenumber::country::Id>()
                    .ok()
                    .and_then(|id| phonenumber::parse(Some(id), t).ok())
                    .is_some_and(|n| super::phone_valid::is_valid(&n))
        }
    }
}

/// libphonenumber's metadata compiles its patterns on first use into one LRU cache shared by the
/// process, of 100 regexes; trying a number against several plans touches more than that, so
/// evicted patterns were compiled again and again (most of the time of a prose column went to
/// `regex` compilation). The cache is made large enough to hold every pattern the metadata has
/// (a bounded set), once; what is valid does not change.
fn size_pattern_cache() {
    static SIZED: std::sync::Once = std::sync::Once::new();
    SIZED.call_once(|| {
        if let Ok(mut cache) = phonenumber::metadata::DATABASE.cache().lock() {
            cache.set_capacity(usize::MAX);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_use_libphonenumber_metadata() {
        assert!(phone_valid("+44 20 7946 0958"));
        assert!(phone_valid("+49 30 901820"));
        assert!(phone_valid("(415) 692-3400"));
        assert!(phone_valid("0044 20 7946 0958"));
        assert!(!phone_valid("+1 555 0100"));
        assert!(!phone_valid("123"));
        assert!(!phone_valid("+44 00 0000 0000"));
        assert!(!phone_valid("01.03.2024"), "a date");
        assert!(phone_valid("+1 202-456-1111 ext. 123") && phone_valid("(415) 692-3400 x42"));
        assert_eq!(strip_extension("(415) 692-3400 x42"), "(415) 692-3400");
        assert_eq!(strip_extension("+49 30 901820"), "+49 30 901820");
        assert_eq!(
            phone_plan("(415) 692-3400"),
            Some(PhonePlan::National("US"))
        );
        assert_eq!(
            phone_plan("+33 1 42 68 53 00"),
            Some(PhonePlan::International(33))
        );
        assert!(
            !phone_valid_as("(415) 007-7291", PhonePlan::National("US")),
            "exchange 0xx"
        );
        assert_eq!(
            phone_plan("01 38 97 31 36"),
            Some(PhonePlan::National("FR"))
        );
    }

    /// The recent answers kept per thread are the answers: numbers asked about again after
    /// others (more than the slots hold, with extensions and padding that strip to the same
    /// number) get what the uncached lookup gives, valid or not.
    #[test]
    fn a_number_asked_about_again_gets_the_same_plan() {
        let numbers = [
            "+44 20 7946 0958",
            "(415) 692-3400",
            "(415) 692-3400 x42",
            "  (415) 692-3400 ",
            "01 38 97 31 36",
            "0711 4001154",
            "+1 555 0100",
            "01.03.2024",
            "",
            "CUST-00000001",
            "0044 20 7946 0958",
            "+33 1 42 68 53 00",
            "06 12 34 56 78",
            "912 345 678",
            "123",
        ];
        let uncached = |s: &str| plan_of_stripped(strip_extension(s.trim()));
        // Enough rounds, in two orders, to overwrite every slot several times.
        for round in 0..4 {
            for i in 0..numbers.len() {
                let s = if round % 2 == 0 {
                    numbers[i]
                } else {
                    numbers[numbers.len() - 1 - i]
                };
                assert_eq!(first_phone_plan(s), uncached(s), "{s:?}");
            }
        }
        assert!(numbers.len() > RECENT_PLANS);
        // Each was looked up before, so the last rounds were answered by what the process
        // keeps ([`KNOWN`]), beyond the recent slots: the same answers.
        for s in numbers {
            let t = strip_extension(s.trim());
            if !t.is_empty() {
                assert_eq!(KNOWN.plan(Known::keys(t)), Some(uncached(s)), "{s:?}");
            }
        }
        assert_eq!(
            first_phone_plan("(415) 692-3400 x42"),
            Some(PhonePlan::National("US"))
        );
        assert_eq!(first_phone_plan("+1 555 0100"), None);
    }

    /// Every plan survives its 16 bits, and nothing else decodes to a plan.
    #[test]
    fn plans_fit_in_sixteen_bits() {
        let mut plans = vec![None];
        plans.extend((1..999).map(|cc| Some(PhonePlan::International(cc))));
        plans.extend(PHONE_REGIONS.iter().map(|r| Some(PhonePlan::National(r))));
        for plan in plans {
            let code = encode_plan(plan).expect("fits");
            assert_eq!(decode_plan(code), plan);
        }
        assert_eq!(decode_plan(1000 + PHONE_REGIONS.len() as u16), None);
    }
}
