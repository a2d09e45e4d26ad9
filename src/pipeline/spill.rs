//! The first pass's scans of prose texts, kept on disk for the second pass.
//!
//! Scanning a note for personal data is the costliest step of a prose column, and `run` needs
//! each note's spans twice: in pass 1 (its identifying spans join the index and the originals
//! looked for in prose) and in pass 2 (to replace them). So pass 1 writes each batch's scans to
//! an unnamed temporary file, one record per batch and prose column, and pass 2 reads them back
//! in the same order. Memory holds one batch's scans; the file is removed by the system when
//! masq exits, however it exits.
//!
//! A scan is only a shortcut: a text pass 2 finds no scan for (a record lost to a full disk, a
//! batch cut differently) is scanned again, with the same result.

use crate::detect::spans::{Found, read_varint, varint};
use crate::transform::spans::Scanned;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};

/// Pass 1's side: appends records; gives up quietly (and pass 2 scans again) when the
/// temporary file cannot be made or written.
pub struct SpillWriter {
    file: Option<BufWriter<File>>,
    buf: Vec<u8>,
}

impl SpillWriter {
    /// A writer to a new unnamed temporary file, if there is any prose to scan.
    pub fn new(any_prose: bool) -> SpillWriter {
        let file = any_prose
            .then(|| tempfile::tempfile().ok())
            .flatten()
            .map(|f| BufWriter::with_capacity(1 << 20, f));
        SpillWriter {
            file,
            buf: Vec::new(),
        }
    }

    /// Appends one record: the scans of one prose column of one batch.
    pub fn write(&mut self, scans: &[(u64, Found)]) {
        let Some(file) = &mut self.file else {
            return;
        };
        self.buf.clear();
        varint(&mut self.buf, scans.len() as u64);
        for (key, found) in scans {
            self.buf.extend_from_slice(&key.to_le_bytes());
            found.encode(&mut self.buf);
        }
        let len = (self.buf.len() as u64).to_le_bytes();
        if file.write_all(&len).and(file.write_all(&self.buf)).is_err() {
            self.file = None;
        }
    }

    /// The reader of what was written, from the first record.
    pub fn into_reader(self) -> SpillReader {
        let file = self.file.and_then(|f| {
            let mut f = f.into_inner().ok()?;
            f.rewind().ok()?;
            Some(BufReader::with_capacity(1 << 20, f))
        });
        SpillReader { file }
    }
}

/// Pass 2's side: hands back the records in the order they were written.
pub struct SpillReader {
    file: Option<BufReader<File>>,
}

impl SpillReader {
    /// The next record (empty once the file is read to its end, or unreadable).
    pub fn next_record(&mut self) -> Scanned {
        self.read().unwrap_or_else(|| {
            self.file = None;
            Scanned::default()
        })
    }

    fn read(&mut self) -> Option<Scanned> {
        let file = self.file.as_mut()?;
        let mut len = [0u8; 8];
        file.read_exact(&mut len).ok()?;
        let mut buf = vec![0u8; usize::try_from(u64::from_le_bytes(len)).ok()?];
        file.read_exact(&mut buf).ok()?;
        let mut bytes = buf.as_slice();
        let n = read_varint(&mut bytes)?;
        let mut out = Scanned::default();
        for _ in 0..n {
            let (key, rest) = bytes.split_first_chunk::<8>()?;
            bytes = rest;
            out.insert(u64::from_le_bytes(*key), Found::decode(&mut bytes)?);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::spans::{SpanFinder, text_key};
    use crate::rules::RuleSet;

    #[test]
    fn records_come_back_in_order_and_finish_as_a_fresh_scan_does() {
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let batches = [
            vec![
                "Call John Smith on +44 20 7946 0958 or mail j.smith@mailbox.org.",
                "Refund to DE89 3704 0044 0532 0130 00, dear Karl.",
            ],
            vec![],
            vec!["Nothing personal here."],
        ];
        let mut w = SpillWriter::new(true);
        for texts in &batches {
            let scans: Vec<(u64, Found)> = texts
                .iter()
                .map(|t| (text_key(t), finder.scan(t, &rules.dicts)))
                .collect();
            w.write(&scans);
        }
        let mut r = w.into_reader();
        for texts in &batches {
            let record = r.next_record();
            assert_eq!(record.len(), texts.len());
            for t in texts {
                let back = &record[&text_key(t)];
                assert!(back.fits(t));
                assert_eq!(
                    back.finish(t, Vec::new()),
                    finder.find(t, &rules.dicts),
                    "{t}"
                );
            }
        }
        // Past the last record: nothing, so pass 2 scans for itself.
        assert!(r.next_record().is_empty());
    }

    #[test]
    fn without_prose_nothing_is_kept() {
        let mut w = SpillWriter::new(false);
        w.write(&[(1, Found::default())]);
        assert!(w.into_reader().next_record().is_empty());
    }
}
