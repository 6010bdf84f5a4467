//! Stage 5: write output files atomically.
//!
//! Every file is written to a hidden temporary file in the destination directory and then
//! renamed over the destination, so a reader (or a run killed half-way) sees either the old
//! file, no file, or the whole new file; never a partial one. Temp names start with
//! `.newsclean-` and end in `.tmp`, so they never look like an output file.
//!
//! Files are not fsync'd: the rename makes them atomic against a killed or failing process,
//! which is what a batch run needs; syncing every file would cost more than cleaning it.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically, creating parent directories as needed.
///
/// The directory is assumed to exist: creating the temp file is tried first, and only when
/// that fails because the directory is missing is it created (then the temp file is created
/// again). Writing a tree therefore costs one failed open per new directory instead of a
/// `mkdir` and a `stat` per file. A relative `path` makes the temp-file crate ask for the
/// working directory on every call; give an absolute one when writing many files.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a/b/out.txt");
/// newsclean::output::write_atomic(&path, b"clean\n").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"clean\n");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)?;
    // On error the NamedTempFile is dropped, which deletes the temp file: nothing half-written
    // is left behind.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temp file beside `path` (in its directory, created if missing), to be persisted over
/// `path` when complete: what [`write_atomic`] writes through, for output written in pieces.
pub fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp_in = |dir: &Path| {
        tempfile::Builder::new()
            .prefix(".newsclean-")
            .suffix(".tmp")
            .tempfile_in(dir)
    };
    match temp_in(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            temp_in(dir)
        }
        other => other,
    }
}

/// Copy `from` to `to` atomically (through a temp file beside `to`).
pub fn copy_atomic(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut tmp = temp_beside(to)?;
    std::io::copy(&mut std::fs::File::open(from)?, &mut tmp)?;
    tmp.persist(to).map_err(|e| e.error)?;
    Ok(())
}

/// [`write_atomic`] for a `path` that is expected not to exist yet (an output tree this run
/// creates). On Linux the bytes go to an unnamed file (`O_TMPFILE`) in the destination
/// directory that is then linked under its name: the file appears whole or not at all, like
/// a rename, but the directory is changed once instead of three times (temp entry added, then
/// renamed and removed), and a killed run leaves no temp file behind. When the path exists
/// after all, or the file system has no `O_TMPFILE`, this falls back to [`write_atomic`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a/new.txt");
/// newsclean::output::write_atomic_new(&path, b"one\n").unwrap();
/// newsclean::output::write_atomic_new(&path, b"two\n").unwrap(); // exists: replaced
/// assert_eq!(std::fs::read(&path).unwrap(), b"two\n");
/// ```
pub fn write_atomic_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if linux::write_unnamed_then_link(path, bytes)? {
        return Ok(());
    }
    write_atomic(path, bytes)
}

#[cfg(target_os = "linux")]
mod linux {
    use rustix::fs::{linkat, open, AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::path::Path;

    /// `Ok(true)` when written and linked; `Ok(false)` when the caller should fall back to
    /// temp file + rename (no `O_TMPFILE` here, no `/proc`, or `path` exists). An error
    /// writing the bytes is returned: the unnamed file vanishes when closed.
    pub(super) fn write_unnamed_then_link(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let flags = OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC;
        // Same permissions as the temp-file crate gives a named temp file.
        let mode = Mode::RUSR | Mode::WUSR;
        let fd = match open(dir, flags, mode) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => {
                std::fs::create_dir_all(dir)?;
                match open(dir, flags, mode) {
                    Ok(fd) => fd,
                    Err(_) => return Ok(false),
                }
            }
            // EOPNOTSUPP, EISDIR (kernels without O_TMPFILE), ...: the fallback reports any
            // real problem with the directory, naming it.
            Err(_) => return Ok(false),
        };
        let mut file = std::fs::File::from(fd);
        file.write_all(bytes)?;
        let unnamed = format!("/proc/self/fd/{}", file.as_raw_fd());
        Ok(linkat(CWD, unnamed.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_existing_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old contents that are longer\n").unwrap();
        write_atomic(&path, b"new\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert_eq!(names_in(dir.path()), ["out.txt"]);
    }

    #[test]
    fn creates_missing_directories_and_writes_into_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a/b/c/one.txt", "a/b/c/two.txt", "a/three.txt"] {
            write_atomic(&dir.path().join(name), name.as_bytes()).unwrap();
        }
        for name in ["a/b/c/one.txt", "a/b/c/two.txt", "a/three.txt"] {
            assert_eq!(
                std::fs::read(dir.path().join(name)).unwrap(),
                name.as_bytes()
            );
        }
    }

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn new_file_is_written_whole_with_the_temp_files_permissions_and_no_temp_left() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("sub/new.txt");
        write_atomic_new(&new, b"new\n").unwrap();
        let old = dir.path().join("sub/old.txt");
        write_atomic(&old, b"old\n").unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"new\n");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), mode(&old));
        assert_eq!(names_in(&dir.path().join("sub")), ["new.txt", "old.txt"]);
    }

    #[test]
    fn new_file_that_exists_after_all_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old contents that are longer\n").unwrap();
        write_atomic_new(&path, b"new\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert_eq!(names_in(dir.path()), ["out.txt"]);
    }

    #[test]
    fn new_file_under_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("blocker");
        std::fs::write(&blocker, "x").unwrap();
        assert!(write_atomic_new(&blocker.join("out.txt"), b"x").is_err());
    }

    #[test]
    fn error_when_parent_is_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("blocker");
        std::fs::write(&blocker, "x").unwrap();
        assert!(write_atomic(&blocker.join("out.txt"), b"x").is_err());
    }
}
