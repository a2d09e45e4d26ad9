//! Secrets (`rules/secrets.toml`): tokens and keys keep their known prefix and alphabet, JWTs
//! their header, Bitcoin addresses their type with a valid checksum, Ethereum addresses their
//! hex case, private keys their BEGIN/END lines, so a surrogate looks right but opens nothing.

use super::shape_preserving;
use crate::detect::validators::{base58_encode, base64url_encode, bech32_checksum, sha256d};
use rand::{Rng, RngExt};

/// Tokens and keys: the known prefix (`AKIA`, `ghp_`, `github_pat_`) stays, the rest is drawn
/// in the same alphabet, so the surrogate looks like a key but opens nothing.
pub(super) fn secret<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let keep = [
        "github_pat_",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "AKIA",
        "ASIA",
    ]
    .iter()
    .find(|p| o.starts_with(**p))
    .map_or(0, |p| p.len());
    format!("{}{}", &o[..keep], shape_preserving(&o[keep..], rng))
}

pub(super) fn jwt<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let parts: Vec<&str> = o.split('.').collect();
    if parts.len() != 3 {
        return shape_preserving(o, rng);
    }
    // The header says how the token is signed, not who it is about: it stays. The claims and
    // the signature are replaced.
    let sub: String = (0..12)
        .map(|_| char::from(b'a' + rng.random_range(0..26u8)))
        .collect();
    let claims = format!(
        "{{\"sub\":\"{sub}\",\"iat\":{}}}",
        rng.random_range(1_500_000_000..1_800_000_000u64)
    );
    let sig: Vec<u8> = (0..32).map(|_| rng.random_range(0..=255u8)).collect();
    format!(
        "{}.{}.{}",
        parts[0],
        base64url_encode(claims.as_bytes()),
        base64url_encode(&sig)
    )
}

/// The bech32 alphabet (the validators keep theirs private).
const BECH32_CHARS: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

pub(super) fn btc<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let lower = o.to_ascii_lowercase();
    if lower.starts_with("bc1") {
        // Same witness version and length, new program, valid checksum.
        let data_len = o.len().saturating_sub(3 + 6);
        if data_len < 2 {
            return shape_preserving(o, rng);
        }
        let version = BECH32_CHARS
            .iter()
            .position(|&b| Some(&b) == lower.as_bytes().get(3))
            .unwrap_or(0) as u8;
        let mut data = vec![version];
        data.extend((1..data_len).map(|_| rng.random_range(0..32u8)));
        let body: String = data
            .iter()
            .map(|&d| BECH32_CHARS[d as usize] as char)
            .collect();
        let s = format!("bc1{body}{}", bech32_checksum("bc", &data, version > 0));
        return if o.chars().any(|c| c.is_ascii_uppercase()) {
            s.to_uppercase()
        } else {
            s
        };
    }
    let version = if o.starts_with('3') { 5u8 } else { 0u8 };
    let mut payload = vec![version];
    payload.extend((0..20).map(|_| rng.random_range(0..=255u8)));
    let check = sha256d(&payload);
    payload.extend_from_slice(&check[..4]);
    base58_encode(&payload)
}

pub(super) fn eth<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    match o.strip_prefix("0x") {
        Some(hex) => format!("0x{}", shape_preserving_hex(hex, rng)),
        None => shape_preserving(o, rng),
    }
}

/// Hex digits stay hex (and keep their case); other characters stay.
fn shape_preserving_hex<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    o.chars()
        .map(|c| {
            if c.is_ascii_hexdigit() {
                let h = HEX[rng.random_range(0..16usize)] as char;
                if c.is_ascii_uppercase() {
                    h.to_ascii_uppercase()
                } else {
                    h
                }
            } else {
                c
            }
        })
        .collect()
}

pub(super) fn private_key<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    // The BEGIN/END lines stay; every base64 line of the body is drawn anew.
    o.lines()
        .map(|l| {
            if l.starts_with("-----") {
                l.to_string()
            } else {
                shape_preserving(l, rng)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::assert_stay_valid;
    use crate::transform::fakers::many;

    #[test]
    fn secrets_stay_valid() {
        assert_stay_valid(&[
            (
                Kind::Jwt,
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                v::jwt_valid,
            ),
            (
                Kind::BtcAddress,
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                v::btc_address_valid,
            ),
            (
                Kind::BtcAddress,
                "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                v::btc_address_valid,
            ),
            (
                Kind::BtcAddress,
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                v::btc_address_valid,
            ),
        ]);
        for s in many(Kind::AwsAccessKey, "AKIAIOSFODNN7EXAMPLE", 20) {
            assert!(s.starts_with("AKIA") && s.len() == 20 && s != "AKIAIOSFODNN7EXAMPLE");
        }
        for s in many(
            Kind::GithubToken,
            "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
            20,
        ) {
            assert!(s.starts_with("ghp_") && s.len() == 42);
        }
    }
}
