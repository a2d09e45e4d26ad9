//! A map from 64-bit hashes to small values, in about `8 + size_of::<V>()` bytes per entry,
//! that moves to disk when a run's maps outgrow their share of the memory ceiling: the
//! structure behind the run's per-value memory (the leak index, the originals searched for in
//! prose, the owners of surrogates), which grows with the distinct identifying values of an
//! export and so decides how large an export fits in memory.
//!
//! A `HashMap<u64, V>` costs 17 + `size_of::<V>()` bytes per slot at a load between 44% and
//! 88% — 26–55 bytes per entry for an 8-byte value, measured as 55 bytes per indexed original
//! on a 1M-row export. Here most entries sit in two sorted arrays (keys, values) with a
//! directory over the keys' top bits, so a lookup reads one filter word (most lookups are
//! misses, and end there), one directory word and a few neighbouring keys; recent inserts wait
//! in a small hash map, merged into the sorted arrays (from the back, in place) once it holds a
//! sixteenth as many entries as they do. Keys are hashes, so they are spread evenly and the
//! directory's buckets stay small.
//!
//! Maps made [`with_budget`](HashMap64::with_budget) share a [`Budget`]: once their sorted
//! arrays and the filters of their runs together outgrow it, a large map writes its arrays to an unnamed temporary file (a
//! *run*: blocks of `BLOCK` keys and their values, sorted) and keeps in memory only the
//! run's filter (about one byte a key) and the first key of each block. From then on its
//! pending inserts go to new runs, and runs of similar size are merged, so a map holds a
//! handful of runs (one once [`freeze`](HashMap64::freeze)d). A lookup the filters let through
//! reads one block (4 KiB at most) from the file, which the system caches outside masq's
//! memory. The files are removed by the system when masq exits, however it exits. Where the
//! temporary folder (`TMPDIR`) cannot take a run, the map stays in memory.

use crate::kind::Kind;
use foldhash::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Inserts held in the hash map before a merge: at least this many, or a sixteenth of the
/// sorted entries (a handful in tests, so that they merge often). Merging costs a pass over
/// the sorted arrays, so a larger share merges less often but holds more in the map.
#[cfg(not(test))]
const MIN_PENDING: usize = 1 << 12;
#[cfg(test)]
const MIN_PENDING: usize = 8;
/// Inserts held in the hash map of a map on disk before they are written as a run (about
/// 1–2 MB of memory; runs merge as they grow, so smaller first runs cost little time).
#[cfg(not(test))]
const SPILL_PENDING: usize = 1 << 15;
#[cfg(test)]
const SPILL_PENDING: usize = 8;
/// Entries per directory bucket aimed at.
const PER_BUCKET: usize = 4;
/// Entries per block of a run on disk: a lookup reads one block.
const BLOCK: usize = 256;
/// Answers of recent lookups on disk kept per map (about 400 KB of memory): the values a
/// column repeats and the words its texts repeat are read from disk once, not at every row.
#[cfg(not(test))]
const RECENT: usize = 1 << 13;
#[cfg(test)]
const RECENT: usize = 4;

/// A lookup's answer on disk: the run, the value's offset in its file, the value.
type OnDisk<V> = Option<(usize, u64, V)>;
/// Recent answers from disk, a slot per `(key >> 24) % RECENT`: the key and its answer.
type Recent<V> = Vec<Option<(u64, OnDisk<V>)>>;

/// A map value, as it is written in a run on disk.
pub trait Value: Copy + 'static {
    /// Bytes on disk (at most 8).
    const BYTES: usize;
    fn put(self, out: &mut [u8]);
    fn take(bytes: &[u8]) -> Self;
}

impl Value for () {
    const BYTES: usize = 0;
    fn put(self, _: &mut [u8]) {}
    fn take(_: &[u8]) -> Self {}
}

impl Value for u32 {
    const BYTES: usize = 4;
    fn put(self, out: &mut [u8]) {
        out[..4].copy_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"))
    }
}

impl Value for u64 {
    const BYTES: usize = 8;
    fn put(self, out: &mut [u8]) {
        out[..8].copy_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"))
    }
}

