//! Geographic coordinates written as decimal degrees.

/// A decimal coordinate within ±`max` degrees with at least two decimals (whole degrees are
/// not a location anyone can be found at).
pub fn coordinate_valid(s: &str, max: f64) -> bool {
    let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
    decimals >= 2
        && s.parse::<f64>()
            .is_ok_and(|x| x.is_finite() && x.abs() <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates() {
        assert!(coordinate_valid("48.8566", 90.0) && coordinate_valid("-151.2093", 180.0));
        assert!(
            !coordinate_valid("91.5", 90.0)
                && !coordinate_valid("48", 90.0)
                && !coordinate_valid("abc", 90.0)
        );
    }
}
