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

use crate::per_thread::PerThread;
use phonenumber::metadata::{DATABASE, Descriptor, Descriptors, Metadata};
use regex::bytes::{RegexBuilder, RegexSetBuilder};
use std::sync::{LazyLock, OnceLock};

/// The metadata's patterns are searched from every thread: each thread has a copy of its own
/// (see [`PerThread`]).
type Regex = PerThread<regex::bytes::Regex>;
type RegexSet = PerThread<regex::bytes::RegexSet>;

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
    /// `national_prefix_for_parsing`, anchored: what the parse strips off a national number.
    prefix: OnceLock<Option<Regex>>,
    /// `international_prefix` (the IDD, `011`, `00`), anchored.
    idd: OnceLock<Option<Regex>>,
    /// The patterns as NFAs, for [`may_some_be_valid`].
    patterns: OnceLock<Patterns>,
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
                    prefix: OnceLock::new(),
                    idd: OnceLock::new(),
                    patterns: OnceLock::new(),
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
    let Some(shared) = SHARED.get(usize::from(code)) else {
        return false;
    };
    let shared = shared.get_or_init(|| Shared::of(regions));
    if nsn.len() > MAX_NSN || shared.lengths & (1 << nsn.len()) == 0 {
        return false; // no region of the code admits numbers of this length
    }
    if let Some((set, region_of)) = &shared.leading {
        // The first region whose leading digits start `nsn` decides, unless a region before it
        // without leading digits finds the number valid.
        let first = set.matches(nsn).iter().next().map(|i| region_of[i]);
        for (i, region) in regions.iter().enumerate() {
            if Some(i) == first {
                return region.valid(nsn);
            }
            if region.leading().is_none() && region.valid(nsn) {
                return true;
            }
        }
        return false;
    }
    walk(regions, nsn)
}

/// `validator::source_for` then `number_type`, region by region with each region's own
/// leading-digits pattern: what [`valid`] finds in one search where the code's patterns compile
/// as one set.
fn walk(regions: &[Region], nsn: &[u8]) -> bool {
    for region in regions {
        match region.leading() {
            Some(leading) if leading.is_match(nsn) => return region.valid(nsn),
            Some(_) => {}
            None if region.valid(nsn) => return true,
            None => {}
        }
    }
    false
}

/// What [`valid`] reads of a country code shared by several regions (`+1`: the US, Canada and
/// the Caribbean, each region picked by its leading digits), built on the code's first use.
struct Shared {
    /// Bit `len`: some region of the code admits national numbers of `len` digits.
    lengths: u32,
    /// The leading digits of the regions that have them, as one set (one search instead of one
    /// per region), and the region (index into the code's regions) of each pattern; `None`
    /// where the set does not compile (each region's pattern is then tried in turn).
    leading: Option<(RegexSet, Vec<usize>)>,
}

impl Shared {
    fn of(regions: &[Region]) -> Shared {
        // The lengths `Region::valid` can say yes to: admitted by the general descriptor and
        // by some number type.
        let mut lengths = 0u32;
        for r in regions {
            let d = r.meta.descriptors();
            for len in 0..=MAX_NSN {
                if admits(d.general(), len) && number_types(d).any(|t| admits(t, len)) {
                    lengths |= 1 << len;
                }
            }
        }
        // Only the patterns `Region::leading` compiles: a region whose pattern does not compile
        // counts as one without leading digits there too.
        let (patterns, region_of): (Vec<String>, Vec<usize>) = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.leading().is_some())
            .filter_map(|(i, r)| Some((anchored_source(r.meta.leading_digits()?.as_str()), i)))
            .unzip();
        let leading = RegexSetBuilder::new(&patterns)
            .ignore_whitespace(true)
            .unicode(false)
            .size_limit(64 << 20)
            .build()
            .ok()
            .map(|set| (PerThread::new(set), region_of));
        Shared { lengths, leading }
    }
}

/// [`Shared`] of each country code, indexed by the code.
static SHARED: LazyLock<Vec<OnceLock<Shared>>> =
    LazyLock::new(|| (0..1000).map(|_| OnceLock::new()).collect());

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