impl Value for Kind {
    const BYTES: usize = 1;
    fn put(self, out: &mut [u8]) {
        out[0] = self as u8;
    }
    fn take(bytes: &[u8]) -> Self {
        use strum::IntoEnumIterator;
        Kind::iter()
            .nth(bytes[0] as usize)
            .expect("a kind written by this run")
    }
}

/// The memory a run's maps may hold in sorted arrays before the largest move to disk, shared
/// by every map made with it (clones share it too).
#[derive(Clone)]
pub struct Budget(Arc<BudgetInner>);

struct BudgetInner {
    limit: usize,
    used: AtomicUsize,
    /// Bytes written to runs on disk, merges included.
    written: AtomicU64,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Budget({} of {} bytes in memory, {} written to disk)",
            self.0.used.load(Ordering::Relaxed),
            self.0.limit,
            self.written()
        )
    }
}

impl Budget {
    /// A budget of `bytes` for the sorted arrays of all the maps made with it.
    pub fn new(bytes: usize) -> Budget {
        Budget(Arc::new(BudgetInner {
            limit: bytes,
            used: AtomicUsize::new(0),
            written: AtomicU64::new(0),
        }))
    }

    /// Bytes the maps wrote to temporary files so far (0: everything stayed in memory).
    pub fn written(&self) -> u64 {
        self.0.written.load(Ordering::Relaxed)
    }
}

/// A one-word-per-key Bloom filter (8 bits a key, 4 bits set in one 64-bit word; about 2.5%
/// false positives): most lookups are misses, and this answers them from memory that stays
/// in cache more than the keys do (or instead of the disk).
#[derive(Default)]
struct Filter {
    words: Vec<u64>,
}

impl Filter {
    fn new(n: usize) -> Filter {
        Filter::with_words((n / 8).clamp(1, u32::MAX as usize))
    }

    fn with_words(words: usize) -> Filter {
        Filter {
            words: vec![0u64; words],
        }
    }

    /// The size of the sorted arrays' filter for `n` keys: a power of two of words, at least
    /// one per 8 keys, so that it keeps its size (and only takes the new keys) while the
    /// arrays grow to twice their size, instead of being made anew at each merge.
    fn words_for_arrays(n: usize) -> usize {
        (n / 8).clamp(1, 1 << 31).next_power_of_two()
    }

    /// The word of `key`, from its top 32 bits (the mask takes the low 24).
    #[inline]
    fn word(&self, key: u64) -> usize {
        (((key >> 32) * self.words.len() as u64) >> 32) as usize
    }

    #[inline]
    fn add(&mut self, key: u64) {
        let w = self.word(key);
        self.words[w] |= filter_mask(key);
    }

    #[inline]
    fn may_hold(&self, key: u64) -> bool {
        let w = self.words[self.word(key)];
        let m = filter_mask(key);
        w & m == m
    }
}

/// A map from `u64` (a hash) to `V` in compact memory. See the module docs.
pub struct HashMap64<V> {
    keys: Vec<u64>,
    vals: Vec<V>,
    /// `dir[b]..dir[b + 1]` are the positions of the keys whose top bits are `b`.
    dir: Vec<u32>,
    /// `64 - bits` of the directory (64 while it is empty).
    shift: u32,
    filter: Filter,
    /// Runs on disk, oldest first. A key is in at most one place: the arrays, a run or
    /// `pending`.
    runs: Vec<Run>,
    /// Recent answers from `runs`, direct-mapped by key (empty until the first run).
    recent: std::sync::Mutex<Recent<V>>,
    pending: HashMap<u64, V>,
    budget: Option<Budget>,
    /// Bytes of the sorted arrays and the runs' filters counted in the budget.
    counted: usize,
    /// A run could not be written: this map stays in memory from now on.
    no_disk: bool,
}

impl<V> Default for HashMap64<V> {
    fn default() -> Self {
        HashMap64 {
            keys: Vec::new(),
            vals: Vec::new(),
            dir: Vec::new(),
            shift: 64,
            filter: Filter::default(),
            runs: Vec::new(),
            recent: Default::default(),
            pending: HashMap::default(),
            budget: None,
            counted: 0,
            no_disk: false,
        }
    }
}

impl<V> Drop for HashMap64<V> {
    fn drop(&mut self) {
        if let Some(b) = &self.budget {
            b.0.used.fetch_sub(self.counted, Ordering::Relaxed);
        }
    }
}

