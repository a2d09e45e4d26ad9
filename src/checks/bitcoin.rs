//! Bitcoin addresses: base58check P2PKH (`1…`) and P2SH (`3…`), and segwit bech32 (v0) /
//! bech32m (v1+) addresses (`bc1…`).
//!
//! The checksums are the crates': `bs58`'s base58check (double SHA-256) and `bech32`'s
//! bech32/bech32m engines. The address layout around them stays ours and deliberately loose:
//! 25–35 characters decoding to 25 bytes for base58; for `bc1`, 14–74 data characters with the
//! checksum that the first character (the witness version) calls for. We do not use
//! `bech32::segwit::decode`, which also checks the witness version (≤ 16), the program length
//! and its padding: those would turn some addresses masq has always treated as addresses (and
//! replaced) into ordinary text.

use bech32::primitives::decode::UncheckedHrpstring;
use bech32::{Bech32, Bech32m, Fe32, Fe32IterExt, Hrp};

/// The six bech32 (or bech32m, `m = true`) checksum characters for `hrp` and 5-bit `data`.
///
/// `hrp` must be a valid human-readable part (`bc`) and every `data` value below 32: this
/// builds surrogates from known-good parts, so anything else is a bug and panics.
pub fn bech32_checksum(hrp: &str, data: &[u8], m: bool) -> String {
    let hrp = Hrp::parse(hrp).expect("a valid bech32 human-readable part");
    let fes = data
        .iter()
        .map(|&d| Fe32::try_from(d).expect("5-bit bech32 data"));
    let chars: Vec<char> = if m {
        fes.with_checksum::<Bech32m>(&hrp).chars().collect()
    } else {
        fes.with_checksum::<Bech32>(&hrp).chars().collect()
    };
    chars[chars.len() - 6..].iter().collect()
}

/// Bitcoin address: base58check P2PKH (`1…`) / P2SH (`3…`), or bech32/bech32m (`bc1…`).
pub fn btc_address_valid(s: &str) -> bool {
    if s.to_ascii_lowercase().starts_with("bc1") {
        // The crate takes the last `1` as the separator, checks that every character after it
        // is in the bech32 alphabet and that the string is not mixed-case; requiring the
        // human-readable part to be exactly `bc` puts that separator right after `bc`.
        let Ok(h) = UncheckedHrpstring::new(s) else {
            return false;
        };
        let data = h.data_part_ascii();
        if h.hrp() != bech32::hrp::BC || !(14..=74).contains(&data.len()) {
            return false;
        }
        return if Fe32::from_char_unchecked(data[0]) == Fe32::Q {
            h.has_valid_checksum::<Bech32>()
        } else {
            h.has_valid_checksum::<Bech32m>()
        };
    }
    if !(s.starts_with('1') || s.starts_with('3')) || !(25..=35).contains(&s.len()) {
        return false;
    }
    // A version byte and a 20-byte hash, then the 4-byte checksum that `with_check` verifies
    // and strips.
    bs58::decode(s)
        .with_check(None)
        .into_vec()
        .is_ok_and(|payload| payload.len() == 21)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_wrong_checksums() {
        assert!(btc_address_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(btc_address_valid("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        assert!(btc_address_valid(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
        ));
        assert!(
            !btc_address_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
            "wrong checksum"
        );
        assert!(
            !btc_address_valid("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr"),
            "wrong bech32 checksum"
        );
    }

    #[test]
    fn bech32_case_versions_and_checksums() {
        assert!(btc_address_valid(
            "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ"
        ));
        assert!(
            !btc_address_valid("bc1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ"),
            "mixed case"
        );
        // BIP-350's v1 (taproot) example: bech32m.
        let taproot = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0";
        assert!(btc_address_valid(taproot));
        // The same data under the other checksum is no address.
        let data: Vec<u8> = taproot[3..taproot.len() - 6]
            .bytes()
            .map(|c| Fe32::from_char(c.into()).unwrap().to_u8())
            .collect();
        assert_eq!(
            bech32_checksum("bc", &data, true),
            &taproot[taproot.len() - 6..]
        );
        let v0 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
        let data: Vec<u8> = v0[3..v0.len() - 6]
            .bytes()
            .map(|c| Fe32::from_char(c.into()).unwrap().to_u8())
            .collect();
        assert_eq!(bech32_checksum("bc", &data, false), "wf5mdq");
        let wrong = format!(
            "bc1q{}{}",
            &v0[4..v0.len() - 6],
            bech32_checksum("bc", &data, true)
        );
        assert!(!btc_address_valid(&wrong), "v0 with a bech32m checksum");
    }
}
