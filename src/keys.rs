//! The secret key and everything derived from it.
//!
//! The surrogate of a value is a pure function of `(key, kind, normalized value)`:
//! `HMAC-SHA256(key, kind ‖ 0x00 ‖ normalized ‖ 0x00 ‖ attempt)` seeds a ChaCha8 generator. The
//! same person's email therefore becomes the same fake email in every row, column, file and run
//! that uses the same key, and nobody without the key can recompute the mapping. Fingerprints
//! (for leak reports) and `hash` outputs are HMACs under separate domain labels, so they cannot
//! be matched against each other or brute-forced without the key.

use crate::error::{Error, Result};
use crate::kind::Kind;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

/// Where the key came from (for the report).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum KeySource {
    KeyFile,
    Env,
    Random,
}

/// The secret key. Its `Debug` never shows the bytes.
#[derive(Clone)]
pub struct Key {
    /// HMAC state with the key already absorbed; cloned per use (saves two SHA-256 blocks).
    keyed: HmacSha256,
    pub source: KeySource,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Key({:?}, fingerprint {})",
            self.source,
            self.fingerprint_id()
        )
    }
}

/// The shortest key masq accepts, in bytes.
pub const MIN_KEY_LEN: usize = 16;

impl Key {
    pub fn from_bytes(bytes: Vec<u8>, source: KeySource) -> Result<Key> {
        if bytes.len() < MIN_KEY_LEN {
            return Err(Error::config(format!(
                "the key is {} bytes; use at least {MIN_KEY_LEN} (e.g. `head -c 32 /dev/urandom > masq.key`)",
                bytes.len()
            )));
        }
        Ok(Key::new(&bytes, source))
    }

    fn new(bytes: &[u8], source: KeySource) -> Key {
        let keyed =
            <HmacSha256 as KeyInit>::new_from_slice(bytes).expect("HMAC takes any key length");
        Key { keyed, source }
    }

    /// Reads a key file (its bytes, less one trailing newline).
    pub fn from_file(path: &Path) -> Result<Key> {
        let mut bytes = std::fs::read(path).map_err(|e| {
            Error::config(format!(
                "{}: cannot read key file: {}",
                path.display(),
                crate::io::io_reason(&e)
            ))
        })?;
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        Key::from_bytes(bytes, KeySource::KeyFile)
            .map_err(|e| Error::config(format!("{}: {e}", path.display())))
    }

    /// A fresh random key for one run.
    pub fn random() -> Result<Key> {
        let mut b = vec![0u8; 32];
        getrandom::fill(&mut b)
            .map_err(|e| Error::config(format!("cannot draw a random key: {e}")))?;
        Ok(Key::new(&b, KeySource::Random))
    }

    fn mac(&self, domain: &[u8], kind: &str, value: &str, attempt: Option<u32>) -> [u8; 32] {
        let mut m = self.keyed.clone();
        m.update(domain);
        m.update(&[0]);
        m.update(kind.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        if let Some(a) = attempt {
            m.update(&[0]);
            m.update(&a.to_le_bytes());
        }
        m.finalize().into_bytes().into()
    }

    /// The generator seed for a normalized value of `kind`; `attempt` > 0 redraws.
    pub fn seed(&self, kind: Kind, normalized: &str, attempt: u32) -> [u8; 32] {
        self.mac(b"masq/seed/v1", kind.as_str(), normalized, Some(attempt))
    }

    /// A short keyed fingerprint of a value, safe to print in reports.
    pub fn fingerprint(&self, kind: &str, normalized: &str) -> String {
        hex::encode(&self.mac(b"masq/fingerprint/v1", kind, normalized, None)[..8])
    }

    /// The output of the `hash` strategy: 16 hex digits of a keyed HMAC.
    pub fn hash_value(&self, kind: &str, normalized: &str) -> String {
        hex::encode(&self.mac(b"masq/hash/v1", kind, normalized, None)[..8])
    }

    /// Identifies the key in reports without revealing it.
    pub fn fingerprint_id(&self) -> String {
        hex::encode(&self.mac(b"masq/key-id/v1", "", "", None)[..6])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> Key {
        Key::from_bytes(vec![b; 32], KeySource::Env).unwrap()
    }

    #[test]
    fn seeds_depend_on_key_kind_value_and_attempt() {
        let k = key(1);
        assert_eq!(
            k.seed(Kind::Email, "a@b.co", 0),
            key(1).seed(Kind::Email, "a@b.co", 0)
        );
        assert_ne!(
            k.seed(Kind::Email, "a@b.co", 0),
            key(2).seed(Kind::Email, "a@b.co", 0)
        );
        assert_ne!(
            k.seed(Kind::Email, "a@b.co", 0),
            k.seed(Kind::Url, "a@b.co", 0)
        );
        assert_ne!(
            k.seed(Kind::Email, "a@b.co", 0),
            k.seed(Kind::Email, "a@b.co", 1)
        );
    }

    #[test]
    fn short_keys_are_refused_and_debug_hides_the_key() {
        assert_eq!(
            Key::from_bytes(b"short".to_vec(), KeySource::Env)
                .unwrap_err()
                .exit_code(),
            2
        );
        let dbg = format!(
            "{:?}",
            Key::from_bytes(b"supersecretkey-1234".to_vec(), KeySource::Env).unwrap()
        );
        assert!(!dbg.contains("supersecret"));
    }
}
