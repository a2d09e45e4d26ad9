//! Phone numbers (`rules/phone.toml`): the country code and the start of the national number
//! stay, punctuation and digit count stay, and the number is valid in the original's numbering
//! plan (libphonenumber's metadata) where the original was.
//!
//! Parsing a number with libphonenumber costs microseconds, and milliseconds in a column of
//! several countries (the `phonenumber` crate recompiles its patterns, see `checks::phone_valid`). So the
//! work that depends on a number's *shape* — its kept head (country code, area or mobile
//! prefix), where its other digits are and every other character — is done once per shape: a
//! [`Template`] says which plans numbers of that shape can be valid under and where their
//! national significant number sits among the digits. A surrogate then redraws the other digits
//! and checks the national number against the plan's compiled patterns, with no parse.
//!
//! A number written without a country code is often valid under several national plans
//! (`0711 4001154` in Britain, Germany and Italy), and [`phone_plan`] picks among them by a
//! layout that depends on more digits than the shape keeps; so its surrogate is drawn valid
//! under every plan the original is valid under, whichever is picked.
//!
//! Templates are derived from the shape alone (their own draws come from a fixed seed) and are
//! checked against libphonenumber when derived; a shape whose numbers libphonenumber reads
//! digit by digit differently (a date-like layout, a national prefix rewritten) falls back to
//! the per-value parse. The caches of templates (one per thread, one shared) therefore only
//! save time: a surrogate never depends on which shapes were seen before, or on which thread.

use crate::checks::phone_valid as metadata;

use super::{digit, shape_preserving};
use crate::checks::phone::strip_extension;
use crate::dates::parse_date;
use crate::detect::validators::{PHONE_REGIONS, PhonePlan, phone_plan, phone_valid_as};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

/// How many leading digits of a phone number to keep: the country code (for `+`/`00` numbers)
/// and the start of the national number (area code or mobile prefix).
fn phone_kept_digits(o: &str) -> usize {
    let t = o.trim_start();
    let zeros = if t.starts_with("00") {
        2
    } else if t.starts_with('+') {
        0
    } else {
        return 3; // `0151 …` keeps `015`; `(415) …` keeps the area code
    };
    let (cc, cc_len) = country_code(t, zeros).unwrap_or((0, 2));
    // `+44 (0)20 …`: keep the trunk 0 in brackets too.
    let trunk = usize::from(t.contains("(0)"));
    // The area code of North American numbers, else the first two national digits (mobile
    // prefixes like German 15x or French 6x stay mobile).
    let national = if cc == 1 { 3 } else { 2 };
    zeros + cc_len + trunk + national
}

/// The country calling code that starts the digits of `t` after `skip` digits (the `00` of an
/// international prefix), and its length. Country codes are prefix-free, so the first prefix
/// that is one is the one.
fn country_code(t: &str, skip: usize) -> Option<(u16, usize)> {
    let mut code = 0u16;
    for (i, d) in t
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip(skip)
        .take(3)
        .enumerate()
    {
        if i == 0 && d == b'0' {
            return None; // no country code starts with 0
        }
        code = code * 10 + u16::from(d - b'0');
        if metadata::is_country_code(code) {
            return Some((code, i + 1));
        }
    }
    None
}

/// How many draws a surrogate gets to be valid and differ from the original. A draw costs a
/// fraction of a microsecond, so shapes whose valid numbers are rare (`172 667 166`, British,
/// French and Dutch at once: one draw in 60) still get one.
const ATTEMPTS: usize = 1024;

pub(super) fn phone<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let keep = phone_kept_digits(o);
    let total = o.bytes().filter(u8::is_ascii_digit).count();
    if total <= keep {
        return shape_preserving(o, rng);
    }
    let mut buf = [0u8; MAX_SHAPE];
    match shape_of(o, keep, &mut buf) {
        Some(shape) => with_template(shape, |t| t.surrogate(shape, o, keep, rng)),
        None => per_value(o, keep, rng),
    }
}