/// Sizes only: keys are hashes of personal data.
impl<V: Value> std::fmt::Debug for HashMap64<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "HashMap64({} entries, {} runs on disk)",
            self.len(),
            self.runs.len()
        )
    }
}

impl HashMap64<u64> {
    /// Sets the bits `bits` in `key`'s value (0 if it had none): a set of small numbers per
    /// key, e.g. the lengths of the texts that share a prefix ([`crate::text::length_bit`]).
    pub fn insert_or(&mut self, key: u64, bits: u64) {
        let had = self.get(key).unwrap_or(0);
        if had | bits != had {
            self.insert_last(key, had | bits);
        }
    }
}

impl<V: Value> HashMap64<V> {
    /// A map that stays in memory.
    pub fn new() -> Self {
        Self::default()
    }

    /// A map whose sorted arrays count against `budget`, and move to disk when the budget is
    /// spent (see the module docs).
    pub fn with_budget(budget: Option<Budget>) -> Self {
        let mut m = Self::default();
        m.budget = budget;
        m
    }

    pub fn len(&self) -> usize {
        self.keys.len() + self.runs.iter().map(|r| r.n).sum::<usize>() + self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs on disk (0: the map is in memory).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Position of `key` in the sorted arrays.
    #[inline]
    fn position(&self, key: u64) -> Option<usize> {
        if self.keys.is_empty() || !self.filter.may_hold(key) {
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

    /// `key`'s place and value in a run on disk.
    fn on_disk(&self, key: u64) -> OnDisk<V> {
        if !self.runs.iter().any(|r| r.filter.may_hold(key)) {
            return None;
        }
        let slot = (key >> 24) as usize % RECENT;
        let recent = |f: &mut dyn FnMut(&mut Recent<V>)| {
            let mut r = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            if r.is_empty() {
                r.resize(RECENT, None);
            }
            f(&mut r)
        };
        let mut known = None;
        recent(&mut |r| {
            if let Some((k, answer)) = r[slot]
                && k == key
            {
                known = Some(answer);
            }
        });
        if let Some(answer) = known {
            return answer;
        }
        let answer = self.runs.iter().enumerate().rev().find_map(|(r, run)| {
            run.find::<V>(key)
                .unwrap_or_else(|e| panic!("reading masq's temporary map file: {e}"))
                .map(|(at, v)| (r, at, v))
        });
        recent(&mut |r| r[slot] = Some((key, answer)));
        answer
    }

    /// Forgets the recent answers (runs were written or merged: places changed).
    fn forget_recent(&mut self) {
        let r = self.recent.get_mut().unwrap_or_else(|e| e.into_inner());
        r.iter_mut().for_each(|s| *s = None);
    }

    /// Starts reading, into the CPU's cache, what a lookup of `key` reads first (its filter
    /// word): a caller with several lookups to make issues them ahead, and their memory reads
    /// overlap instead of waiting one after another.
    #[inline]
    pub fn prefetch(&self, key: u64) {
        if self.keys.is_empty() {
            return;
        }
        let word = &self.filter.words[self.filter.word(key)];
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch only hints the cache; `word` is a valid reference.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>((word as *const u64).cast::<i8>());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = word;
    }

    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        if let Some(i) = self.position(key) {
            return Some(self.vals[i]);
        }
        if !self.runs.is_empty()
            && let Some((_, _, v)) = self.on_disk(key)
        {
            return Some(v);
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
        if !self.runs.is_empty()
            && let Some((_, _, v)) = self.on_disk(key)
        {
            return v;
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
        if !self.runs.is_empty()
            && let Some((r, at, _)) = self.on_disk(key)
        {
            self.runs[r]
                .set(at, val)
                .unwrap_or_else(|e| panic!("writing masq's temporary map file: {e}"));
            let slot = (key >> 24) as usize % RECENT;
            let recent = self.recent.get_mut().unwrap_or_else(|e| e.into_inner());
            if let Some(s) = recent.get_mut(slot) {
                *s = Some((key, Some((r, at, val))));
            }
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
            .chain(self.runs.iter().flat_map(|r| r.entries::<V>()))
            .chain(self.pending.iter().map(|(k, v)| (*k, *v)))
    }

    /// Adds every entry of `other`; a key both maps hold keeps `combine(its value here,
    /// other's)`. The map is the one inserting `other`'s entries one by one makes
    /// (`insert_first` is `|here, _| here`), but where both are in memory it is made in one
    /// pass over both sorted arrays: inserted one by one, millions of entries merged the
    /// arrays again at every sixteenth of their length.
    pub fn absorb(&mut self, mut other: HashMap64<V>, combine: impl Fn(V, V) -> V)
    where
        V: PartialEq,
    {
        let same_budget = match (&self.budget, &other.budget) {
            (Some(a), Some(b)) => Arc::ptr_eq(&a.0, &b.0),
            (None, None) => true,
            _ => false,
        };
        if self.is_empty() && same_budget {
            std::mem::swap(self, &mut other);
            return;
        }
        if !self.runs.is_empty() || !other.runs.is_empty() {
            for (k, v) in other.iter() {
                match self.get(k) {
                    Some(here) => {
                        let c = combine(here, v);
                        if c != here {
                            self.insert_last(k, c);
                        }
                    }
                    None => self.insert_last(k, v),
                }
            }
            return;
        }
        self.merge_pending();
        let mut pending: Vec<(u64, V)> = other.pending.drain().collect();
        pending.sort_unstable_by_key(|e| e.0);
        // A key is in one place only, so the two sorted streams hold distinct keys.
        let theirs = merge_sorted(
            other.keys.iter().copied().zip(other.vals.iter().copied()),
            pending.into_iter(),
        );
        let mut new = Vec::new();
        for (k, v) in theirs {
            match self.position(k) {
                Some(i) => self.vals[i] = combine(self.vals[i], v),
                None => new.push((k, v)),
            }
        }
        drop(other);
        self.merge_in(new);
        self.account();
    }

    /// Moves every pending insert into the sorted arrays (or, on disk, into one run), for a
    /// map that is built and will now only be read: a lookup then probes one place.
    pub fn freeze(&mut self) {
        if self.runs.is_empty() || self.no_disk {
            self.merge_pending();
            self.account();
        } else {
            self.flush_pending();
            while self.runs.len() >= 2 && !self.no_disk {
                self.merge_last_runs();
            }
            self.account();
        }
        self.pending = HashMap::default();
    }

    /// Bytes held in memory (capacity, not length), for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        self.resident_bytes()
            + self
                .runs
                .iter()
                .map(|r| r.fences.capacity() * 8 + r.filter.words.capacity() * 8)
                .sum::<usize>()
            + self.pending.capacity() * (9 + std::mem::size_of::<V>())
            + self.recent.lock().map_or(0, |r| r.capacity())
                * std::mem::size_of::<Option<(u64, OnDisk<V>)>>()
    }

    /// Bytes of the sorted arrays, the directory and their filter.
    fn resident_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.vals.capacity() * std::mem::size_of::<V>()
            + self.dir.capacity() * 4
            + self.filter.words.capacity() * 8
    }

    fn maybe_merge(&mut self) {
        if self.runs.is_empty() || self.no_disk {
            if self.pending.len() >= MIN_PENDING.max(self.keys.len() / 16) {
                self.merge_pending();
                self.account();
            }
        } else if self.pending.len() >= SPILL_PENDING {
            self.flush_pending();
        }
    }

    /// Counts the sorted arrays in the budget; moves them to disk when the budget is spent
    /// and they are a large share of it.
    /// The filters and fences of the runs count too: once a large map is on disk, the memory
    /// its filters keep (about a byte per value) moves the other large maps to disk.
    fn account(&mut self) {
        let Some(b) = self.budget.clone() else {
            return;
        };
        self.recount(&b);
        let over = b.0.used.load(Ordering::Relaxed) > b.0.limit;
        let arrays = self.resident_bytes();
        if over && arrays > 0 && arrays >= b.0.limit / 32 && !self.no_disk {
            self.spill_arrays(&b);
            self.recount(&b);
        }
    }

    /// Brings this map's share of the budget up to date.
    fn recount(&mut self, b: &Budget) {
        let now = self.resident_bytes()
            + self
                .runs
                .iter()
                .map(|r| r.fences.capacity() * 8 + r.filter.words.capacity() * 8)
                .sum::<usize>();
        if now >= self.counted {
            b.0.used.fetch_add(now - self.counted, Ordering::Relaxed);
        } else {
            b.0.used.fetch_sub(self.counted - now, Ordering::Relaxed);
        }
        self.counted = now;
    }

    /// Writes the sorted arrays as the first run and frees them.
    fn spill_arrays(&mut self, b: &Budget) {
        let entries = self.keys.iter().copied().zip(self.vals.iter().copied());
        match Run::write(entries, self.keys.len()) {
            Ok(run) => {
                b.0.written
                    .fetch_add(run.file_bytes::<V>(), Ordering::Relaxed);
                self.runs.insert(0, run);
                self.forget_recent();
                self.keys = Vec::new();
                self.vals = Vec::new();
                self.dir = Vec::new();
                self.shift = 64;
                self.filter = Filter::default();
            }
            Err(_) => self.no_disk = true,
        }
    }

    /// Writes the pending inserts as a new run, then merges the newest runs while the newer
    /// is at least half the size of the one before, so runs shrink geometrically and a map
    /// holds about `log2(entries / SPILL_PENDING)` of them.
    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut new: Vec<(u64, V)> = self.pending.iter().map(|(k, v)| (*k, *v)).collect();
        new.sort_unstable_by_key(|e| e.0);
        match Run::write(new.iter().copied(), new.len()) {
            Ok(run) => {
                self.note_written(&run);
                self.runs.push(run);
                self.forget_recent();
                self.pending.clear();
            }
            Err(_) => {
                // Stays in memory: the pending inserts join the sorted arrays.
                self.no_disk = true;
                self.merge_pending();
                self.account();
                return;
            }
        }
        while self.runs.len() >= 2 && !self.no_disk {
            let (older, newer) = (
                &self.runs[self.runs.len() - 2],
                &self.runs[self.runs.len() - 1],
            );
            if newer.n * 2 < older.n {
                break;
            }
            self.merge_last_runs();
        }
        self.account();
    }

    fn note_written(&self, run: &Run) {
        if let Some(b) = &self.budget {
            b.0.written
                .fetch_add(run.file_bytes::<V>(), Ordering::Relaxed);
        }
    }

    /// Merges the two newest runs into one (keys are in one place only, so none is lost or
    /// doubled). On a write error both stay, and the map writes no more runs.
    fn merge_last_runs(&mut self) {
        let k = self.runs.len();
        let (older, newer) = (&self.runs[k - 2], &self.runs[k - 1]);
        let n = older.n + newer.n;
        let merged = Run::write(merge_sorted(older.entries::<V>(), newer.entries::<V>()), n);
        match merged {
            Ok(run) => {
                self.note_written(&run);
                self.runs.truncate(k - 2);
                self.runs.push(run);
                self.forget_recent();
            }
            Err(_) => self.no_disk = true,
        }
    }

    /// Moves the pending inserts into the sorted arrays: they are sorted, then merged in from
    /// the back of the grown arrays, so no second copy of the arrays is ever made.
    fn merge_pending(&mut self) {
        let mut new: Vec<(u64, V)> = self.pending.drain().collect();
        self.pending.shrink_to(MIN_PENDING);
        new.sort_unstable_by_key(|e| e.0);
        self.merge_in(new);
    }

    /// Merges `new` (sorted, keys in none of the sorted arrays) into the sorted arrays, from
    /// the back, and rebuilds the directory.
    fn merge_in(&mut self, new: Vec<(u64, V)>) {
        if new.is_empty() {
            return;
        }
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
        self.rebuild_dir(&new);
    }

    /// The directory over the keys, and the filter: `added` (the keys just merged in) go into
    /// the filter as it is while it keeps its size; it is made anew from every key when the
    /// arrays outgrow it.
    fn rebuild_dir(&mut self, added: &[(u64, V)]) {
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

        let words = Filter::words_for_arrays(n);
        if self.filter.words.len() == words {
            for &(k, _) in added {
                self.filter.add(k);
            }
        } else {
            self.filter = Filter::with_words(words);
            for &k in &self.keys {
                self.filter.add(k);
            }
        }
    }
}

/// Two sorted streams of entries with distinct keys, as one sorted stream.
fn merge_sorted<V>(
    a: impl Iterator<Item = (u64, V)>,
    b: impl Iterator<Item = (u64, V)>,
) -> impl Iterator<Item = (u64, V)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) => {
            if x.0 < y.0 {
                a.next()
            } else {
                b.next()
            }
        }
        (Some(_), None) => a.next(),
        (None, _) => b.next(),
    })
}

