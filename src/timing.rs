//! Wall time per stage, in milliseconds, for the reports' `timings_ms`: a stopwatch whose laps
//! add up by stage name (a stage timed twice, e.g. `llm`, sums).

use std::collections::BTreeMap;
use std::time::Instant;

/// Accumulates wall time per stage name since it was made (or last restarted).
#[derive(Debug, Clone)]
pub struct Stopwatch {
    last: Instant,
    pub laps: BTreeMap<String, u64>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: BTreeMap::new(),
        }
    }
}

impl Stopwatch {
    /// Adds the time since the last lap (or the start) to `stage`.
    pub fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        *self.laps.entry(stage.to_string()).or_default() += (now - self.last).as_millis() as u64;
        self.last = now;
    }

    /// Starts the next lap now (the time since the last one was counted elsewhere).
    pub fn restart(&mut self) {
        self.last = Instant::now();
    }

    /// Adds the laps a stage timed itself, and starts the next lap now.
    pub fn add(&mut self, laps: &[(&'static str, u64)]) {
        for (stage, ms) in laps {
            *self.laps.entry(stage.to_string()).or_default() += ms;
        }
        self.last = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_add_up_by_stage() {
        let mut w = Stopwatch::default();
        w.add(&[("read", 5), ("detect", 2)]);
        w.add(&[("read", 7)]);
        w.lap("write");
        assert_eq!(w.laps["read"], 12);
        assert_eq!(w.laps["detect"], 2);
        assert!(w.laps.contains_key("write"));
    }
}