/// The per-value algorithm: libphonenumber decides the original's plan and checks every draw.
/// For the shapes templates cannot serve.
fn per_value<R: Rng + ?Sized>(o: &str, keep: usize, rng: &mut R) -> String {
    let plan = phone_plan(o);
    let mut attempt = String::new();
    for _ in 0..30 {
        let mut seen = 0;
        attempt = o
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    seen += 1;
                    if seen <= keep {
                        c
                    } else {
                        char::from(b'0' + digit(rng))
                    }
                } else {
                    c
                }
            })
            .collect();
        if attempt != o && plan.is_none_or(|p| phone_valid_as(&attempt, p)) {
            return attempt;
        }
    }
    attempt
}

/// A redrawn digit in a shape.
const FREE: u8 = metadata::ANY_DIGIT;

/// The longest number served by a template (longer ones are handled per value).
const MAX_SHAPE: usize = 64;

/// The longest national significant number.
const MAX_NSN: usize = 17;

/// `o` with every digit after the first `keep` replaced by [`FREE`]; `None` where `o` is too
/// long or holds that byte itself.
fn shape_of<'a>(o: &str, keep: usize, buf: &'a mut [u8; MAX_SHAPE]) -> Option<&'a [u8]> {
    let b = o.as_bytes();
    if b.len() > MAX_SHAPE || b.contains(&FREE) {
        return None;
    }
    let mut seen = 0;
    for (out, &c) in buf.iter_mut().zip(b) {
        *out = if c.is_ascii_digit() {
            seen += 1;
            if seen <= keep { c } else { FREE }
        } else {
            c
        };
    }
    Some(&buf[..b.len()])
}

/// What numbers of one shape need: where their digits are and how to make them valid.
struct Template {
    /// The byte offset of every digit of the shape, kept and redrawn, in order.
    digits: Box<[u8]>,
    how: How,
}

enum How {
    /// No plan takes numbers of this shape: digits are redrawn until the number differs.
    Any,
    /// libphonenumber reads numbers of this shape in a way the template cannot follow.
    PerValue,
    /// Valid under these plans (national shapes: one per region tried, at most 32). Where
    /// `unsure`, some plan could not be followed, so libphonenumber names the original's plan.
    Valid { targets: Vec<Target>, unsure: bool },
}

/// A plan numbers of a shape can be valid under.
struct Target {
    plan: PhonePlan,
    /// The country calling code the plan's numbers are checked under.
    code: u16,
    /// Which of the code's regions decides on the shape's valid numbers (`+1 415`: the US).
    region: usize,
    /// The national significant number: the digits `nsn.0..nsn.1` of the number.
    nsn: (usize, usize),
}

impl Target {
    /// The national significant number of `number` (a number of the shape).
    fn nsn<'a>(&self, digits: &[u8], number: &[u8], buf: &'a mut [u8; MAX_NSN]) -> &'a [u8] {
        let (from, to) = self.nsn;
        let n = (to - from).min(MAX_NSN);
        for (d, &at) in buf.iter_mut().zip(&digits[from..from + n]) {
            *d = number[usize::from(at)];
        }
        &buf[..n]
    }

    /// Whether a drawn number is valid under the plan (and decided by the usual region).
    fn takes(&self, digits: &[u8], number: &[u8]) -> bool {
        let mut buf = [0; MAX_NSN];
        metadata::valid_in(self.code, self.region, self.nsn(digits, number, &mut buf))
    }

    /// Whether an original is valid under the plan.
    fn valid(&self, digits: &[u8], number: &[u8]) -> bool {
        let mut buf = [0; MAX_NSN];
        metadata::valid(self.code, self.nsn(digits, number, &mut buf))
    }
}

/// Which targets a surrogate must be valid under, as bits.
enum Plans {
    Bits(u32),
    /// Only libphonenumber can follow the original's plan.
    PerValue,
}

