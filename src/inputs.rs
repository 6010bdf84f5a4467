//! Finding input files: files given by name, and directories walked recursively for a glob.
//!
//! Each input gets a relative path under which its output is written, so that
//! `newsclean clean seeds -o OUT` turns `seeds/a/b.txt` into `OUT/a/b.txt`.

use globset::{Glob, GlobMatcher};
use std::path::{Path, PathBuf};

/// One input file and where its output goes relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Path to read.
    pub path: PathBuf,
    /// Path relative to the output directory.
    pub relative: PathBuf,
}

/// A problem found while collecting inputs (the rest of the run continues).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// Walking a directory failed (permission denied, symlink loop, ...).
    #[error("{path}: {message}")]
    Walk {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The `--glob` pattern is invalid.
    #[error("invalid glob {glob:?}: {message}")]
    Glob {
        /// The pattern.
        glob: String,
        /// What is wrong.
        message: String,
    },
}

/// Collect input files. Directories are walked recursively (symlinks not followed), keeping
/// files whose name relative to the directory matches `glob`; files named explicitly are
/// always taken. Anything under `exclude` (the output directory) is skipped, so an output
/// directory inside an input directory is never read back. Results are sorted per input.
pub fn collect_inputs(
    inputs: &[PathBuf],
    glob: &str,
    exclude: Option<&Path>,
) -> (Vec<InputFile>, Vec<InputError>) {
    let matcher = match Glob::new(glob) {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            return (
                Vec::new(),
                vec![InputError::Glob {
                    glob: glob.to_string(),
                    message: e.to_string(),
                }],
            )
        }
    };
    let exclude = exclude.and_then(|p| std::fs::canonicalize(p).ok());
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match std::fs::metadata(input) {
            Err(source) => errors.push(InputError::Io {
                path: input.clone(),
                source,
            }),
            Ok(meta) if meta.is_dir() => {
                walk_dir(input, &matcher, exclude.as_deref(), &mut files, &mut errors)
            }
            Ok(_) => files.push(InputFile {
                path: input.clone(),
                relative: input
                    .file_name()
                    .map(PathBuf::from)
                    .unwrap_or_else(|| input.clone()),
            }),
        }
    }
    (files, errors)
}

fn walk_dir(
    root: &Path,
    matcher: &GlobMatcher,
    exclude: Option<&Path>,
    files: &mut Vec<InputFile>,
    errors: &mut Vec<InputError>,
) {
    // Symlinks are not followed, so below the root an entry's canonical path is the canonical
    // root joined with its relative path: one canonicalize per root, not one per entry (each
    // costs a readlink per path component). The filter is only needed when the excluded
    // directory lies under this root.
    let exclude = exclude.and_then(|ex| {
        let canon_root = std::fs::canonicalize(root).ok()?;
        if canon_root.starts_with(ex) {
            // The whole root is inside the excluded directory.
            return Some(PathBuf::new());
        }
        let inside = ex.strip_prefix(&canon_root).ok()?;
        Some(inside.to_path_buf())
    });
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| match &exclude {
            Some(inside) => entry
                .path()
                .strip_prefix(root)
                .map_or(true, |rel| !rel.starts_with(inside)),
            None => true,
        });
    for entry in walker {
        match entry {
            Err(e) => errors.push(InputError::Walk {
                path: e.path().unwrap_or(root).to_path_buf(),
                message: e.to_string(),
            }),
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                if matcher.is_match(&relative)
                    || relative.file_name().is_some_and(|n| matcher.is_match(n))
                {
                    files.push(InputFile {
                        path: entry.path().to_path_buf(),
                        relative,
                    });
                }
            }
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_mirrors_and_excludes_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("top.txt"), "x").unwrap();
        std::fs::write(root.join("a/b/deep.txt"), "x").unwrap();
        std::fs::write(root.join("a/skip.md"), "x").unwrap();
        std::fs::write(root.join("out/old.txt"), "x").unwrap();
        let (files, errors) =
            collect_inputs(&[root.to_path_buf()], "*.txt", Some(&root.join("out")));
        assert!(errors.is_empty());
        let rel: Vec<_> = files.iter().map(|f| f.relative.clone()).collect();
        assert_eq!(
            rel,
            vec![PathBuf::from("a/b/deep.txt"), PathBuf::from("top.txt")]
        );
    }

    #[test]
    fn excludes_output_reached_through_a_symlinked_root_and_a_root_inside_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        std::fs::create_dir_all(root.join("out/deep")).unwrap();
        std::fs::create_dir_all(root.join("keep")).unwrap();
        std::fs::write(root.join("out/deep/old.txt"), "x").unwrap();
        std::fs::write(root.join("keep/new.txt"), "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        // Walked through the symlink, excluded by its real path.
        let (files, errors) = collect_inputs(
            std::slice::from_ref(&link),
            "*.txt",
            Some(&root.join("out")),
        );
        assert!(errors.is_empty());
        let rel: Vec<_> = files.iter().map(|f| f.relative.clone()).collect();
        assert_eq!(rel, vec![PathBuf::from("keep/new.txt")]);
        // A root that is itself inside the excluded directory yields nothing.
        let (files, _) = collect_inputs(&[link.join("out/deep")], "*.txt", Some(&root.join("out")));
        assert!(files.is_empty());
        // Excluding a directory elsewhere keeps everything.
        let (files, _) = collect_inputs(std::slice::from_ref(&root), "*.txt", Some(dir.path()));
        assert!(files.is_empty(), "the root is inside the excluded temp dir");
        let other = tempfile::tempdir().unwrap();
        let (files, _) = collect_inputs(&[root], "*.txt", Some(other.path()));
        assert_eq!(files.len(), 2);
    }

    #[test]
    fn missing_input_is_an_error_naming_it() {
        let (files, errors) = collect_inputs(&[PathBuf::from("/no/such/dir")], "*.txt", None);
        assert!(files.is_empty());
        assert!(errors[0].to_string().contains("/no/such/dir"));
    }
}
