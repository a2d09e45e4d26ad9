//! Type inference: what a compared column is measured as (numeric, datetime, boolean,
//! categorical), from its dtype or, for text, from the distinct values of both sides.

use super::*;

names! {
/// The type a compared column is measured as.
pub enum Ty {
    Numeric,
    Datetime,
    Boolean,
    Categorical,
    Text,
}
}

impl Ty {
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

/// What every distinct value of one side could be read as.
pub(super) struct Caps {
    pub(super) num: bool,
    pub(super) time: bool,
    pub(super) boolean: bool,
    pub(super) text: bool,
    pub(super) distinct: usize,
    pub(super) nonnull: u64,
}

pub(super) fn caps(c: &Counted) -> Caps {
    let (num, time, boolean, text, distinct) = match &c.keys {
        Keys::Text(k) => {
            let mut spellings = 0u16;
            let boolean = k.iter().all(|s| match parse_bool(s) {
                Some((_, i)) => {
                    spellings |= 1 << i;
                    true
                }
                None => false,
            }) && spellings.count_ones() <= 2;
            let num = k.iter().all(|s| parse_num(s).is_some());
            let time = !num && k.iter().all(|s| timestamp_nanos(s).is_some());
            (num, time, boolean, true, k.len())
        }
        Keys::Num(k) => (true, false, false, false, k.len()),
        Keys::Time(k) => (false, true, false, false, k.len()),
        Keys::Bool(k) => (false, false, true, false, k.len()),
    };
    Caps {
        num,
        time,
        boolean,
        text,
        distinct,
        nonnull: c.nonnull,
    }
}

pub(super) fn is_categorical(distinct: usize, nonnull: u64) -> bool {
    distinct <= MAX_CATEGORIES || distinct as f64 <= MAX_CATEGORY_RATIO * nonnull as f64
}

/// The type of one side alone (for the "type changed" message).
pub(super) fn own_type(c: &Caps) -> Ty {
    if c.boolean {
        Ty::Boolean
    } else if c.num {
        Ty::Numeric
    } else if c.time {
        Ty::Datetime
    } else if is_categorical(c.distinct, c.nonnull) {
        Ty::Categorical
    } else {
        Ty::Text
    }
}

/// The type both sides can be read as: boolean, then numeric, then datetime; text columns are
/// categorical when their union of distinct values is small (decided by the caller).
pub(super) fn decide(o: &Caps, a: &Caps) -> std::result::Result<Ty, String> {
    if o.boolean && a.boolean {
        return Ok(Ty::Boolean);
    }
    if o.num && a.num {
        return Ok(Ty::Numeric);
    }
    if o.time && a.time {
        return Ok(Ty::Datetime);
    }
    let (to, ta) = (own_type(o), own_type(a));
    let textual = |t: Ty| matches!(t, Ty::Categorical | Ty::Text);
    if o.text && a.text && textual(to) && textual(ta) {
        Ok(Ty::Categorical)
    } else {
        Err(format!("type changed: {} → {}", to.name(), ta.name()))
    }
}

/// A number as masq reads it from text: what Rust's `f64` parser accepts, finite.
pub(super) fn parse_num(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

pub(super) const BOOL_WORDS: [(&str, bool); 10] = [
    ("true", true),
    ("false", false),
    ("yes", true),
    ("no", false),
    ("t", true),
    ("f", false),
    ("y", true),
    ("n", false),
    ("1", true),
    ("0", false),
];

/// A boolean word (case-insensitive) and which spelling it was.
pub(super) fn parse_bool(s: &str) -> Option<(bool, usize)> {
    if s.len() > 5 {
        return None;
    }
    BOOL_WORDS
        .iter()
        .enumerate()
        .find(|(_, (w, _))| w.eq_ignore_ascii_case(s))
        .map(|(i, (_, b))| (*b, i))
}
