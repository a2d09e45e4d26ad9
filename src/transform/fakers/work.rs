//! Work (`rules/work.toml`): job titles and organisation names from the `fake` crate's English
//! lists, in the original's case.

use super::{case_like, pick};
use fake::locales::{Data, EN};
use rand::{Rng, RngExt};

/// Seniority, field and position (`Senior Marketing Analyst`).
pub(super) fn job_title<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let title = format!(
        "{} {} {}",
        pick(rng, <EN as Data>::JOB_SENIORITY),
        pick(rng, <EN as Data>::JOB_FIELD),
        pick(rng, <EN as Data>::JOB_POSITION)
    );
    case_like(o, &title)
}

/// One or two family names and a company suffix.
pub(super) fn organization<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let name = pick(rng, <EN as Data>::NAME_LAST_NAME);
    let org = if rng.random_range(0..3) == 0 {
        let other = pick(rng, <EN as Data>::NAME_LAST_NAME);
        format!(
            "{name} and {other} {}",
            pick(rng, <EN as Data>::COMPANY_SUFFIX)
        )
    } else {
        format!("{name} {}", pick(rng, <EN as Data>::COMPANY_SUFFIX))
    };
    case_like(o, &org)
}