/// Whether `phonenumber::parse(region, s)` can be a valid number ([`is_valid`]): `false` only
/// where it certainly is not. A cheap filter before the parse, which costs microseconds and
/// takes the crate's shared, locked regex cache; most numbers tried against a plan are not
/// valid under it (a column of several countries tries up to nine national plans per value).
///
/// The parse reads the digits of `s`, takes the country code (from a `+`, an IDD, or the
/// digits that start with the region's own code) and strips a national prefix (a literal
/// prefix, `national_prefix_for_parsing` or its transform rule), each only under conditions.
/// Here every national number the parse can end with is tried with [`valid`], whichever
/// conditions hold; a string with anything else in it (letters, an extension, non-ASCII
/// digits, an IDD) is left to the parse (`true`). With `region` `None`, only numbers with a
/// `+` are read (as the parse does without a region).
pub(crate) fn may_be_valid(region: Option<&str>, s: &str) -> bool {
    let t = s.trim();
    let (plus, body) = match t.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let mut buf = [0u8; 32];
    let digits = match plain_digits(body, &mut buf) {
        Ok(d) => d,
        Err(r) => return r != Reading::Invalid,
    };
    let own = match region {
        None => None,
        Some(id) => {
            let Some(own) = own_region(id) else {
                return true;
            };
            Some(own)
        }
    };
    if plus {
        return international_may_be_valid(digits, own);
    }
    let Some(own) = own else {
        return true;
    };
    let code = own.meta.country_code();
    if own.idd().is_some_and(|idd| idd.is_match(digits)) {
        return true; // a call abroad: the parse takes the country code that follows
    }
    let mut cc = [0u8; 3];
    let cc = code_digits(code, &mut cc);
    own.forms_valid(code, digits)
        || digits
            .strip_prefix(cc)
            .is_some_and(|rest| own.forms_valid(code, rest))
}

/// What `phonenumber::parse(None, s)` followed by [`is_valid`] says of a number written with
/// `+`, where that can be told without the parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Not valid (the parse fails or the number is not valid).
    Invalid,
    /// Valid, with this country code.
    Valid(u16),
    /// Only the parse can tell.
    Unknown,
}

/// [`Reading`] of `s`. Exact where no region of the number's country code could strip a
/// national prefix from what follows it (`+49 30 901820`, `+1 415 692 3400`: most numbers
/// written with `+`): the parse's national number is then every digit after the code.
pub(crate) fn read_international(s: &str) -> Reading {
    let Some(body) = s.trim().strip_prefix('+') else {
        return Reading::Unknown;
    };
    let mut buf = [0u8; 32];
    let digits = match plain_digits(body, &mut buf) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let Some((code, rest)) = split_code(digits) else {
        return Reading::Unknown; // `+0 …`, or no country code: the parse's own rules decide
    };
    let regions = regions(code);
    if regions.iter().any(|r| r.may_strip(rest)) {
        return if regions.iter().any(|r| r.forms_valid(code, rest)) {
            Reading::Unknown
        } else {
            Reading::Invalid
        };
    }
    // Without a space, the parse first reads the number as an RFC 3966 `tel:` number, whose
    // country code is every digit before the first separator (`+4930-901820` is no number).
    let rfc3966 = !body.contains(' ') && !body.bytes().all(|b| b.is_ascii_digit());
    if !valid(code, rest) {
        Reading::Invalid
    } else if rfc3966 {
        Reading::Unknown
    } else {
        Reading::Valid(code)
    }
}

/// A digit of a shape that is yet to be drawn: any of `0`–`9` (see [`may_some_be_valid`]).
pub(crate) const ANY_DIGIT: u8 = 0x01;

