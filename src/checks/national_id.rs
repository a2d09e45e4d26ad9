//! National identity and tax numbers: their layouts and check digits (mod 11, mod 23, mod 97,
//! Luhn, Verhoeff, ISO 7064 MOD 11,10, the codice fiscale's odd/even table).
//!
//! Our own code throughout: each is a few lines of published arithmetic, the crates that exist
//! cover one country each and differ in which separators they accept, and the fakers need the
//! check-digit halves (`*_check_digits`, [`verhoeff_check_digit`], [`fr_nir_key`], …) to build
//! valid surrogates.

use super::cards::luhn_sum;
use super::digits_with;

/// US SSN: `ddd-dd-dddd` or 9 digits; area not 000, 666 or 9xx; group not 00; serial not 0000.
pub fn us_ssn_valid(s: &str) -> bool {
    let b = s.as_bytes();
    let digits: String = match b.len() {
        11 if b[3] == b'-' && b[6] == b'-' => s.chars().filter(|c| *c != '-').collect(),
        9 => s.to_string(),
        _ => return false,
    };
    if digits.len() != 9 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let area = &digits[0..3];
    area != "000"
        && area != "666"
        && !area.starts_with('9')
        && &digits[3..5] != "00"
        && &digits[5..9] != "0000"
}

/// UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; second not O; not
/// BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A–D; spaces allowed.
pub fn uk_nino_valid(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 9 {
        return false;
    }
    let (p1, p2) = (c[0], c[1]);
    let bad1 = b"DFIQUV";
    let bad2 = b"DFIOQUV";
    p1.is_ascii_uppercase()
        && p2.is_ascii_uppercase()
        && !bad1.contains(&p1)
        && !bad2.contains(&p2)
        && !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
            .iter()
            .any(|x| x.as_bytes() == &c[..2])
        && c[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&c[8])
}

/// Dutch BSN: 9 digits, 11-check (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
pub fn nl_bsn_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &['.', ' ', '-']) else {
        return false;
    };
    d.len() == 9 && d.iter().any(|x| *x != 0) && bsn_sum(&d) % 11 == 0
}

fn bsn_sum(d: &[u8]) -> i64 {
    d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| i64::from(x) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(d[8])
}

/// Canadian SIN: 9 digits (spaces or dashes allowed), Luhn, first digit not 0 or 8.
pub fn ca_sin_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &[' ', '-']) else {
        return false;
    };
    d.len() == 9 && d[0] != 0 && d[0] != 8 && luhn_sum(&d).is_multiple_of(10)
}

/// The Spanish DNI/NIE control letters, indexed by the number mod 23.
pub const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spanish DNI (8 digits + control letter) or NIE (X/Y/Z + 7 digits + control letter).
pub fn es_dni_valid(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b'-' && *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 9 || !c[8].is_ascii_uppercase() {
        return false;
    }
    let lead = match c[0] {
        b'X' => Some(0),
        b'Y' => Some(1),
        b'Z' => Some(2),
        d if d.is_ascii_digit() => None,
        _ => return false,
    };
    let body = if lead.is_some() { &c[1..8] } else { &c[..8] };
    if !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut n: u64 = lead.unwrap_or(0);
    for &b in body {
        n = n * 10 + u64::from(b - b'0');
    }
    DNI_LETTERS[(n % 23) as usize] == c[8]
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit for `payload` (digits 0–9).
pub fn verhoeff_check_digit(payload: &[u8]) -> u8 {
    let mut c = 0u8;
    for (i, &x) in payload.iter().rev().enumerate() {
        c = VERHOEFF_D[c as usize][VERHOEFF_P[(i + 1) % 8][x as usize] as usize];
    }
    VERHOEFF_INV[c as usize]
}

/// Indian Aadhaar: 12 digits (grouped 4-4-4 or not), first digit 2–9, Verhoeff check digit.
pub fn in_aadhaar_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &[' ', '-']) else {
        return false;
    };
    d.len() == 12 && d[0] >= 2 && verhoeff_check_digit(&d[..11]) == d[11]
}

