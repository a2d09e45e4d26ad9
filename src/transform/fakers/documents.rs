//! Document numbers (`rules/documents.toml`): they share no checksum or shape across countries,
//! so passports and driving licences keep their first character (often the issuing office or
//! region) and their layout, and other ID numbers keep their layout.

use super::{keep_first, shape_preserving};
use rand::Rng;

/// A passport or driving-licence number.
pub(super) fn document_number<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    keep_first(o, rng)
}

pub(super) fn id_number<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    shape_preserving(o, rng)
}