/// Sorted entries in an unnamed temporary file: blocks of [`BLOCK`] entries, each its keys
/// (8 bytes, little-endian) then its values ([`Value::BYTES`] each), the last block shorter.
struct Run {
    file: File,
    n: usize,
    /// The first key of each block.
    fences: Vec<u64>,
    filter: Filter,
}

impl Run {
    /// Writes `n` entries, sorted by key.
    fn write<V: Value>(entries: impl Iterator<Item = (u64, V)>, n: usize) -> io::Result<Run> {
        if cfg!(not(unix)) {
            return Err(io::Error::other("maps on disk need Unix"));
        }
        let file = tempfile::tempfile()?;
        let mut out = BufWriter::with_capacity(1 << 20, file.try_clone()?);
        let mut filter = Filter::new(n);
        let mut fences = Vec::with_capacity(n.div_ceil(BLOCK));
        let (mut keys, mut vals) = (Vec::with_capacity(BLOCK), Vec::with_capacity(BLOCK));
        let mut buf = vec![0u8; BLOCK * (8 + V::BYTES)];
        let mut flush = |keys: &mut Vec<u64>, vals: &mut Vec<V>, out: &mut BufWriter<File>| {
            let m = keys.len();
            for (i, k) in keys.iter().enumerate() {
                buf[i * 8..i * 8 + 8].copy_from_slice(&k.to_le_bytes());
            }
            for (i, v) in vals.iter().enumerate() {
                v.put(&mut buf[m * 8 + i * V::BYTES..]);
            }
            keys.clear();
            vals.clear();
            out.write_all(&buf[..m * (8 + V::BYTES)])
        };
        let mut count = 0;
        for (k, v) in entries {
            if keys.is_empty() {
                fences.push(k);
            }
            filter.add(k);
            keys.push(k);
            vals.push(v);
            count += 1;
            if keys.len() == BLOCK {
                flush(&mut keys, &mut vals, &mut out)?;
            }
        }
        if !keys.is_empty() {
            flush(&mut keys, &mut vals, &mut out)?;
        }
        debug_assert_eq!(count, n);
        out.flush()?;
        Ok(Run {
            file,
            n: count,
            fences,
            filter,
        })
    }

