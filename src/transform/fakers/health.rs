//! Health (`rules/health.toml`): a diagnosis becomes a common condition from
//! `data/conditions.txt`, in the original's case.

use super::{case_like, entries, pick};
use rand::Rng;
use std::sync::LazyLock;

/// Common conditions (ICD-10 chapter headings' everyday names): realistic stand-ins for a
/// diagnosis column when no LLM writes them.
static CONDITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/conditions.txt")));

pub(super) fn condition<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    case_like(o, pick(rng, &CONDITIONS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses_in_order() {
        assert_eq!(CONDITIONS.len(), 24);
        assert_eq!(CONDITIONS[0], "Type 2 diabetes");
        assert_eq!(CONDITIONS[23], "Cataract");
        crate::transform::fakers::assert_distinct(&CONDITIONS);
    }
}
