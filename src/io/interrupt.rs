//! Interruptions leave nothing behind.
//!
//! Every temporary output file (`.masq-XXXXXX.partial`, see [`super::write`]) is listed in a
//! process-wide registry from the moment it is created until it is renamed into place or
//! deleted. [`install`] adds a handler for SIGINT and SIGTERM that deletes every listed file,
//! prints `masq: interrupted; nothing was written` and exits with 130 (SIGINT) or 143
//! (SIGTERM). A SIGKILL cannot be caught, so the first write into a folder also sweeps the files
//! there whose names match masq's exact temporary-name pattern and that no live process owns:
//! a masq process holds an exclusive lock (`flock`) on each temporary file it writes, which the
//! system releases when the process dies, however it dies. Where the filesystem has no locks,
//! only files older than [`STALE_AFTER`] are swept.
//!
//! The registry is global; the handler is not installed by any library code path: a program
//! that embeds masq keeps its own signal handling unless it calls [`install`] (the `masq`
//! binary does). The handler exists on Unix only (signal-hook's iterator is Unix-only); on other
//! platforms [`install`] does nothing and the stale sweep is what cleans up. Creating a
//! temporary file and renaming it into place both run with the registry locked, and the handler
//! holds that lock until the process exits, so an interruption never falls between creating a
//! file and listing it, nor half-way through a rename. This module never reads file contents.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// How old a leftover temporary file must be before a later run deletes it. A live masq keeps
/// its temporary file for the time it takes to write it and then to write the other outputs of
/// the same run; an hour leaves a wide margin for that.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The temporary-name pattern: `PREFIX` + `RAND_LEN` ASCII letters or digits + `SUFFIX`.
pub const PREFIX: &str = ".masq-";
pub const SUFFIX: &str = ".partial";
pub const RAND_LEN: usize = 6;

#[derive(Default)]
struct Registry {
    /// Temporary files being written.
    live: Vec<PathBuf>,
    /// How many outputs were renamed into place.
    committed: usize,
    /// Folders already swept for stale files in this process.
    swept: HashSet<PathBuf>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);
/// Set by [`install`]: the binary wants sweeps announced on stderr.
static ANNOUNCE: AtomicBool = AtomicBool::new(false);

fn lock() -> MutexGuard<'static, Option<Registry>> {
    // A panic elsewhere must not stop the cleanup: the list stays valid whatever panicked.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

fn with<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    f(lock().get_or_insert_with(Registry::default))
}

/// A listed temporary file; dropping it unlists the path (drop it after the file is deleted).
#[derive(Debug)]
pub struct Registration {
    path: Option<PathBuf>,
}

impl Registration {
    /// Runs `rename` (which puts the temporary file in place) with the registry locked, then
    /// unlists the path and, on success, counts one output written.
    pub fn commit<R, E>(mut self, rename: impl FnOnce() -> Result<R, E>) -> Result<R, E> {
        let mut guard = lock();
        let reg = guard.get_or_insert_with(Registry::default);
        let res = rename();
        if let Some(p) = self.path.take() {
            reg.live.retain(|q| *q != p);
        }
        if res.is_ok() {
            reg.committed += 1;
        }
        res
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            with(|r| r.live.retain(|q| *q != p));
        }
    }
}

/// Runs `create` (which makes a temporary file in `dir`) with the registry locked and lists the
/// file's path. The first call for a folder first sweeps its stale temporary files.
pub fn create<T>(
    dir: &Path,
    create: impl FnOnce() -> std::io::Result<T>,
    path_of: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, Registration)> {
    let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let first = with(|r| r.swept.insert(key));
    if first {
        let n = sweep_stale(dir, STALE_AFTER);
        if n > 0 && ANNOUNCE.load(Ordering::Relaxed) {
            eprintln!(
                "masq: removed {n} stale temporary file{} (.masq-*.partial, left by an interrupted run) from {}",
                if n == 1 { "" } else { "s" },
                dir.display()
            );
        }
    }
    let mut guard = lock();
    let reg = guard.get_or_insert_with(Registry::default);
    let made = create()?;
    let path = path_of(&made).to_path_buf();
    reg.live.push(path.clone());
    Ok((made, Registration { path: Some(path) }))
}

/// Whether `name` is exactly a masq temporary-file name.
pub fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|mid| mid.len() == RAND_LEN && mid.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Deletes the regular files in `dir` (not below it) named like masq's temporary files that no
/// process holds locked (where the filesystem cannot lock: last modified more than `older_than`
/// ago), except those this process is writing. Returns how many were deleted; a file that
/// cannot be inspected or deleted is left alone.
pub fn sweep_stale(dir: &Path, older_than: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        // symlink_metadata: a link named like a temporary file is not followed, nor deleted.
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let path = e.path();
        if !meta.is_file() || with(|r| r.live.contains(&path)) {
            continue;
        }
        let old = || {
            meta.modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > older_than)
        };
        let orphan = match std::fs::File::open(&path).map(|f| f.try_lock()) {
            Ok(Ok(())) => true,
            Ok(Err(std::fs::TryLockError::WouldBlock)) => false,
            Ok(Err(std::fs::TryLockError::Error(_))) | Err(_) => old(),
        };
        if !orphan {
            continue;
        }
        if std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Deletes every listed temporary file and returns the message to print: nothing was written,
/// or how many outputs were already in place. Keeps the registry locked (the returned guard) so
/// no new temporary file appears and no rename happens before the process exits.
fn clean_up() -> (MutexGuard<'static, Option<Registry>>, String) {
    let mut guard = lock();
    let reg = guard.get_or_insert_with(Registry::default);
    for p in reg.live.drain(..) {
        let _ = std::fs::remove_file(&p);
    }
    let msg = match reg.committed {
        0 => "masq: interrupted; nothing was written".to_string(),
        n => format!(
            "masq: interrupted; {n} output{} already in place, nothing else was written",
            if n == 1 { " was" } else { "s were" }
        ),
    };
    (guard, msg)
}

/// Installs the SIGINT/SIGTERM handler (a thread that waits for the signal, deletes every
/// listed temporary file, prints one line and exits with 128 + the signal number) and turns on
/// the stderr notice of swept stale files. A second signal while the first is handled ends the
/// process the default way. For the binary; call it once, before any work.
pub fn install() -> std::io::Result<()> {
    ANNOUNCE.store(true, Ordering::Relaxed);
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use std::sync::Arc;
        let handling = Arc::new(AtomicBool::new(false));
        for sig in [SIGINT, SIGTERM] {
            signal_hook::flag::register_conditional_default(sig, Arc::clone(&handling))?;
        }
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
        std::thread::Builder::new()
            .name("masq-interrupt".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    handling.store(true, Ordering::SeqCst);
                    let (_guard, msg) = clean_up();
                    eprintln!("{msg}");
                    std::process::exit(128 + sig);
                }
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        assert!(is_temp_name(".masq-aZ09xy.partial"));
        for n in [
            ".masq-aZ09x.partial",
            ".masq-aZ09xyz.partial",
            ".masq-aZ-9xy.partial",
            "masq-aZ09xy.partial",
            ".masq-aZ09xy.partial~",
            ".masq-aZ09xy.csv",
            "data.csv",
        ] {
            assert!(!is_temp_name(n), "{n}");
        }
    }
}