/// The two CPF check digits for 9 payload digits.
pub fn cpf_check_digits(nine: &[u8]) -> [u8; 2] {
    let mut d = nine.to_vec();
    for k in [10u32, 11] {
        let sum: u32 = d
            .iter()
            .zip((2..=k).rev())
            .map(|(&x, w)| u32::from(x) * w)
            .sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r as u8 });
    }
    [d[9], d[10]]
}

/// Brazilian CPF: 11 digits (`123.456.789-09` or bare), two mod-11 check digits, not all equal.
pub fn br_cpf_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &['.', '-', ' ']) else {
        return false;
    };
    d.len() == 11 && d.iter().any(|x| *x != d[0]) && cpf_check_digits(&d[..9]) == [d[9], d[10]]
}

/// The two-digit key of a French NIR for its 13-character body (Corsica `2A`/`2B` counted as
/// 19/18).
pub fn fr_nir_key(body: &str) -> Option<u8> {
    let b = body.replace("2A", "19").replace("2B", "18");
    if b.len() != 13 || !b.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u64 = b.parse().ok()?;
    Some((97 - n % 97) as u8)
}

/// French NIR (numéro de sécurité sociale): sex digit 1/2, 12 more characters, 2-digit key.
pub fn fr_nir_valid(s: &str) -> bool {
    let c: String = s.chars().filter(|c| *c != ' ').collect();
    c.len() == 15
        && matches!(c.as_bytes()[0], b'1' | b'2')
        && c[13..].bytes().all(|b| b.is_ascii_digit())
        && fr_nir_key(&c[..13]).is_some_and(|k| c[13..].parse::<u8>().ok() == Some(k))
}

/// ISO 7064 MOD 11,10 check digit of the German tax id's first ten digits.
pub fn de_tax_id_check(d10: &[u8]) -> u8 {
    let mut product = 10u32;
    for &d in d10 {
        let mut sum = (u32::from(d) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = 11 - product;
    if check == 10 { 0 } else { check as u8 }
}

/// German Steuer-IdNr: 11 digits, no leading 0, in the first ten exactly one digit occurs two
/// or three times and the others at most once, ISO 7064 check digit.
pub fn de_tax_id_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &[' ']) else {
        return false;
    };
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[x as usize] += 1;
    }
    let repeated: Vec<u8> = counts.iter().copied().filter(|c| *c > 1).collect();
    repeated.len() == 1 && matches!(repeated[0], 2 | 3) && de_tax_id_check(&d[..10]) == d[10]
}

/// The check character of an Italian codice fiscale for its first 15 characters.
pub fn codice_fiscale_check(first15: &[u8]) -> Option<u8> {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let mut total = 0;
    for (i, &c) in first15.iter().enumerate() {
        let idx = match c {
            b'0'..=b'9' => (c - b'0') as usize,
            b'A'..=b'Z' => (c - b'A') as usize,
            _ => return None,
        };
        total += if i % 2 == 0 { ODD[idx] } else { idx as u32 };
    }
    Some(b'A' + (total % 26) as u8)
}

/// Italian codice fiscale: 6 letters, 2 digits, month letter, 2 digits, letter + 3 digits,
/// check character.
pub fn it_codice_fiscale_valid(s: &str) -> bool {
    let b: Vec<u8> = s.bytes().map(|c| c.to_ascii_uppercase()).collect();
    b.len() == 16
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..8].iter().all(u8::is_ascii_digit)
        && b"ABCDEHLMPRST".contains(&b[8])
        && b[9..11].iter().all(u8::is_ascii_digit)
        && b[11].is_ascii_uppercase()
        && b[12..15].iter().all(u8::is_ascii_digit)
        && codice_fiscale_check(&b[..15]) == Some(b[15])
}