/// Whether some number written as `shape` — ASCII digits, and [`ANY_DIGIT`] where any digit may
/// stand — may pass [`may_be_valid`]`(Some(region), ·)`: `false` only where none can, whatever
/// its drawn digits. A shape no number of which is valid under a plan is told in microseconds,
/// where drawing numbers of it and asking [`may_be_valid`] about each one costs hundreds.
///
/// Each pattern [`may_be_valid`] matches (the international prefix, the national prefix for
/// parsing, the general and the number types' patterns) is followed on every digit at once as
/// an NFA ([`Patterns`]); the conditions on each are loosened where a shape cannot settle them
/// (every match end of the prefix pattern, every region of a shared code, a transform rule
/// taken to allow anything), so the answer is `true` wherever a drawn number could pass.
pub(crate) fn may_some_be_valid(region: &str, shape: &[u8]) -> bool {
    if shape.is_empty()
        || shape.len() > 32
        || !shape.iter().all(|&b| b == ANY_DIGIT || b.is_ascii_digit())
    {
        return true;
    }
    let Some(own) = own_region(region) else {
        return true;
    };
    let code = own.meta.country_code();
    if own.meta.international_prefix().is_some()
        && own
            .patterns()
            .idd
            .as_ref()
            .is_none_or(|idd| idd.ends(shape) != 0)
    {
        return true; // an IDD may start the number: a call abroad
    }
    let mut cc = [0u8; 3];
    let cc = code_digits(code, &mut cc);
    own.forms_may_be_valid(code, shape)
        || may_strip(shape, cc).is_some_and(|rest| own.forms_may_be_valid(code, rest))
}

/// The region `id` names (`"GB"`), among those of its country code; `None` where the metadata
/// has no such region.
fn own_region(id: &str) -> Option<&'static Region> {
    let meta = DATABASE.by_id(id)?;
    regions(meta.country_code())
        .iter()
        .find(|r| r.meta.id() == meta.id())
}

/// Whether `ok` holds for `n`, or for `n` with the literal national prefix stripped once or
/// twice (by `strip`): the national numbers the parse can make of `n` without its
/// `national_prefix_for_parsing` ([`Region::forms_valid`], and its mirror on shapes).
fn with_or_without<'a>(
    n: &'a [u8],
    literal: Option<&[u8]>,
    strip: impl Fn(&'a [u8], &[u8]) -> Option<&'a [u8]>,
    ok: impl Fn(&[u8]) -> bool,
) -> bool {
    ok(n)
        || literal
            .and_then(|l| strip(n, l))
            .is_some_and(|once| ok(once) || literal.and_then(|l| strip(once, l)).is_some_and(&ok))
}

/// `shape` without `prefix`, where some number of the shape starts with it.
fn may_strip<'a>(shape: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    (shape.len() >= prefix.len()
        && shape
            .iter()
            .zip(prefix)
            .all(|(&s, &p)| s == ANY_DIGIT || s == p))
    .then(|| &shape[prefix.len()..])
}

/// Whether some national number of the shape `nsn` may be valid under `code`: under some
/// region of the code, its length is admitted and the general pattern and some number type's
/// pattern each match the start of some number of the shape.
fn may_be_valid_nsn(code: u16, nsn: &[u8]) -> bool {
    let len = nsn.len();
    len <= MAX_NSN
        && regions(code).iter().any(|r| {
            let d = r.meta.descriptors();
            if !admits(d.general(), len) {
                return false;
            }
            let p = r.patterns();
            p.general.as_ref().is_none_or(|g| g.ends(nsn) != 0)
                && p.types.iter().any(|(desc, t)| {
                    admits(desc, len) && t.as_ref().is_none_or(|t| t.ends(nsn) != 0)
                })
        })
}

/// A region's patterns as NFAs, for [`may_some_be_valid`]; `None` where one does not compile
/// (taken to match anything).
struct Patterns {
    idd: Option<ShapeNfa>,
    parsing: Option<ShapeNfa>,
    general: Option<ShapeNfa>,
    /// Each number type's descriptor (its possible lengths) and pattern.
    types: Vec<(&'static Descriptor, Option<ShapeNfa>)>,
}

/// A pattern, anchored at the start, followed on shapes.
struct ShapeNfa(regex_automata::nfa::thompson::NFA);

impl ShapeNfa {
    fn new(pattern: &str) -> Option<ShapeNfa> {
        use regex_automata::nfa::thompson::{Config, NFA, WhichCaptures};
        use regex_automata::util::syntax;
        NFA::compiler()
            .syntax(
                syntax::Config::new()
                    .ignore_whitespace(true)
                    .unicode(false)
                    .utf8(false),
            )
            .configure(
                Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(64 << 20)),
            )
            .build(&anchored_source(pattern))
            .ok()
            .map(ShapeNfa)
    }

