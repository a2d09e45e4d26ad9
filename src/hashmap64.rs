//! A map from 64-bit hashes to small values, in about `8 + size_of::<V>()` bytes per entry:
//! the structure behind the run's per-value memory (the leak index, the originals searched for
//! in prose, the owners of surrogates), which grows with the distinct identifying values of an
//! export and so decides how large an export fits in memory.
//!
//! A `HashMap<u64, V>` costs 17 + `size_of::<V>()` bytes per slot at a load between 44% and
//! 88% — 26–55 bytes per entry for an 8-byte value, measured as 55 bytes per indexed original
//! on a 1M-row export. Here most entries sit in two sorted arrays (keys, values) with a
//! directory over the keys' top bits, so a lookup reads one filter word (most
//! lookups are misses, and end there), one directory word and a few neighbouring keys; recent inserts wait in a small hash map, merged into the sorted arrays
//! (from the back, in place) once it holds a sixteenth as many entries as they do. Keys are hashes,
//! so they are spread evenly and the directory's buckets stay small.

use foldhash::HashMap;

/// Inserts held in the hash map before a merge: at least this many, or a sixteenth of the
/// sorted entries (a handful in tests, so that they merge often). Merging costs a pass over
/// the sorted arrays, so a larger share merges less often but holds more in the map.
#[cfg(not(test))]
const MIN_PENDING: usize = 1 << 12;
#[cfg(test)]
const MIN_PENDING: usize = 8;
/// Entries per directory bucket aimed at.
const PER_BUCKET: usize = 4;

/// A map from `u64` (a hash) to `V` in compact memory. See the module docs.
#[derive(Clone)]
pub struct HashMap64<V> {
    keys: Vec<u64>,
    vals: Vec<V>,
    /// `dir[b]..dir[b + 1]` are the positions of the keys whose top bits are `b`.
    dir: Vec<u32>,
    /// `64 - bits` of the directory (64 while it is empty).
    shift: u32,
    /// A one-word-per-key Bloom filter over the sorted keys (about 8 bits a key, 4 bits set in
    /// one 64-bit word): most lookups are misses, and this answers them from a few megabytes
    /// that stay in cache instead of the keys, which do not.
    filter: Vec<u64>,
    /// `64 - bits` of the filter's word index.
    fshift: u32,
    pending: HashMap<u64, V>,
}

impl<V> Default for HashMap64<V> {
    fn default() -> Self {
        HashMap64 {
            keys: Vec::new(),
            vals: Vec::new(),
            dir: Vec::new(),
            shift: 64,
            filter: Vec::new(),
            fshift: 64,
            pending: HashMap::default(),
        }
    }
}

/// Sizes only: keys are hashes of personal data.
impl<V: Copy> std::fmt::Debug for HashMap64<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HashMap64({} entries)", self.len())
    }
}

impl<V: Copy> HashMap64<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.keys.len() + self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Position of `key` in the sorted arrays.
    #[inline]
    fn position(&self, key: u64) -> Option<usize> {
        if self.keys.is_empty() {
            return None;
        }
        let w = self.filter[(key >> self.fshift) as usize];
        let m = filter_mask(key);
        if w & m != m {
            return None;
        }
        let b = (key >> self.shift) as usize;
        let (lo, hi) = (self.dir[b] as usize, self.dir[b + 1] as usize);
        let bucket = &self.keys[lo..hi];
        if bucket.len() <= 16 {
            bucket.iter().position(|&k| k == key).map(|i| lo + i)
        } else {
            bucket.binary_search(&key).ok().map(|i| lo + i)
        }
    }

    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        if let Some(i) = self.position(key) {
            return Some(self.vals[i]);
        }
        if self.pending.is_empty() {
            return None;
        }
        self.pending.get(&key).copied()
    }

    #[inline]
    pub fn contains_key(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    /// Inserts `key` unless it is there: returns the value it keeps (the first one given).
    pub fn insert_first(&mut self, key: u64, val: V) -> V {
        if let Some(i) = self.position(key) {
            return self.vals[i];
        }
        let kept = *self.pending.entry(key).or_insert(val);
        self.maybe_merge();
        kept
    }

    /// Inserts `key` with `val`, replacing the value it had.
    pub fn insert_last(&mut self, key: u64, val: V) {
        if let Some(i) = self.position(key) {
            self.vals[i] = val;
            return;
        }
        self.pending.insert(key, val);
        self.maybe_merge();
    }

    /// Every entry, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.keys
            .iter()
            .copied()
            .zip(self.vals.iter().copied())
            .chain(self.pending.iter().map(|(k, v)| (*k, *v)))
    }

    /// Moves every pending insert into the sorted arrays, for a map that is built and will now
    /// only be read: a lookup then probes the sorted arrays alone.
    pub fn freeze(&mut self) {
        self.merge_pending();
        self.pending = HashMap::default();
    }

    /// Bytes held (capacity, not length), for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.vals.capacity() * std::mem::size_of::<V>()
            + self.dir.capacity() * 4
            + self.filter.capacity() * 8
            + self.pending.capacity() * (9 + std::mem::size_of::<V>())
    }

    fn maybe_merge(&mut self) {
        if self.pending.len() >= MIN_PENDING.max(self.keys.len() / 16) {
            self.merge_pending();
        }
    }

    /// Moves the pending inserts into the sorted arrays: they are sorted, then merged in from
    /// the back of the grown arrays, so no second copy of the arrays is ever made.
    fn merge_pending(&mut self) {
        let mut new: Vec<(u64, V)> = self.pending.drain().collect();
        self.pending.shrink_to(MIN_PENDING);
        if new.is_empty() {
            return;
        }
        new.sort_unstable_by_key(|e| e.0);
        let (n, d) = (self.keys.len(), new.len());
        assert!(
            n + d <= u32::MAX as usize,
            "more than 4 billion distinct values"
        );
        self.keys.reserve_exact(d);
        self.vals.reserve_exact(d);
        self.keys.resize(n + d, 0);
        self.vals.resize(n + d, new[0].1);
        // Merge from the back: the largest remaining key of either side goes last.
        let (mut i, mut j, mut w) = (n, d, n + d);
        while j > 0 {
            w -= 1;
            if i > 0 && self.keys[i - 1] > new[j - 1].0 {
                self.keys[w] = self.keys[i - 1];
                self.vals[w] = self.vals[i - 1];
                i -= 1;
            } else {
                (self.keys[w], self.vals[w]) = new[j - 1];
                j -= 1;
            }
        }
        self.rebuild_dir();
    }

    fn rebuild_dir(&mut self) {
        let n = self.keys.len();
        let bits = (n / PER_BUCKET).max(1).ilog2().clamp(1, 26);
        self.shift = 64 - bits;
        let buckets = 1usize << bits;
        self.dir.clear();
        self.dir.reserve_exact(buckets + 1);
        let mut at = 0usize;
        for b in 0..buckets {
            while at < n && ((self.keys[at] >> self.shift) as usize) < b {
                at += 1;
            }
            self.dir.push(at as u32);
        }
        self.dir.push(n as u32);
        self.dir.shrink_to_fit();

        let fbits = (n / 8).max(1).next_power_of_two().ilog2().clamp(1, 32);
        self.fshift = 64 - fbits;
        self.filter = vec![0u64; 1 << fbits];
        for &k in &self.keys {
            self.filter[(k >> self.fshift) as usize] |= filter_mask(k);
        }
    }
}

