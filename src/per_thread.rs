//! A compiled pattern that each thread searches through a copy of its own.
//!
//! A `regex::Regex` (and a `regex_automata::meta::Regex`) keeps the scratch space of its searches
//! (the lazy DFA's states, the backtracker's visited set) in a pool. The first thread to search
//! owns the pool and takes its cache without a lock; every other thread locks a mutex to take
//! one and again to give it back (`Pool::get_slow`, `Pool::put_value`). In a run the searching
//! is done on rayon's two threads, and the owner is whichever thread searched first: at least
//! one of them (both, where the main thread searched first) paid both locks on every search,
//! 2.7% of the CPU time of the 1M × 37 benchmark and 1.5% of a prose table's, spread over every
//! rule, phone plan and cue.
//!
//! A clone of a pattern shares the compiled automata (an `Arc`) and starts a pool of its own.
//! [`PerThread`] hands each thread its own clone, made on the thread's first search, so every
//! thread owns the pool it takes from. Each thread still holds one cache per pattern, as it did
//! in the shared pool; the clones are dropped with the `PerThread`. A thread started after
//! another one ended may be handed that thread's clone (`thread_local` reuses its slots): it
//! then searches through the clone's shared path, as every worker did before, which is correct,
//! only not faster. masq's threads (rayon's, polars') live as long as the process.

use std::ops::Deref;

/// A value (a compiled pattern) of which each thread uses a clone of its own; it derefs to the
/// calling thread's clone.
pub struct PerThread<R: Clone + Send> {
    shared: R,
    copies: thread_local::ThreadLocal<R>,
}

impl<R: Clone + Send> PerThread<R> {
    pub fn new(shared: R) -> PerThread<R> {
        PerThread {
            shared,
            copies: thread_local::ThreadLocal::new(),
        }
    }

    /// The calling thread's clone, made on its first call.
    #[inline]
    pub fn get(&self) -> &R {
        self.copies.get_or(|| self.shared.clone())
    }
}

impl<R: Clone + Send> Deref for PerThread<R> {
    type Target = R;

    #[inline]
    fn deref(&self) -> &R {
        self.get()
    }
}

impl<R: Clone + Send + std::fmt::Debug> std::fmt::Debug for PerThread<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.shared.fmt(f)
    }
}

/// A `regex::Regex` searched through [`PerThread`] copies: a drop-in for `regex::Regex` where
/// a module's patterns are searched from many threads (`use crate::per_thread::Pattern as Regex`).
#[derive(Debug)]
pub struct Pattern(PerThread<regex::Regex>);

impl Pattern {
    /// Compiles `pattern` as `regex::Regex::new` does.
    pub fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        regex::Regex::new(pattern).map(Pattern::from)
    }
}

impl From<regex::Regex> for Pattern {
    fn from(re: regex::Regex) -> Pattern {
        Pattern(PerThread::new(re))
    }
}

impl Deref for Pattern {
    type Target = regex::Regex;

    #[inline]
    fn deref(&self) -> &regex::Regex {
        self.0.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every thread searches with its own clone (so with a cache pool it owns), and finds what
    /// the pattern finds.
    #[test]
    fn each_thread_gets_a_clone_of_its_own_that_searches_alike() {
        let re = PerThread::new(regex::Regex::new(r"\d{3}-\d{4}").unwrap());
        let here = re.get() as *const regex::Regex as usize;
        assert_eq!(
            here,
            re.get() as *const regex::Regex as usize,
            "same thread, same clone"
        );
        std::thread::scope(|s| {
            s.spawn(|| {
                let there = re.get() as *const regex::Regex as usize;
                assert_ne!(here, there, "another thread, another clone");
                assert_eq!(re.find("call 555-0199 now").unwrap().as_str(), "555-0199");
            });
        });
        assert_eq!(re.find("call 555-0199 now").unwrap().range(), 5..13);
        assert_eq!(format!("{re:?}"), r#"Regex("\\d{3}-\\d{4}")"#);
    }
}