    fn file_bytes<V: Value>(&self) -> u64 {
        (self.n * (8 + V::BYTES)) as u64
    }

    /// Where block `b` starts in the file, and its entries.
    fn block<V: Value>(&self, b: usize) -> (u64, usize) {
        (
            (b * BLOCK * (8 + V::BYTES)) as u64,
            BLOCK.min(self.n - b * BLOCK),
        )
    }

    /// `key`'s value, and the file offset of the value.
    fn find<V: Value>(&self, key: u64) -> io::Result<Option<(u64, V)>> {
        if self.n == 0 || !self.filter.may_hold(key) {
            return Ok(None);
        }
        let b = self.fences.partition_point(|&f| f <= key);
        if b == 0 {
            return Ok(None);
        }
        let (start, m) = self.block::<V>(b - 1);
        let mut buf = [0u8; BLOCK * 16];
        let buf = &mut buf[..m * (8 + V::BYTES)];
        read_at(&self.file, buf, start)?;
        let key_at = |i: usize| u64::from_le_bytes(buf[i * 8..i * 8 + 8].try_into().expect("8"));
        let (mut lo, mut hi) = (0, m);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match key_at(mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let at = m * 8 + mid * V::BYTES;
                    return Ok(Some((start + at as u64, V::take(&buf[at..]))));
                }
            }
        }
        Ok(None)
    }

    /// Replaces the value at `at` (an offset [`find`](Self::find) gave).
    fn set<V: Value>(&self, at: u64, val: V) -> io::Result<()> {
        let mut buf = [0u8; 8];
        val.put(&mut buf);
        write_at(&self.file, &buf[..V::BYTES], at)
    }

    /// The entries in key order, read a block at a time.
    fn entries<V: Value>(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        let mut buf = vec![0u8; BLOCK * (8 + V::BYTES)];
        (0..self.fences.len()).flat_map(move |b| {
            let (start, m) = self.block::<V>(b);
            let buf = &mut buf[..m * (8 + V::BYTES)];
            read_at(&self.file, buf, start)
                .unwrap_or_else(|e| panic!("reading masq's temporary map file: {e}"));
            (0..m)
                .map(|i| {
                    (
                        u64::from_le_bytes(buf[i * 8..i * 8 + 8].try_into().expect("8")),
                        V::take(&buf[m * 8 + i * V::BYTES..]),
                    )
                })
                .collect::<Vec<_>>()
        })
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(unix)]
fn write_at(f: &File, buf: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, at)
}