impl Template {
    fn surrogate<R: Rng + ?Sized>(
        &self,
        shape: &[u8],
        o: &str,
        keep: usize,
        rng: &mut R,
    ) -> String {
        let (targets, plans) = match &self.how {
            How::PerValue => return per_value(o, keep, rng),
            How::Any => (&[][..], 0),
            How::Valid { targets, unsure } => match self.plans_of(targets, *unsure, o) {
                Plans::Bits(bits) => (&targets[..], bits),
                Plans::PerValue => return per_value(o, keep, rng),
            },
        };
        let mut number = o.as_bytes().to_vec();
        if self.draw(shape, targets, plans, o, &mut number, rng) {
            return String::from_utf8(number).expect("ASCII digits replaced by ASCII digits");
        }
        if plans.count_ones() > 1 {
            // Valid under all of the original's plans is rare for this shape: libphonenumber
            // names the one that counts.
            match self.exact(targets, o) {
                Plans::Bits(bits) => {
                    self.draw(shape, targets, bits, o, &mut number, rng);
                }
                Plans::PerValue => return per_value(o, keep, rng),
            }
        }
        String::from_utf8(number).expect("ASCII digits replaced by ASCII digits")
    }

    /// Redraws the free digits of `number` until it differs from `o` and every target in
    /// `plans` takes it; `false` after [`ATTEMPTS`] draws (`number` holds the last).
    fn draw<R: Rng + ?Sized>(
        &self,
        shape: &[u8],
        targets: &[Target],
        plans: u32,
        o: &str,
        number: &mut [u8],
        rng: &mut R,
    ) -> bool {
        for _ in 0..ATTEMPTS {
            for (b, &s) in number.iter_mut().zip(shape) {
                if s == FREE {
                    *b = b'0' + digit(rng);
                }
            }
            let taken = targets
                .iter()
                .enumerate()
                .filter(|(i, _)| plans & (1 << i) != 0)
                .all(|(_, t)| t.takes(&self.digits, number));
            if taken && number != o.as_bytes() {
                return true;
            }
        }
        false
    }

    /// The targets a surrogate of `o` must be valid under: every one `o` is valid under, so the
    /// surrogate is valid under whichever [`phone_plan`] picks for `o` (it picks among them by a
    /// layout that depends on more digits than the shape keeps).
    fn plans_of(&self, targets: &[Target], unsure: bool, o: &str) -> Plans {
        if unsure {
            return self.exact(targets, o);
        }
        if targets.len() == 1 {
            return Plans::Bits(1);
        }
        let valid = targets
            .iter()
            .enumerate()
            .filter(|(_, t)| t.valid(&self.digits, o.as_bytes()))
            .fold(0, |bits, (i, _)| bits | 1 << i);
        if valid == 0 {
            // No plan found for the shape takes `o`, but one the search missed might.
            self.exact(targets, o)
        } else {
            Plans::Bits(valid)
        }
    }

    /// The target of the plan libphonenumber finds for `o` (the first target for an original
    /// that is no valid number).
    fn exact(&self, targets: &[Target], o: &str) -> Plans {
        match phone_plan(o) {
            None => Plans::Bits(1),
            Some(plan) => match targets.iter().position(|t| t.plan == plan) {
                Some(i) => Plans::Bits(1 << i),
                None => Plans::PerValue,
            },
        }
    }
}

/// The shape with its redrawn digits drawn from `rng`.
fn fill<R: Rng + ?Sized>(shape: &[u8], rng: &mut R) -> String {
    let mut s = String::with_capacity(shape.len());
    fill_into(shape, rng, &mut s);
    s
}

/// [`fill`] into `s`, which is cleared first.
fn fill_into<R: Rng + ?Sized>(shape: &[u8], rng: &mut R, s: &mut String) {
    s.clear();
    s.extend(
        shape
            .iter()
            .map(|&c| char::from(if c == FREE { b'0' + digit(rng) } else { c })),
    );
}

/// How many numbers of a shape are parsed, per plan, to find the ways libphonenumber reads them.
const READS: usize = 8;

/// How many numbers of a shape are drawn, per plan, to find valid ones.
const SEARCH: usize = 512;

/// How many valid numbers of a shape libphonenumber checks when its template is derived.
const CHECKS: usize = 4;

