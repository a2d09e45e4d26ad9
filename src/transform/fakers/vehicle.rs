//! Vehicles (`rules/vehicle.toml`): a VIN keeps its manufacturer, model year and plant with a
//! valid check character; a licence plate keeps its first character (the region) and shape.

use super::{keep_first, shape_preserving};
use crate::detect::validators::vin_check_char;
use rand::{Rng, RngExt};

pub(super) fn vin<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    const ALLOWED: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let b = o.as_bytes();
    if b.len() != 17 || !o.is_ascii() {
        return shape_preserving(o, rng);
    }
    // The manufacturer (1-3), model year (10) and plant (11) stay; the rest is drawn.
    let mut out: Vec<u8> = b.iter().map(|c| c.to_ascii_uppercase()).collect();
    for i in (3..8).chain(11..17) {
        out[i] = ALLOWED[rng.random_range(0..ALLOWED.len())];
    }
    out[8] = b'0';
    match vin_check_char(&out) {
        Some(c) => {
            out[8] = c;
            String::from_utf8(out).unwrap_or_else(|_| shape_preserving(o, rng))
        }
        None => shape_preserving(o, rng),
    }
}

pub(super) fn license_plate<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    keep_first(o, rng)
}

#[cfg(test)]
mod tests {
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::assert_stay_valid;

    #[test]
    fn vins_stay_valid() {
        assert_stay_valid(&[(Kind::Vin, "1HGCM82633A004352", v::vin_valid)]);
    }
}
