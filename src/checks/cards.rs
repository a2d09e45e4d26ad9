//! Luhn (ISO/IEC 7812 mod 10), the check digit of payment card numbers.
//!
//! Our own code: the `luhn` crates check a bare digit string, while masq needs card numbers
//! written with spaces or dashes, the 13–19 digit length of card numbers, the raw sum for the
//! Canadian SIN (9 digits), and the check digit to append when it builds a surrogate.

/// Luhn over the digits (spaces and dashes allowed), 13–19 digits.
pub fn luhn_valid(s: &str) -> bool {
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return false;
    }
    let d: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if !(13..=19).contains(&d.len()) {
        return false;
    }
    luhn_sum(&d).is_multiple_of(10)
}

pub(crate) fn luhn_sum(d: &[u8]) -> u32 {
    d.iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum()
}

/// The digit to append to `payload` (digits 0–9) so the whole passes Luhn.
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut with = payload.to_vec();
    with.push(0);
    let s = luhn_sum(&with);
    ((10 - s % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_wrong_check_digits() {
        assert!(luhn_valid("4111 1111 1111 1111"));
        assert!(luhn_valid("378282246310005"));
        assert!(!luhn_valid("4111 1111 1111 1112"), "one digit changed");
        assert!(!luhn_valid("4111"));
        assert_eq!(
            luhn_check_digit(&[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
            1
        );
    }
}
