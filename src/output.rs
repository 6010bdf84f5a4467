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
    let mut tmp = match temp_in(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            temp_in(dir)?
        }
        other => other?,
    };
    tmp.write_all(bytes)?;
    // On error the NamedTempFile is dropped, which deletes the temp file: nothing half-written
    // is left behind.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.txt")]);
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

    #[test]
    fn error_when_parent_is_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("blocker");
        std::fs::write(&blocker, "x").unwrap();
        assert!(write_atomic(&blocker.join("out.txt"), b"x").is_err());
    }
}