    /// Every length of a prefix of `shape` the pattern matches for some digits in the
    /// [`ANY_DIGIT`] places, as bits (bit `i`: a match ends after `i` bytes). Look-arounds
    /// other than the start and the end of the text are taken to hold.
    fn ends(&self, shape: &[u8]) -> u64 {
        use regex_automata::nfa::thompson::State;
        use regex_automata::util::look::Look;
        let nfa = &self.0;
        let n = nfa.states().len();
        let mut ends = 0u64;
        let mut seen = vec![false; n];
        let mut cur: Vec<regex_automata::util::primitives::StateID> = Vec::new();
        let mut next: Vec<regex_automata::util::primitives::StateID> = Vec::new();
        let mut stack = vec![nfa.start_anchored()];
        for at in 0..=shape.len() {
            // The closure of `stack` at `at`: consuming states into `cur`, matches into `ends`.
            seen.iter_mut().for_each(|s| *s = false);
            cur.clear();
            while let Some(id) = stack.pop() {
                if std::mem::replace(&mut seen[id.as_usize()], true) {
                    continue;
                }
                match nfa.state(id) {
                    State::ByteRange { .. } | State::Sparse(_) | State::Dense(_) => cur.push(id),
                    State::Look { look, next } => {
                        let holds = match look {
                            Look::Start => at == 0,
                            Look::End => at == shape.len(),
                            _ => true,
                        };
                        if holds {
                            stack.push(*next);
                        }
                    }
                    State::Union { alternates } => stack.extend(alternates.iter().rev()),
                    State::BinaryUnion { alt1, alt2 } => stack.extend([*alt2, *alt1]),
                    State::Capture { next, .. } => stack.push(*next),
                    State::Fail => {}
                    State::Match { .. } => {
                        if at < 64 {
                            ends |= 1 << at;
                        }
                    }
                }
            }
            let Some(&b) = shape.get(at) else {
                break;
            };
            let bytes = if b == ANY_DIGIT { b'0'..=b'9' } else { b..=b };
            next.clear();
            for &id in &cur {
                for byte in bytes.clone() {
                    let to = match nfa.state(id) {
                        State::ByteRange { trans } => {
                            trans.matches_byte(byte).then_some(trans.next)
                        }
                        State::Sparse(t) => t.matches_byte(byte),
                        State::Dense(t) => t.matches_byte(byte),
                        _ => None,
                    };
                    if let Some(to) = to {
                        next.push(to);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            std::mem::swap(&mut stack, &mut next);
        }
        ends
    }
}

/// The punctuation [`may_be_valid`] reads past in a number of plain digits (spaces, `-`, `.`,
/// brackets, `/`): a string of digits and these is judged on its digits alone.
pub(crate) fn plain_punctuation(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.' | b'(' | b')' | b'/')
}

/// The ASCII digits of a number written with digits and the usual punctuation only (spaces,
/// `-`, `.`, brackets, `/`); anything else is the parse's to read.
fn plain_digits<'a>(body: &str, buf: &'a mut [u8; 32]) -> Result<&'a [u8], Reading> {
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || plain_punctuation(b))
    {
        return Err(Reading::Unknown);
    }
    let mut n = 0;
    for b in body.bytes().filter(u8::is_ascii_digit) {
        if n == buf.len() {
            return Err(Reading::Invalid); // far too long for any plan
        }
        buf[n] = b;
        n += 1;
    }
    Ok(&buf[..n])
}

/// [`may_be_valid`] for the digits after a `+`. The parse strips a national prefix by the rules
/// of the region it was given (`+1 (0)201…` read in Britain), else of the code's region.
fn international_may_be_valid(digits: &[u8], given: Option<&Region>) -> bool {
    let Some((code, rest)) = split_code(digits) else {
        return true; // `+0 …`, or no country code: the parse's own rules decide
    };
    regions(code)
        .iter()
        .chain(given)
        .any(|r| r.forms_valid(code, rest))
}

