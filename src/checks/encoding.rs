//! Binary-to-text encodings: base64url (and the JWTs written in it), base58 (Bitcoin alphabet),
//! and double SHA-256, the base58check checksum.
//!
//! base58 is the `bs58` crate (Bitcoin alphabet by default, leading `1`s as zero bytes, exactly
//! the conversion masq did by hand). base64url stays our own code: the `base64` crate refuses
//! non-canonical trailing bits and any padding but the exact one, and the JWT check accepts
//! both, as tokens found in the wild carry them.

/// Decodes unpadded base64url; `None` on any other character.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        })
    };
    let b = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(b.len() * 3 / 4);
    for chunk in b.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        match chunk.len() {
            4 => out.extend_from_slice(&bytes),
            3 => out.extend_from_slice(&bytes[..2]),
            2 => out.push(bytes[0]),
            _ => return None,
        }
    }
    Some(out)
}

/// Encodes bytes as unpadded base64url.
pub fn base64url_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// JSON Web Token: three base64url segments, the first a JSON header naming an `alg`.
pub fn jwt_valid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts[..2].iter().all(|p| !p.is_empty())
        && base64url_decode(parts[0])
            .and_then(|h| serde_json::from_slice::<serde_json::Value>(&h).ok())
            .is_some_and(|h| h.get("alg").is_some())
        && base64url_decode(parts[1]).is_some()
        && base64url_decode(parts[2]).is_some()
}

/// Decodes base58 (Bitcoin alphabet); `None` on any character outside it.
pub fn base58_decode(s: &str) -> Option<Vec<u8>> {
    bs58::decode(s).into_vec().ok()
}

/// Encodes bytes as base58 (Bitcoin alphabet).
pub fn base58_encode(bytes: &[u8]) -> String {
    bs58::encode(bytes).into_string()
}

/// Double SHA-256, the base58check checksum function.
pub fn sha256d(data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(Sha256::digest(data)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwts_and_base64url() {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert!(jwt_valid(jwt));
        assert!(!jwt_valid("a.b.c"), "header is not JSON");
        assert!(!jwt_valid("6.9.11"));
        assert_eq!(
            base64url_decode(&base64url_encode(b"{\"alg\":\"none\"}")).unwrap(),
            b"{\"alg\":\"none\"}"
        );
        for n in 0..20 {
            let v: Vec<u8> = (0..n).map(|i| (i * 37) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&v)).unwrap(), v);
        }
    }

    #[test]
    fn base58_round_trips_with_leading_zeros() {
        assert_eq!(
            base58_encode(&base58_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").unwrap()),
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
        );
        assert_eq!(base58_decode("11").unwrap(), [0, 0]);
        assert_eq!(base58_encode(&[0, 0, 1]), "112");
        assert_eq!(base58_decode(""), Some(vec![]));
        assert!(base58_decode("0OIl").is_none(), "not in the alphabet");
    }
}
