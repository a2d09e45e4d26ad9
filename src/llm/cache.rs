//! The on-disk answer store shared by the cache of [`super::HttpLlm`] and the recordings of
//! [`super::ReplayLlm`]: one file `<dir>/<cache_key>.json` = `{"model": "...", "answer": <json>}`
//! per prompt. Writes are atomic (temp file + rename); a file that cannot be read or parsed is a
//! miss. It stores only answers that passed the schema; it never prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Serialize, Deserialize)]
struct Entry {
    model: String,
    answer: Value,
}

pub(crate) fn path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// The stored answer for `key`, if a readable entry for `model` exists.
pub(crate) fn read(dir: &Path, key: &str, model: &str) -> Option<Value> {
    let bytes = std::fs::read(path(dir, key)).ok()?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    (entry.model == model).then_some(entry.answer)
}

/// Stores an answer atomically; failures are ignored (the cache is an optimisation).
pub(crate) fn write(dir: &Path, key: &str, model: &str, answer: &Value) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let entry = Entry {
        model: model.to_string(),
        answer: answer.clone(),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer_pretty(&mut tmp, &entry)?;
    tmp.write_all(b"\n")?;
    tmp.as_file().sync_all()?;
    tmp.persist(path(dir, key)).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip_and_corrupt_files_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path(), "k", "m"), None);
        write(dir.path(), "k", "m", &json!({"a": 1})).unwrap();
        assert_eq!(read(dir.path(), "k", "m"), Some(json!({"a": 1})));
        assert_eq!(read(dir.path(), "k", "other-model"), None);
        std::fs::write(path(dir.path(), "k"), "{not json").unwrap();
        assert_eq!(read(dir.path(), "k", "m"), None);
        write(dir.path(), "k", "m", &json!(2)).unwrap();
        assert_eq!(read(dir.path(), "k", "m"), Some(json!(2)));
    }
}
