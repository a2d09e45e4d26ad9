//! Compression around a table format: `.gz` (gzip, concatenated members allowed) and `.zst`
//! (zstd), streamed both ways. Reading hands the existing readers the decompressed bytes;
//! writing puts a compressor between the table writer and the file. A corrupt or truncated
//! stream is the input's fault and is reported as such, by file name only; this module never
//! looks at the decompressed bytes.

use crate::error::{Error, Result};
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};

/// How the bytes of a file are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// The compression a file-name suffix names (`gz`, `gzip`, `zst`, `zstd`), if any.
    pub fn from_extension(ext: &str) -> Option<Compression> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "gz" | "gzip" => Compression::Gzip,
            "zst" | "zstd" => Compression::Zstd,
            _ => return None,
        })
    }

    /// The file-name suffix, without the dot (empty for none).
    pub fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => "gz",
            Compression::Zstd => "zst",
        }
    }

    /// The name used in messages.
    fn name(self) -> &'static str {
        match self {
            Compression::None => "uncompressed",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    /// Wraps `inner` so that reading yields the decompressed bytes.
    fn decoder<'a, R: Read + Send + 'a>(self, inner: R) -> io::Result<Box<dyn Read + Send + 'a>> {
        Ok(match self {
            Compression::None => Box::new(inner),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(inner)),
            Compression::Zstd => Box::new(zstd::Decoder::new(inner)?),
        })
    }

    /// Runs `write` against a compressor over `w` and finishes the stream (gzip at the default
    /// level 6, zstd at its default level 3 with a content checksum: what `gzip` and `zstd` do
    /// by default).
    pub fn encode<W: Write, E: From<io::Error>>(
        self,
        w: W,
        write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self {
            Compression::None => {
                let mut w = w;
                write(&mut w)
            }
            Compression::Gzip => {
                let mut e = flate2::write::GzEncoder::new(w, flate2::Compression::default());
                write(&mut e)?;
                e.finish()?;
                Ok(())
            }
            Compression::Zstd => {
                let mut e = zstd::Encoder::new(w, 0)?;
                // As the zstd tool does: a content checksum, so damage is found on reading.
                e.include_checksum(true)?;
                write(&mut e)?;
                e.finish()?;
                Ok(())
            }
        }
    }
}

/// Reading from the underlying source, with its own errors kept apart from the decoder's: a
/// failed read of the file is a read error, anything else the decoder says is a bad stream.
struct Watched<R> {
    inner: R,
    failed: Arc<Mutex<Option<io::Error>>>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let kind = e.kind();
            *self.failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
            io::Error::new(kind, "the input could not be read")
        })
    }
}

/// A decompressing reader over one input, whose errors name the input.
pub(crate) struct Decompressed<'a> {
    name: String,
    compression: Compression,
    reader: Box<dyn Read + Send + 'a>,
    failed: Arc<Mutex<Option<io::Error>>>,
}

impl<'a> Decompressed<'a> {
    pub(crate) fn new<R: Read + Send + 'a>(
        name: &str,
        compression: Compression,
        inner: R,
    ) -> Result<Decompressed<'a>> {
        let failed = Arc::new(Mutex::new(None));
        let watched = Watched {
            inner,
            failed: Arc::clone(&failed),
        };
        let mut d = Decompressed {
            name: name.to_string(),
            compression,
            reader: Box::new(io::empty()),
            failed,
        };
        d.reader = compression.decoder(watched).map_err(|e| d.error(e))?;
        Ok(d)
    }

    /// Reads up to `buf.len()` decompressed bytes; 0 at the end of the data.
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        loop {
            match self.reader.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => return r.map_err(|e| self.error(e)),
            }
        }
    }

    /// Reads everything that is left.
    pub(crate) fn read_to_end(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let mut chunk = vec![0u8; 1 << 20];
        loop {
            let n = self.read(&mut chunk)?;
            if n == 0 {
                return Ok(());
            }
            out.extend_from_slice(&chunk[..n]);
        }
    }

    /// The error for a failed read: the file's own read error if there was one, else the
    /// stream is not valid (the decoder's wording is not used, so no data can leak into it).
    fn error(&self, e: io::Error) -> Error {
        if let Some(src) = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Error::read(&self.name, "read", src);
        }
        let what = self.compression.name();
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Error::input(format!(
                "{}: not valid {what}: the compressed data is truncated (it ends mid-stream)",
                self.name
            ))
        } else {
            Error::input(format!(
                "{}: not valid {what}: the compressed data is corrupt or not {what} at all",
                self.name
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(c: Compression, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        c.encode(&mut out, |w| w.write_all(data)).unwrap();
        out
    }

    fn unpack(c: Compression, data: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        Decompressed::new("x", c, data)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn round_trips() {
        let data = b"a,b\n1,2\n".repeat(1000);
        for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
            let packed = pack(c, &data);
            assert_eq!(unpack(c, &packed).unwrap(), data, "{c:?}");
        }
    }

    #[test]
    fn concatenated_gzip_members_are_one_stream() {
        let mut packed = pack(Compression::Gzip, b"a,b\n");
        packed.extend(pack(Compression::Gzip, b"1,2\n"));
        assert_eq!(unpack(Compression::Gzip, &packed).unwrap(), b"a,b\n1,2\n");
        let mut packed = pack(Compression::Zstd, b"a,b\n");
        packed.extend(pack(Compression::Zstd, b"1,2\n"));
        assert_eq!(unpack(Compression::Zstd, &packed).unwrap(), b"a,b\n1,2\n");
    }

    #[test]
    fn truncated_and_corrupt_streams_are_bad_input() {
        let data = b"name,email\nAda,ada@example.com\n".repeat(200);
        for c in [Compression::Gzip, Compression::Zstd] {
            let packed = pack(c, &data);
            let cut = unpack(c, &packed[..packed.len() / 2])
                .unwrap_err()
                .to_string();
            assert!(cut.contains("truncated"), "{c:?}: {cut}");
            assert!(cut.starts_with("x: not valid"), "{cut}");
            let garbage = unpack(c, b"name,email\nAda,ada@example.com\n")
                .unwrap_err()
                .to_string();
            assert!(garbage.contains("corrupt"), "{c:?}: {garbage}");
            assert!(!garbage.contains("Ada"), "{garbage}");
            let mut flipped = packed.clone();
            let mid = flipped.len() / 2;
            flipped[mid] ^= 0xff;
            assert!(unpack(c, &flipped).is_err(), "{c:?}");
        }
    }

    #[test]
    fn extensions() {
        assert_eq!(Compression::from_extension("GZ"), Some(Compression::Gzip));
        assert_eq!(Compression::from_extension("zst"), Some(Compression::Zstd));
        assert_eq!(Compression::from_extension("csv"), None);
    }
}