/// The two CNPJ check digits for 12 payload digits.
pub fn cnpj_check_digits(d12: &[u8]) -> [u8; 2] {
    const W: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut d = d12.to_vec();
    for start in [1usize, 0] {
        let sum: u32 = d
            .iter()
            .zip(&W[start..])
            .map(|(&x, w)| u32::from(x) * w)
            .sum();
        let r = sum % 11;
        d.push(if r < 2 { 0 } else { (11 - r) as u8 });
    }
    [d[12], d[13]]
}

/// Brazilian CNPJ: 14 digits (`12.345.678/0001-95` or bare), two mod-11 check digits.
pub fn br_cnpj_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &['.', '/', '-', ' ']) else {
        return false;
    };
    d.len() == 14 && d.iter().any(|x| *x != d[0]) && cnpj_check_digits(&d[..12]) == [d[12], d[13]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssns() {
        assert!(us_ssn_valid("123-45-6789"));
        assert!(us_ssn_valid("123456789"));
        assert!(!us_ssn_valid("666-45-6789"));
        assert!(!us_ssn_valid("000-45-6789"));
        assert!(!us_ssn_valid("912-45-6789"));
        assert!(!us_ssn_valid("123-00-6789"));
        assert!(!us_ssn_valid("123-45-0000"));
        assert!(!us_ssn_valid("123-456-789"));
    }

    #[test]
    fn national_ids_and_wrong_check_digits() {
        assert!(nl_bsn_valid("945807302") && nl_bsn_valid("2292.62.193"));
        assert!(!nl_bsn_valid("945807303"), "wrong 11-check");
        assert!(ca_sin_valid("662 702 877") && ca_sin_valid("601260300"));
        assert!(!ca_sin_valid("662 702 878"), "wrong Luhn digit");
        assert!(!ca_sin_valid("046 454 286"), "0 is not a SIN prefix");
        assert!(
            es_dni_valid("16763867H") && es_dni_valid("X4990250D") && es_dni_valid("12345678-Z")
        );
        assert!(!es_dni_valid("16763867J"), "wrong control letter");
        assert!(in_aadhaar_valid("3335 5271 3684") && in_aadhaar_valid("960195207651"));
        assert!(!in_aadhaar_valid("3335 5271 3685"), "wrong Verhoeff digit");
        assert!(!in_aadhaar_valid("1335 5271 3684"), "cannot start with 1");
        assert!(br_cpf_valid("412.418.762-90") && br_cpf_valid("86317521000"));
        assert!(!br_cpf_valid("412.418.762-91"), "wrong check digit");
        assert!(!br_cpf_valid("111.111.111-11"), "all equal");
        assert!(uk_nino_valid("AB 12 34 56 C") && uk_nino_valid("JG103759A"));
        assert!(
            !uk_nino_valid("QQ123456C")
                && !uk_nino_valid("GB123456A")
                && !uk_nino_valid("AB123456E")
        );
    }

    #[test]
    fn more_national_ids_with_wrong_check_digits() {
        assert!(fr_nir_valid("185057800608491") && fr_nir_valid("2 92 02 75 114 012 55"));
        assert!(!fr_nir_valid("185057800608492"), "wrong key");
        assert!(de_tax_id_valid("86095742719") && de_tax_id_valid("75416023841"));
        assert!(!de_tax_id_valid("86095742718"), "wrong check digit");
        assert!(!de_tax_id_valid("06095742719"), "leading zero");
        assert!(!de_tax_id_valid("12345678903"), "no repeated digit");
        assert!(
            it_codice_fiscale_valid("RSSMRA85T10A562S")
                && it_codice_fiscale_valid("bncgli90a41f205h")
        );
        assert!(
            !it_codice_fiscale_valid("RSSMRA85T10A562T"),
            "wrong check character"
        );
        assert!(br_cnpj_valid("50.306.067/0001-27") && br_cnpj_valid("20361901000116"));
        assert!(!br_cnpj_valid("50.306.067/0001-28"), "wrong check digit");
    }
}
