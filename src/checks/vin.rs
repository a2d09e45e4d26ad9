//! Vehicle identification numbers (ISO 3779 / FMVSS 115): 17 characters without I, O, Q, and
//! the North American check character in position 9.
//!
//! Our own code: the transliteration table and weights are a dozen lines, and the fakers need
//! [`vin_check_char`] to build valid surrogates.

fn vin_value(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None, // I, O, Q are never used
    })
}

/// The VIN check character (position 9) for a 17-character VIN.
pub fn vin_check_char(vin: &[u8]) -> Option<u8> {
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    for (i, &c) in vin.iter().enumerate() {
        sum += vin_value(c)? * W[i];
    }
    let r = sum % 11;
    Some(if r == 10 { b'X' } else { b'0' + r as u8 })
}

/// Vehicle identification number: 17 characters without I, O, Q, check character in position 9.
pub fn vin_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 17
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && vin_check_char(b) == Some(b[8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vins_and_wrong_check_characters() {
        assert!(vin_valid("1HGCM82633A004352") && vin_valid("1M8GDM9AXKP042788"));
        assert!(!vin_valid("1HGCM82643A004352"), "wrong check character");
        assert!(!vin_valid("1HGCM82633A00435I"), "I is not used");
    }
}