/// The country code the parse reads at the start of the digits after a `+` (the first prefix
/// the metadata knows; codes are prefix-free), and the digits after it. `None` where the digits
/// start with 0 or with no code.
fn split_code(digits: &[u8]) -> Option<(u16, &[u8])> {
    /// `DATABASE.by_code(code).is_some()` per code, which collects a `Vec` on every call.
    static KNOWN: LazyLock<Vec<bool>> = LazyLock::new(|| {
        (0..1000u16)
            .map(|c| DATABASE.by_code(&c).is_some())
            .collect()
    });
    if digits.first().is_none_or(|&d| d == b'0') {
        return None;
    }
    let mut code = 0u16;
    for (len, &d) in digits.iter().take(3).enumerate() {
        code = code * 10 + u16::from(d - b'0');
        if KNOWN[usize::from(code)] {
            return Some((code, &digits[len + 1..]));
        }
    }
    None
}

/// The decimal digits of `code` (below 1000).
fn code_digits(code: u16, buf: &mut [u8; 3]) -> &[u8] {
    let n = match code {
        0..=9 => 1,
        10..=99 => 2,
        _ => 3,
    };
    let mut c = code;
    for d in buf[..n].iter_mut().rev() {
        *d = b'0' + (c % 10) as u8;
        c /= 10;
    }
    &buf[..n]
}

/// `^(?:pattern)`, compiled the way the crate compiles it (whitespace in patterns ignored).
fn anchored(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(&anchored_source(pattern))
        .ignore_whitespace(true)
        .unicode(false)
        .size_limit(64 << 20)
        .build()
        .ok()
        .map(PerThread::new)
}

/// `^(?:pattern)` in the crate's extended syntax: the closing bracket on a line of its own,
/// after any `#` comment.
fn anchored_source(pattern: &str) -> String {
    format!("^(?:{pattern}\n)")
}

/// A metadata pattern, compiled [`anchored`] on first use.
fn compiled<'a>(cell: &'a OnceLock<Option<Regex>>, pattern: Option<&str>) -> Option<&'a Regex> {
    cell.get_or_init(|| pattern.and_then(anchored)).as_ref()
}

