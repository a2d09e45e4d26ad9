//! A file another thread is still writing (a PostgreSQL table being copied out), read as it
//! grows: a reader that reaches the end of what is written so far waits for more until the
//! writer says the file is complete — or failed, which the reader then reports. So the
//! pipeline can detect and index a table's first rows while its last ones are still coming.

use std::io::Read;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The writer's side: [`Growth::wrote`] after each chunk written to the file,
/// [`Growth::finish`] once at the end.
#[derive(Default)]
pub struct Growth {
    state: Mutex<State>,
    more: Condvar,
}

#[derive(Default)]
enum State {
    #[default]
    Writing,
    Done,
    /// Why the file will never be complete (no value in it: a path and a server's reason).
    Failed(String),
}

impl std::fmt::Debug for Growth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Growth")
    }
}

impl Growth {
    /// More bytes are in the file: wakes the readers.
    pub fn wrote(&self) {
        self.more.notify_all();
    }

    /// The file is complete (`Ok`), or will never be (`Err` with the reason readers report).
    pub fn finish(&self, result: std::result::Result<(), String>) {
        *self.state.lock().expect("growth") = match result {
            Ok(()) => State::Done,
            Err(why) => State::Failed(why),
        };
        self.more.notify_all();
    }
}

/// Reads `file` as it grows: at the end of what is written it waits, and ends only when the
/// writer finished.
pub struct GrowingReader {
    file: std::fs::File,
    growth: std::sync::Arc<Growth>,
}

impl GrowingReader {
    pub fn new(file: std::fs::File, growth: std::sync::Arc<Growth>) -> GrowingReader {
        GrowingReader { file, growth }
    }
}

impl Read for GrowingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.file.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            let state = self.growth.state.lock().expect("growth");
            match &*state {
                // Complete: what the last read missed was written before `finish`.
                State::Done => {
                    drop(state);
                    return self.file.read(buf);
                }
                State::Failed(why) => return Err(std::io::Error::other(why.clone())),
                // A wake-up between the read and the wait is missed; the timeout bounds that.
                State::Writing => {
                    let _ = self
                        .growth
                        .more
                        .wait_timeout(state, Duration::from_millis(5))
                        .expect("growth");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Arc;

    #[test]
    fn a_reader_gets_every_byte_written_while_it_reads_then_the_end() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let growth = Arc::new(Growth::default());
        let mut w = tmp.reopen().unwrap();
        let mut r = GrowingReader::new(tmp.reopen().unwrap(), growth.clone());
        let writer = {
            let growth = growth.clone();
            std::thread::spawn(move || {
                for i in 0..200u32 {
                    w.write_all(format!("line {i}\n").as_bytes()).unwrap();
                    growth.wrote();
                    if i % 50 == 0 {
                        std::thread::sleep(Duration::from_millis(3));
                    }
                }
                growth.finish(Ok(()));
            })
        };
        let mut all = String::new();
        r.read_to_string(&mut all).unwrap();
        writer.join().unwrap();
        let want: String = (0..200).map(|i| format!("line {i}\n")).collect();
        assert_eq!(all, want);
    }

    #[test]
    fn a_failed_writer_is_an_error_for_the_reader() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let growth = Arc::new(Growth::default());
        let mut r = GrowingReader::new(tmp.reopen().unwrap(), growth.clone());
        growth.finish(Err("db: reading t stopped: connection closed".into()));
        let e = r.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("connection closed"), "{e}");
    }
}