/// The template of `shape`: a pure function of it.
fn derive(shape: &[u8]) -> Template {
    let digits: Box<[u8]> = (0..shape.len() as u8)
        .filter(|&i| shape[usize::from(i)] == FREE || shape[usize::from(i)].is_ascii_digit())
        .collect();
    let text = String::from_utf8_lossy(shape);
    let intl = international(&text);
    let plans: Vec<PhonePlan> = match intl {
        Some(zeros) => country_code(&text, zeros)
            .map(|(cc, _)| PhonePlan::International(cc))
            .into_iter()
            .collect(),
        None => PHONE_REGIONS
            .iter()
            .map(|r| PhonePlan::National(r))
            .collect(),
    };
    let mut targets = Vec::new();
    let mut unsure = false;
    for (i, plan) in plans.into_iter().enumerate() {
        // Each plan draws from its own seed, so a plan's target does not depend on which
        // plans before it were passed over.
        let mut rng = ChaCha8Rng::seed_from_u64(0x70686f6e65 ^ (i as u64) << 48);
        if let PhonePlan::National(region) = plan
            && !may_take(shape, region, i)
        {
            continue;
        }
        match target(shape, &digits, plan, &mut rng) {
            Ok(Some(t)) => targets.push(t),
            Ok(None) => {}
            Err(Unsure) => unsure = true,
        }
    }
    let how = if unsure && (intl.is_some() || targets.is_empty()) {
        How::PerValue
    } else if targets.is_empty() {
        How::Any
    } else {
        How::Valid { targets, unsure }
    };
    Template { digits, how }
}

/// Whether some number of `shape` may be valid under the national plan of `region` (the
/// `plan`th plan tried), by [`metadata::may_be_valid`] (no parse, no lock) on up to [`SEARCH`]
/// numbers of the shape. Most shapes written without a country code fit few of the national
/// plans, and finding out how libphonenumber reads a shape costs [`READS`] parses per plan: a
/// plan no drawn number may be valid under is passed over without them.
///
/// Where the shape holds nothing but digits and plain punctuation, the answer depends on its
/// digits alone (kept and redrawn, in order), which many shapes share (`(415) 555-…`,
/// `415-555-…`, `415.555.…`): it is worked out once per plan and digits, on the digits.
fn may_take(shape: &[u8], region: &str, plan: usize) -> bool {
    let plain = shape
        .iter()
        .all(|&c| c == FREE || c.is_ascii_digit() || metadata::plain_punctuation(c));
    if !plain {
        return may_take_drawn(shape, region, plan);
    }
    let digits: Box<[u8]> = shape
        .iter()
        .copied()
        .filter(|&c| c == FREE || c.is_ascii_digit())
        .collect();
    let key = (plan, digits);
    let read = MAY_TAKE.read().unwrap_or_else(|e| e.into_inner());
    if let Some(&b) = read.get(&key) {
        return b;
    }
    drop(read);
    let b = may_take_drawn(&key.1, region, plan);
    let mut all = MAY_TAKE.write().unwrap_or_else(|e| e.into_inner());
    if all.len() < MAX_TEMPLATES {
        all.insert(key, b);
    }
    b
}

/// [`may_take`] on numbers drawn from a seed of the plan's own: the same answer for the same
/// shape, whatever was drawn before.
fn may_take_drawn(shape: &[u8], region: &str, plan: usize) -> bool {
    if !metadata::may_some_be_valid(region, shape) {
        return false; // no number of the shape may be: no draw would find one
    }
    let mut rng = ChaCha8Rng::seed_from_u64(0x6d61795f74616b65 ^ (plan as u64) << 48);
    let mut s = String::with_capacity(shape.len());
    (0..SEARCH).any(|_| {
        fill_into(shape, &mut rng, &mut s);
        metadata::may_be_valid(Some(region), &s)
    })
}

/// Answers of [`may_take`] by plan and digits. Bounded like the templates.
type Answers = HashMap<(usize, Box<[u8]>), bool, foldhash::fast::FixedState>;

