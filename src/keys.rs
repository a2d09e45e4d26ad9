//! The secret key and everything derived from it.
//!
//! The surrogate of a value is a pure function of `(key, kind, normalized value)`:
//! `HMAC-SHA256(key, block(kind) ‖ normalized ‖ 0x00 ‖ attempt)` seeds a ChaCha8 generator, where
//! `block(kind)` is `masq/seed/v2 ‖ 0x00 ‖ kind ‖ 0x00` padded with zeros to one SHA-256 block.
//! The same person's email therefore becomes the same fake email in every row, column, file and
//! run that uses the same key, and nobody without the key can recompute the mapping.
//! Fingerprints (for leak reports) and `hash` outputs are HMACs under separate domain labels, so
//! they cannot be matched against each other or brute-forced without the key.
//!
//! Every HMAC starts from a state with the key already absorbed, and every seed from a state per
//! kind with its block absorbed too: a value costs only the blocks of the value itself (one for
//! values up to 50 bytes, where the label used to push many emails and addresses into two).

use crate::error::{Error, Result};
use crate::kind::Kind;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

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
    /// Per kind (by discriminant), the keyed state with the kind's seed block absorbed too.
    seeds: Arc<[HmacSha256]>,
    pub source: KeySource,
}

/// The seed label of a kind, zero-padded to one SHA-256 block (64 bytes).
fn seed_block(kind: Kind) -> [u8; 64] {
    let mut block = [0u8; 64];
    let label = [
        b"masq/seed/v2".as_slice(),
        &[0],
        kind.as_str().as_bytes(),
        &[0],
    ]
    .concat();
    assert!(
        label.len() <= block.len(),
        "kind name too long for a seed block"
    );
    block[..label.len()].copy_from_slice(&label);
    block
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
        let mut kinds: Vec<Kind> = Kind::all().collect();
        kinds.sort_by_key(|k| *k as usize);
        assert!(kinds.iter().enumerate().all(|(i, k)| *k as usize == i));
        let seeds = kinds
            .into_iter()
            .map(|kind| {
                let mut m = keyed.clone();
                m.update(&seed_block(kind));
                m
            })
            .collect();
        Key {
            keyed,
            seeds,
            source,
        }
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

    fn mac(&self, domain: &[u8], kind: &str, value: &str) -> [u8; 32] {
        let mut m = self.keyed.clone();
        m.update(domain);
        m.update(&[0]);
        m.update(kind.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// The generator seed for a normalized value of `kind`; `attempt` > 0 redraws.
    pub fn seed(&self, kind: Kind, normalized: &str, attempt: u32) -> [u8; 32] {
        let mut m = self.seeds[kind as usize].clone();
        m.update(normalized.as_bytes());
        m.update(&[0]);
        m.update(&attempt.to_le_bytes());
        m.finalize().into_bytes().into()
    }

    /// A short keyed fingerprint of a value, safe to print in reports.
    pub fn fingerprint(&self, kind: &str, normalized: &str) -> String {
        hex::encode(&self.mac(b"masq/fingerprint/v1", kind, normalized)[..8])
    }

    /// The output of the `hash` strategy: 16 hex digits of a keyed HMAC.
    pub fn hash_value(&self, kind: &str, normalized: &str) -> String {
        hex::encode(&self.mac(b"masq/hash/v1", kind, normalized)[..8])
    }

    /// A keyed 64-bit rank of a value, for sampling rows the same way under the same key
    /// whatever their order (`masq subset`).
    pub fn rank(&self, what: &str, value: &str) -> u64 {
        let m = self.mac(b"masq/sample/v1", what, value);
        u64::from_le_bytes(m[..8].try_into().expect("8 bytes"))
    }

    /// Identifies the key in reports without revealing it.
    pub fn fingerprint_id(&self) -> String {
        hex::encode(&self.mac(b"masq/key-id/v1", "", "")[..6])
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
    fn a_seed_is_the_hmac_of_the_kind_block_the_value_and_the_attempt() {
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(&[1; 32]).unwrap();
        let mut block = [0u8; 64];
        block[..20].copy_from_slice(b"masq/seed/v2\0us_ssn\0");
        m.update(&block);
        m.update(b"123456789\0");
        m.update(&2u32.to_le_bytes());
        let expected: [u8; 32] = m.finalize().into_bytes().into();
        assert_eq!(key(1).seed(Kind::UsSsn, "123456789", 2), expected);
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