/// The number types `number_type` tries, in its order.
fn number_types(d: &Descriptors) -> impl Iterator<Item = &Descriptor> {
    [
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
        compiled(
            &self.leading,
            self.meta.leading_digits().map(|p| p.as_str()),
        )
    }

    /// Whether the parse could strip a national prefix off `nsn` by this region's rules (its
    /// literal national prefix, or `national_prefix_for_parsing` matching at the start).
    fn may_strip(&self, nsn: &[u8]) -> bool {
        self.meta
            .national_prefix()
            .is_some_and(|p| nsn.starts_with(p.as_bytes()))
            || self.parsing().is_some_and(|re| re.is_match(nsn))
    }

    fn parsing(&self) -> Option<&Regex> {
        compiled(
            &self.prefix,
            self.meta.national_prefix_for_parsing().map(|p| p.as_str()),
        )
    }

    fn idd(&self) -> Option<&Regex> {
        compiled(
            &self.idd,
            self.meta.international_prefix().map(|p| p.as_str()),
        )
    }

    /// Whether a national number the parse can make of `digits` under this region's national
    /// prefix rules is valid under `code` (`helper::national_number`, then the literal national
    /// prefix; each form whether or not the parse's conditions for it hold).
    fn forms_valid(&self, code: u16, digits: &[u8]) -> bool {
        // Without `national_prefix_for_parsing`, the literal prefix is stripped by
        // `national_number` and then once more by the parse (`+49 0048…` is `+49 48…`).
        let literal = self.meta.national_prefix().map(str::as_bytes);
        let with_or_without_literal =
            |n: &[u8]| with_or_without(n, literal, |n, l| n.strip_prefix(l), |n| valid(code, n));
        if with_or_without_literal(digits) {
            return true;
        }
        let Some(parsing) = self.parsing() else {
            return false;
        };
        let Some(m) = parsing.find(digits) else {
            return false;
        };
        if with_or_without_literal(&digits[m.end()..]) {
            return true;
        }
        self.meta
            .national_prefix_transform_rule()
            .is_some_and(|rule| with_or_without_literal(&parsing.replace(digits, rule.as_bytes())))
    }

    /// The region's patterns as NFAs, built on first use.
    fn patterns(&self) -> &Patterns {
        self.patterns.get_or_init(|| {
            let d = self.meta.descriptors();
            Patterns {
                idd: self
                    .meta
                    .international_prefix()
                    .and_then(|p| ShapeNfa::new(p.as_str())),
                parsing: self
                    .meta
                    .national_prefix_for_parsing()
                    .and_then(|p| ShapeNfa::new(p.as_str())),
                general: ShapeNfa::new(d.general().national_number().as_str()),
                types: number_types(d)
                    .map(|t| (t, ShapeNfa::new(t.national_number().as_str())))
                    .collect(),
            }
        })
    }

    /// [`Region::forms_valid`] for a shape: `false` only where no number of the shape can be.
    fn forms_may_be_valid(&self, code: u16, shape: &[u8]) -> bool {
        let literal = self.meta.national_prefix().map(str::as_bytes);
        let with_or_without_literal =
            |n: &[u8]| with_or_without(n, literal, may_strip, |n| may_be_valid_nsn(code, n));
        if with_or_without_literal(shape) {
            return true;
        }
        if self.meta.national_prefix_for_parsing().is_none() {
            return false;
        }
        let Some(parsing) = &self.patterns().parsing else {
            return true;
        };
        let ends = parsing.ends(shape);
        if ends == 0 {
            return false;
        }
        if self.meta.national_prefix_transform_rule().is_some() {
            return true; // the rule may rewrite the number into anything
        }
        (0..=shape.len())
            .filter(|&m| ends & (1 << m) != 0)
            .any(|m| with_or_without_literal(&shape[m..]))
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
                let admitted: Vec<&str> = number_types(d)
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
                .flat_map(|r| examples(r.meta.descriptors()))
                .map(str::to_string)
                .collect();
            for ex in &examples {
                // The example, and the example with its tail redrawn (often still valid).
                for k in 0..6 {
                    let keep = if k == 0 {
                        ex.len()
                    } else {
                        2.min(ex.len()) + k / 2
                    };
                    let nsn = redraw_after(ex, keep, &mut rng);
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

    /// The example numbers of a region's fixed-line, mobile and toll-free descriptors.
    fn examples(d: &Descriptors) -> Vec<&str> {
        [d.fixed_line(), d.mobile(), d.toll_free()]
            .into_iter()
            .flatten()
            .filter_map(|t| t.example())
            .collect()
    }

    /// `ex` with every digit after the first `keep` drawn again.
    fn redraw_after(ex: &str, keep: usize, rng: &mut ChaCha8Rng) -> String {
        ex.chars()
            .enumerate()
            .map(|(i, c)| {
                if i < keep {
                    c
                } else {
                    char::from(b'0' + rng.random_range(0..10u8))
                }
            })
            .collect()
    }

    fn valid_str(code: u16, nsn: &str) -> bool {
        valid(code, nsn.as_bytes())
    }

    #[test]
    fn shared_codes_decide_as_the_walk_through_their_regions_does() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut valid_seen = 0;
        for code in [1u16, 7, 44, 47, 61, 212, 262, 290, 590, 599] {
            assert!(regions(code).len() > 1, "+{code} is shared");
            // Each region's examples with their tails redrawn (valid and not, in every region
            // of the code), and numbers of every length the parse takes.
            let examples: Vec<String> = regions(code)
                .iter()
                .flat_map(|r| {
                    let d = r.meta.descriptors();
                    [d.fixed_line(), d.mobile()]
                        .into_iter()
                        .flatten()
                        .filter_map(|t| t.example().map(str::to_string))
                })
                .collect();
            let mut numbers: Vec<String> = Vec::new();
            for ex in &examples {
                for keep in [ex.len(), 3, 4, 5] {
                    numbers.push(redraw_after(ex, keep.min(ex.len()), &mut rng));
                }
            }
            for len in 1..=MAX_NSN + 1 {
                for _ in 0..20 {
                    numbers.push(redraw_after(&"0".repeat(len), 0, &mut rng));
                }
            }
            for n in &numbers {
                let expected = walk(regions(code), n.as_bytes());
                assert_eq!(valid(code, n.as_bytes()), expected, "+{code} {n}");
                valid_seen += usize::from(expected);
            }
        }
        assert!(valid_seen > 50, "only {valid_seen} valid numbers compared");
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

    /// `read_international` agrees with the parse wherever it answers.
    /// Returns whether it answered "valid" without the parse.
    fn check_reading(s: &str, parse_says: Option<u16>) -> bool {
        match read_international(s) {
            Reading::Unknown => false,
            Reading::Invalid => {
                assert_eq!(parse_says, None, "{s:?}");
                false
            }
            Reading::Valid(code) => {
                assert_eq!(parse_says, Some(code), "{s:?}");
                true
            }
        }
    }

    /// `may_some_be_valid` says `false` of a shape only where no number of the shape passes
    /// `may_be_valid`: shapes cut from valid examples (national with and without the national
    /// prefix, with the country code, the example itself among the numbers tried) and random
    /// shapes, under the plans the phone fakers try. It rules out most shapes no drawn number
    /// passes (what it is for).
    #[test]
    fn a_shape_is_ruled_out_only_where_no_number_of_it_may_be_valid() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let regions_tried = [
            "US", "GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR", "AR", "MX",
        ];
        let shape_of = |digits: &str, keep: usize| -> Vec<u8> {
            digits
                .bytes()
                .enumerate()
                .map(|(i, b)| if i < keep { b } else { ANY_DIGIT })
                .collect()
        };
        let fill = |shape: &[u8], rng: &mut ChaCha8Rng| -> String {
            shape
                .iter()
                .map(|&b| {
                    if b == ANY_DIGIT {
                        char::from(b'0' + rng.random_range(0..10u8))
                    } else {
                        char::from(b)
                    }
                })
                .collect()
        };
        let (mut shapes, mut some_pass, mut none_pass, mut ruled_out) = (0, 0, 0, 0);
        let mut check = |region: &str, shape: &[u8], known: Option<&str>, rng: &mut ChaCha8Rng| {
            let mut numbers: Vec<String> = (0..64).map(|_| fill(shape, rng)).collect();
            numbers.extend(known.map(str::to_string));
            let passes = numbers.iter().any(|n| may_be_valid(Some(region), n));
            let may = may_some_be_valid(region, shape);
            let shown = String::from_utf8_lossy(shape).replace('\u{1}', "x");
            assert!(
                may || !passes,
                "{region} {shown}: ruled out, yet a number of it passes"
            );
            shapes += 1;
            if passes {
                some_pass += 1;
            } else {
                none_pass += 1;
                ruled_out += usize::from(!may);
            }
        };
        for id in regions_tried {
            let meta = DATABASE.by_id(id).expect("a region");
            let code = meta.country_code();
            let prefix = meta.national_prefix().unwrap_or("");
            for ex in examples(meta.descriptors()) {
                for written in [
                    format!("{prefix}{ex}"),
                    ex.to_string(),
                    format!("{code}{ex}"),
                ] {
                    for keep in 0..=written.len() {
                        let shape = shape_of(&written, keep);
                        check(id, &shape, Some(&written), &mut rng);
                    }
                }
            }
            for _ in 0..150 {
                let len = rng.random_range(6..=13);
                let head: String = (0..3)
                    .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
                    .collect();
                let digits = format!("{head}{}", "0".repeat(len - 3));
                check(id, &shape_of(&digits, 3), None, &mut rng);
            }
        }
        assert!(
            some_pass > 300 && none_pass > 300,
            "{shapes} shapes: {some_pass} pass, {none_pass} not"
        );
        assert!(
            ruled_out * 10 >= none_pass * 6,
            "only {ruled_out} of {none_pass} shapes no number passes are ruled out"
        );
        // The shapes of the phone column that cost most: `044…` is no US or British number.
        let shape = shape_of("0440000000", 3);
        assert!(!may_some_be_valid("US", &shape) && !may_some_be_valid("GB", &shape));
        assert!(may_some_be_valid("DE", &shape));
    }

    /// `may_be_valid` never rules out a number the crate's parse finds valid, in the layouts
    /// numbers are written in (national with and without the national prefix, with the
    /// country code written without `+`, international with `+` and `(0)`), and rules out
    /// most that it does not find valid.
    #[test]
    fn the_filter_never_rules_out_a_valid_number() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (mut valid_seen, mut invalid_seen, mut invalid_ruled_out) = (0, 0, 0);
        // Valid numbers `read_international` told without the parse.
        let mut told = 0;
        let national = [
            "US", "GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR", "AR", "MX",
        ];
        for code in [1u16, 44, 49, 33, 34, 39, 31, 351, 55, 54, 52, 61, 81, 91, 7] {
            for region in regions(code) {
                let prefix = region.meta.national_prefix().unwrap_or("");
                for ex in examples(region.meta.descriptors()) {
                    for k in 0..8 {
                        // The example, its tail redrawn, one digit shorter or longer.
                        let keep = if k == 0 {
                            ex.len()
                        } else {
                            2.min(ex.len()) + k / 3
                        };
                        let mut nsn = redraw_after(ex, keep, &mut rng);
                        match k % 3 {
                            1 => nsn.push('5'),
                            2 if k > 2 => {
                                nsn.pop();
                            }
                            _ => {}
                        }
                        let (head, tail) = nsn.split_at(nsn.len().min(3));
                        let written = [
                            format!("+{code} {head} {tail}"),
                            format!("+{code} (0){nsn}"),
                            format!("+{code}-{prefix}{head}-{tail}"),
                            format!("{prefix}{head} {tail}"),
                            format!("({prefix}{head}) {tail}"),
                            nsn.clone(),
                            format!("{code} {nsn}"),
                            format!("{code}{prefix}{nsn}"),
                            format!("{prefix}{nsn}"),
                            format!("00{code} {nsn}"),
                        ];
                        for s in &written {
                            let plans = std::iter::once(None).chain(national.iter().map(Some));
                            for plan in plans {
                                let parsed = match plan {
                                    None => phonenumber::parse(None, s),
                                    Some(r) => phonenumber::parse(Some(r.parse().unwrap()), s),
                                };
                                let reading = parsed.as_ref().ok().filter(|n| is_valid(n));
                                if plan.is_none() {
                                    told += usize::from(check_reading(
                                        s,
                                        reading.map(|n| n.code().value()),
                                    ));
                                }
                                let crate_valid = reading.is_some();
                                let filter = may_be_valid(plan.copied(), s);
                                if crate_valid {
                                    valid_seen += 1;
                                    assert!(filter, "{s:?} under {plan:?} is valid");
                                } else {
                                    invalid_seen += 1;
                                    invalid_ruled_out += usize::from(!filter);
                                }
                            }
                        }
                    }
                }
            }
        }
        // And digit strings of any shape: random lengths, heads and separators.
        for _ in 0..3_000 {
            let head = ["+", "+1", "+44", "+49", "0", "00", "1", "49", "0800", ""];
            let mut s = head[rng.random_range(0..head.len())].to_string();
            for _ in 0..rng.random_range(5..14) {
                s.push(char::from(b'0' + rng.random_range(0..10u8)));
                if rng.random_range(0..4) == 0 {
                    s.push([' ', '-', '.', '/'][rng.random_range(0..4)]);
                }
            }
            for plan in std::iter::once(None).chain(national.iter().map(Some)) {
                let parsed = match plan {
                    None => phonenumber::parse(None, &s),
                    Some(r) => phonenumber::parse(Some(r.parse().unwrap()), &s),
                };
                let reading = parsed.as_ref().ok().filter(|n| is_valid(n));
                if plan.is_none() {
                    told += usize::from(check_reading(&s, reading.map(|n| n.code().value())));
                }
                if reading.is_some() {
                    valid_seen += 1;
                    assert!(
                        may_be_valid(plan.copied(), &s),
                        "{s:?} under {plan:?} is valid"
                    );
                }
            }
        }
        assert!(valid_seen > 2_000, "{valid_seen} valid numbers tried");
        assert!(told > 500, "{told} valid numbers told without the parse");
        assert!(
            invalid_ruled_out * 10 > invalid_seen * 8,
            "{invalid_ruled_out} of {invalid_seen} invalid numbers ruled out"
        );
    }
}