/// Runs need positioned reads: elsewhere, maps stay in memory (the first run fails to write).
#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::Error::other("maps on disk need Unix"))
}

#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::Error::other("maps on disk need Unix"))
}

/// The four bits `key` sets in its filter word, from its low 24 bits (the word is chosen by
/// its top 32).
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

    /// Runs `ops` on `m` and on a `HashMap` (with `entry().or_insert` and `insert`), comparing
    /// every answer, then every entry after a freeze.
    fn same_as_a_hash_map(
        mut m: HashMap64<u8>,
        ops: Vec<Op>,
    ) -> std::result::Result<HashMap64<u8>, TestCaseError> {
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
        let mut all: Vec<_> = m.iter().collect();
        all.sort_unstable();
        let mut want: Vec<_> = r.clone().into_iter().collect();
        want.sort_unstable();
        prop_assert_eq!(all, want);
        m.freeze();
        for (k, v) in &r {
            prop_assert_eq!(m.get(*k), Some(*v));
        }
        prop_assert_eq!(m.len(), r.len());
        Ok(m)
    }

    impl Value for u8 {
        const BYTES: usize = 1;
        fn put(self, out: &mut [u8]) {
            out[0] = self;
        }
        fn take(bytes: &[u8]) -> Self {
            bytes[0]
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Behaves as a `HashMap` with `entry().or_insert` and `insert`, across merges.
        #[test]
        fn behaves_as_a_hash_map(ops in proptest::collection::vec(op(), 0..4000)) {
            same_as_a_hash_map(HashMap64::new(), ops)?;
        }

        /// The same once on disk: with no budget, every merge of the pending inserts writes
        /// a run, and runs merge as they go.
        #[test]
        fn behaves_as_a_hash_map_on_disk(ops in proptest::collection::vec(op(), 0..4000)) {
            let budget = Budget::new(0);
            let m = same_as_a_hash_map(HashMap64::with_budget(Some(budget.clone())), ops)?;
            if m.len() > 2 * MIN_PENDING {
                prop_assert!(m.runs() == 1, "{} runs after freeze", m.runs());
                prop_assert!(budget.written() > 0);
            }
            drop(m);
            prop_assert_eq!(budget.0.used.load(Ordering::Relaxed), 0);
        }
    }

    /// Two maps filled by `ops`, one of them absorbed into the other with `combine`, against
    /// the same entries added one by one to a `HashMap`; `budget` 0 puts both on disk.
    fn absorbs_as_one_by_one(
        here: Vec<Op>,
        theirs: Vec<Op>,
        budget: Option<usize>,
        combine: fn(u8, u8) -> u8,
    ) -> std::result::Result<(), TestCaseError> {
        let fill = |ops: &[Op]| {
            let mut m = HashMap64::with_budget(budget.map(Budget::new));
            let mut r = std::collections::HashMap::new();
            for op in ops {
                match *op {
                    Op::First(k, v) => {
                        m.insert_first(k, v);
                        r.entry(k).or_insert(v);
                    }
                    Op::Last(k, v) => {
                        m.insert_last(k, v);
                        r.insert(k, v);
                    }
                    Op::Get(_) => {}
                }
            }
            (m, r)
        };
        let (mut a, mut want) = fill(&here);
        let (b, theirs) = fill(&theirs);
        for (k, v) in theirs {
            let c = want.get(&k).map_or(v, |&h| combine(h, v));
            want.insert(k, c);
        }
        a.absorb(b, combine);
        prop_assert_eq!(a.len(), want.len());
        let mut all: Vec<_> = a.iter().collect();
        all.sort_unstable();
        let mut want: Vec<_> = want.into_iter().collect();
        want.sort_unstable();
        prop_assert_eq!(&all, &want);
        a.freeze();
        for (k, v) in want {
            prop_assert_eq!(a.get(k), Some(v));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Absorbing a map keeps, for a key both hold, what `combine` says (the first value,
        /// the last, or both values' bits), in memory and on disk.
        #[test]
        fn absorbing_a_map_is_inserting_its_entries_one_by_one(
            here in proptest::collection::vec(op(), 0..3000),
            theirs in proptest::collection::vec(op(), 0..3000),
            which in 0..3usize,
            on_disk in any::<bool>(),
        ) {
            let combine: fn(u8, u8) -> u8 = match which {
                0 => |h, _| h,
                1 => |_, t| t,
                _ => |h, t| h | t,
            };
            absorbs_as_one_by_one(here, theirs, on_disk.then_some(0), combine)?;
        }
    }

    #[test]
    fn maps_on_disk_keep_about_a_byte_per_key_in_memory_and_find_every_key() {
        let budget = Budget::new(0);
        let mut m = HashMap64::with_budget(Some(budget.clone()));
        let key = |i: u64| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (i >> 7);
        let n = 100_000u64;
        for i in 0..n {
            m.insert_first(key(i), i);
        }
        // Runs shrink geometrically: a handful, not thousands.
        assert!(m.runs() <= 16, "{} runs", m.runs());
        m.insert_last(key(5), 7);
        m.freeze();
        assert_eq!(m.runs(), 1);
        assert_eq!(m.len(), n as usize);
        for i in (0..n).step_by(3) {
            assert_eq!(m.get(key(i)), Some(if i == 5 { 7 } else { i }));
        }
        assert_eq!(m.get(key(n + 1)), None);
        let per_entry = m.heap_bytes() as f64 / n as f64;
        // In memory it took 8 + 8 + a directory and a filter: 18 or more.
        assert!(per_entry < 1.5, "{per_entry:.2} bytes per entry in memory");
        assert!(budget.written() >= n * 16);
    }

    /// A budget shared by maps: those within it stay in memory.
    #[test]
    fn maps_within_their_budget_stay_in_memory() {
        let budget = Budget::new(64 << 20);
        let mut a = HashMap64::with_budget(Some(budget.clone()));
        let mut b = HashMap64::with_budget(Some(budget.clone()));
        for i in 0..50_000u64 {
            a.insert_first(i.wrapping_mul(0x9e37_79b9_7f4a_7c15), 1u32);
            b.insert_first(i.wrapping_mul(0x2545_f491_4f6c_dd1d), 2u32);
        }
        a.freeze();
        b.freeze();
        assert_eq!((a.runs(), b.runs()), (0, 0));
        assert_eq!(budget.written(), 0);
        assert!(budget.0.used.load(Ordering::Relaxed) > 50_000 * 2 * 12);
    }

    #[test]
    fn the_filters_of_a_map_on_disk_count_against_the_budget_and_move_other_maps_to_disk() {
        let budget = Budget::new(250 << 10);
        let key = |i: u64, m: u64| i.wrapping_mul(m) ^ (i >> 7);
        let mut big = HashMap64::with_budget(Some(budget.clone()));
        for i in 0..200_000u64 {
            big.insert_first(key(i, 0x9e37_79b9_7f4a_7c15), ());
        }
        big.freeze();
        assert!(big.runs() > 0);
        // About a byte a key stays in memory for the map on disk, and is counted.
        let counted = budget.0.used.load(Ordering::Relaxed);
        assert!((180_000..260_000).contains(&counted), "{counted}");
        // Alone, this map's 8,000 entries (about 112 KB) would fit in the budget; with the
        // filters of `big`, they do not.
        let mut small = HashMap64::with_budget(Some(budget.clone()));
        for i in 0..8_000u64 {
            small.insert_first(key(i, 0x2545_f491_4f6c_dd1d), 7u32);
        }
        small.freeze();
        assert!(small.runs() > 0);
        assert_eq!(small.len(), 8_000);
        for i in (0..8_000u64).step_by(13) {
            assert_eq!(small.get(key(i, 0x2545_f491_4f6c_dd1d)), Some(7));
        }
        drop(small);
        drop(big);
        assert_eq!(budget.0.used.load(Ordering::Relaxed), 0);
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