static MAY_TAKE: LazyLock<RwLock<Answers>> = LazyLock::new(Default::default);

/// How many digits of an international prefix (`00`) a number starts with, if it starts with
/// one or with `+`.
fn international(t: &str) -> Option<usize> {
    if t.starts_with("00") {
        Some(2)
    } else {
        t.starts_with('+').then_some(0)
    }
}

/// libphonenumber reads numbers of a shape in a way a template cannot follow.
struct Unsure;

/// Whether numbers of `shape` can be valid under `plan`, and where their national number is.
///
/// libphonenumber's reading of a number can depend on its digits: it strips a national prefix
/// (`+44 (0)20 …`) only where the rest is a number of the country, and under some plans reads
/// a country code from digits the shape does not keep (`011 …` is a call abroad from the US).
/// So each way a few numbers of the shape are read is tried in turn; the first under which
/// valid numbers are found is kept, provided libphonenumber reads and validates a few of those
/// alike.
fn target(
    shape: &[u8],
    digits: &[u8],
    plan: PhonePlan,
    rng: &mut ChaCha8Rng,
) -> Result<Option<Target>, Unsure> {
    let mut readings: Vec<(u16, usize, usize)> = Vec::new();
    for _ in 0..READS {
        let s = fill(shape, rng);
        let Some(n) = parse(&s, plan) else {
            continue;
        };
        let nsn = n.national().to_string();
        let main = main_digits(&s);
        if !main.ends_with(&nsn) {
            return Err(Unsure); // the national number is not the last digits as written
        }
        let read = (n.code().value(), main.len() - nsn.len(), main.len());
        if !readings.contains(&read) {
            readings.push(read);
        }
    }
    for (code, from, to) in readings {
        if matches!(plan, PhonePlan::International(cc) if cc != code) {
            continue;
        }
        let mut t = Target {
            plan,
            code,
            region: 0,
            nsn: (from, to),
        };
        // The first valid number found says which region decides; numbers that region takes
        // are then checked against libphonenumber.
        let mut found: Vec<String> = Vec::new();
        for _ in 0..SEARCH {
            let s = fill(shape, rng);
            if found.is_empty() {
                let mut buf = [0; MAX_NSN];
                let nsn = t.nsn(digits, s.as_bytes(), &mut buf);
                if metadata::valid(code, nsn) {
                    t.region = metadata::source(code, nsn).ok_or(Unsure)?;
                    found.push(s);
                }
            } else if t.takes(digits, s.as_bytes()) {
                found.push(s);
                if found.len() == CHECKS {
                    break;
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        for s in &found {
            let n = parse(s, plan).ok_or(Unsure)?;
            // `phone_valid_as(s, plan)` is this parse and this check (`metadata::is_valid` is
            // `phonenumber::is_valid` without the crate's locked pattern cache).
            let agrees = metadata::is_valid(&n)
                && n.code().value() == code
                && n.national().to_string() == main_digits(s)[from..to]
                && parse_date(strip_extension(s.trim())).is_none();
            if !agrees {
                return Err(Unsure);
            }
        }
        return Ok(Some(t));
    }
    Ok(None)
}

/// libphonenumber's reading of `s` under `plan`, as [`phone_valid_as`] parses it.
fn parse(s: &str, plan: PhonePlan) -> Option<phonenumber::PhoneNumber> {
    let t = strip_extension(s.trim());
    match plan {
        PhonePlan::International(_) => {
            let intl = t.strip_prefix("00").map(|rest| format!("+{rest}"));
            phonenumber::parse(None, intl.as_deref().unwrap_or(t)).ok()
        }
        PhonePlan::National(region) => {
            let id = region.parse::<phonenumber::country::Id>().ok()?;
            phonenumber::parse(Some(id), t).ok()
        }
    }
}

/// The digits of `s` before any extension.
fn main_digits(s: &str) -> String {
    strip_extension(s.trim())
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Templates by shape. Bounded: past the bound a template is derived for each use (the same
/// template, so the same surrogates, only slower).
type Templates = HashMap<Box<[u8]>, Arc<Template>, foldhash::fast::FixedState>;

const MAX_TEMPLATES: usize = 65_536;

static SHARED: LazyLock<RwLock<Templates>> = LazyLock::new(Default::default);

thread_local! {
    /// This thread's copy of the templates it used: no lock or shared counter per value.
    static LOCAL: RefCell<Templates> = RefCell::new(Templates::default());
}

/// Runs `f` on the template of `shape`.
fn with_template<T>(shape: &[u8], f: impl FnOnce(&Template) -> T) -> T {
    LOCAL.with(|local| {
        if let Some(t) = local.borrow().get(shape) {
            return f(t);
        }
        let t = shared_template(shape);
        let out = f(&t);
        let mut local = local.borrow_mut();
        if local.len() < MAX_TEMPLATES {
            local.insert(shape.into(), t);
        }
        out
    })
}

fn shared_template(shape: &[u8]) -> Arc<Template> {
    let read = SHARED.read().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = read.get(shape) {
        return t.clone();
    }
    drop(read);
    let t = Arc::new(derive(shape));
    let mut all = SHARED.write().unwrap_or_else(|e| e.into_inner());
    if all.len() >= MAX_TEMPLATES {
        return t;
    }
    all.entry(shape.into()).or_insert(t).clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    fn shape(s: &str) -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { 'd' } else { c })
            .collect()
    }

    #[test]
    fn phones_keep_layout_and_country_and_validate() {
        for o in [
            "+44 20 7946 0958",
            "+1 (415) 692-3400",
            "+49 30 901820",
            "(415) 692-3400",
            "+33 1 42 68 53 00",
            "+44 (0)20 7946 0958",
            "(415) 692-3400 x42",
        ] {
            let mut valid = 0;
            let plan = v::phone_plan(o).expect("valid original");
            for p in many(Kind::Phone, o, 100) {
                assert_eq!(p.len(), o.len(), "{o} -> {p}");
                assert_eq!(shape(&p), shape(o));
                if o.starts_with('+') {
                    assert_eq!(&p[..3], &o[..3], "country code kept");
                }
                valid += usize::from(v::phone_valid_as(&p, plan));
                assert_ne!(p, o);
            }
            assert_eq!(
                valid, 100,
                "{o}: only {valid}/100 valid in the original's plan"
            );
        }
    }

    /// Valid numbers of many countries and layouts, national ones included.
    const LAYOUTS: &[&str] = &[
        "+1 (415) 692-3400",
        "+1 206-723-4567",
        "+1 604 555 0199",
        "(206) 723-4567",
        "+1 202-456-1111 ext. 123",
        "+44 20 7946 0958",
        "+44 7911 123456",
        "+44 (0)20 7946 0958",
        "0044 20 7946 0958",
        "020 7946 0958",
        "07911 123456",
        "+49 30 901820",
        "+49 151 23456789",
        "0151 23456789",
        "030 901820",
        // Valid under several national plans (GB, DE, IT): laid out as German numbers.
        "0711 4001154",
        "069 28203141",
        "040 38638443",
        "0221 12345678",
        "+33 1 42 68 53 00",
        "+33 6 12 34 56 78",
        "01 38 97 31 36",
        "06 12 34 56 78",
        "+31 6 12345678",
        "06-12345678",
        "020 123 4567",
        "+34 612 345 678",
        "912 345 678",
        "+39 06 1234 5678",
        "+39 312 345 6789",
        "06 1234 5678",
        "+351 912 345 678",
        "+55 11 91234-5678",
        "(11) 91234-5678",
        "+7 912 345-67-89",
        "+61 4 1234 5678",
        "+81 3-1234-5678",
        "+91 98765 43210",
        "+353 85 123 4567",
        "+48 512 345 678",
    ];

    #[test]
    fn many_layouts_stay_valid_in_the_originals_plan() {
        let mut checked = 0;
        for o in LAYOUTS {
            let Some(plan) = v::phone_plan(o) else {
                continue;
            };
            checked += 1;
            let keep = phone_kept_digits(o);
            for p in many(Kind::Phone, o, 100) {
                assert_eq!(shape(&p), shape(o), "{o} -> {p}");
                let head = |s: &str| {
                    s.bytes()
                        .filter(u8::is_ascii_digit)
                        .take(keep)
                        .collect::<Vec<_>>()
                };
                assert_eq!(head(&p), head(o), "{o} -> {p}: kept head");
                assert!(
                    v::phone_valid_as(&p, plan),
                    "{o} -> {p}: invalid under {plan:?}"
                );
                assert_ne!(&p, o);
            }
        }
        assert!(
            checked >= 30,
            "only {checked} of the layouts are valid numbers"
        );
    }

    /// Which way the template of `o` makes surrogates.
    fn how(o: &str) -> &'static str {
        let mut buf = [0; MAX_SHAPE];
        let shape = shape_of(o, phone_kept_digits(o), &mut buf).unwrap();
        match derive(shape).how {
            How::Any => "any",
            How::PerValue => "per value",
            How::Valid { unsure: false, .. } => "valid",
            How::Valid { unsure: true, .. } => "valid, some plans per value",
        }
    }

    #[test]
    fn common_layouts_need_no_parse_per_value() {
        for o in LAYOUTS {
            if v::phone_plan(o).is_some() {
                assert_eq!(how(o), "valid", "{o}");
            }
        }
        assert_eq!(
            how("+1 555 0100 999"),
            "any",
            "no valid number has this shape"
        );
    }

    #[test]
    fn surrogates_do_not_depend_on_the_cache_or_the_thread() {
        fn all(order: &[&str]) -> Vec<Vec<String>> {
            order.iter().map(|o| many(Kind::Phone, o, 5)).collect()
        }
        let forward = all(LAYOUTS);
        LOCAL.with(|l| l.borrow_mut().clear());
        SHARED.write().unwrap().clear();
        let mut reversed: Vec<&str> = LAYOUTS.to_vec();
        reversed.reverse();
        let mut backward = all(&reversed);
        backward.reverse();
        assert_eq!(forward, backward);
        let other = std::thread::spawn(|| all(LAYOUTS)).join().unwrap();
        assert_eq!(forward, other);
    }

    /// Random numbers of many layouts and countries: every surrogate of a valid one is valid
    /// under the plan libphonenumber finds for the original. (`011 …` is left out: under the
    /// US plan it is a call abroad whose country code lies in digits no layout keeps.)
    #[test]
    fn random_numbers_of_many_layouts_stay_valid_in_their_plan() {
        use rand::RngExt;
        let layouts = [
            "0ddd ddddddd",
            "0dd dddddddd",
            "0dddd dddddd",
            "0d dd dd dd dd",
            "(ddd) ddd-dddd",
            "ddd ddd ddd",
            "+1 ddd-ddd-dddd",
            "+44 dddd dddddd",
            "+44 (0)dd dddd dddd",
            "0044 dd dddd dddd",
            "+49 ddd dddddddd",
            "+33 d dd dd dd dd",
            "+39 ddd ddd dddd",
            "+55 dd ddddd-dddd",
            "+7 ddd ddd-dd-dd",
            "+52 dd dddd dddd",
            "+54 9 dd dddd-dddd",
            "+1 (ddd) ddd-dddd x12",
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        let mut checked = 0;
        while checked < 300 {
            let layout = layouts[rng.random_range(0..layouts.len())];
            let o: String = layout
                .chars()
                .map(|c| {
                    if c == 'd' {
                        char::from(b'0' + digit(&mut rng))
                    } else {
                        c
                    }
                })
                .collect();
            let Some(plan) = v::phone_plan(&o).filter(|_| !o.starts_with("011")) else {
                continue;
            };
            checked += 1;
            for p in many(Kind::Phone, &o, 3) {
                assert!(v::phone_valid_as(&p, plan), "{o} ({plan:?}) -> {p}");
                assert_eq!(shape(&p), shape(&o));
            }
        }
    }
}