/// The four bits `key` sets in its filter word, from its low 24 bits (the word is chosen by
/// its top bits).
#[inline]
fn filter_mask(key: u64) -> u64 {
    (1 << (key & 63))
        | (1 << ((key >> 6) & 63))
        | (1 << ((key >> 12) & 63))
        | (1 << ((key >> 18) & 63))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        First(u64, u8),
        Last(u64, u8),
        Get(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        // Small key ranges make repeats likely; the top bits spread them over buckets.
        let key = (0u64..3000).prop_map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        prop_oneof![
            (key.clone(), any::<u8>()).prop_map(|(k, v)| Op::First(k, v)),
            (key.clone(), any::<u8>()).prop_map(|(k, v)| Op::Last(k, v)),
            key.prop_map(Op::Get),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Behaves as a `HashMap` with `entry().or_insert` and `insert`, across merges.
        #[test]
        fn behaves_as_a_hash_map(ops in proptest::collection::vec(op(), 0..4000)) {
            let mut m = HashMap64::new();
            let mut r = std::collections::HashMap::new();
            for op in ops {
                match op {
                    Op::First(k, v) => {
                        prop_assert_eq!(m.insert_first(k, v), *r.entry(k).or_insert(v));
                    }
                    Op::Last(k, v) => {
                        m.insert_last(k, v);
                        r.insert(k, v);
                    }
                    Op::Get(k) => prop_assert_eq!(m.get(k), r.get(&k).copied()),
                }
                prop_assert_eq!(m.len(), r.len());
            }
            m.merge_pending();
            for (k, v) in &r {
                prop_assert_eq!(m.get(*k), Some(*v));
            }
            let mut all: Vec<_> = m.iter().collect();
            all.sort_unstable();
            let mut want: Vec<_> = r.into_iter().collect();
            want.sort_unstable();
            prop_assert_eq!(all, want);
        }
    }

    #[test]
    fn a_million_entries_take_under_14_bytes_each_and_all_are_found() {
        let mut m = HashMap64::new();
        let key = |i: u64| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (i >> 7);
        for i in 0..1_000_000u64 {
            m.insert_first(key(i), i as u32);
        }
        assert_eq!(m.len(), 1_000_000);
        for i in (0..1_000_000u64).step_by(7) {
            assert_eq!(m.get(key(i)), Some(i as u32));
        }
        assert_eq!(m.get(key(1_000_001)), None);
        let per_entry = m.heap_bytes() as f64 / 1e6;
        // A HashMap<u64, u32> at its usual load would take 26 to 50.
        assert!(per_entry < 14.0, "{per_entry:.1} bytes per entry");
    }

    #[test]
    fn keys_at_both_ends_of_the_range_are_found() {
        let mut m = HashMap64::new();
        for k in [0u64, 1, u64::MAX, u64::MAX - 1, 1 << 63] {
            m.insert_first(k, k);
        }
        m.merge_pending();
        for k in [0u64, 1, u64::MAX, u64::MAX - 1, 1 << 63] {
            assert_eq!(m.get(k), Some(k));
        }
        assert_eq!(m.get(2), None);
    }
}
