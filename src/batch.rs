//! Cleaning many files: one code path for `clean`, `check` and `check --diff`.
//!
//! Files are processed in parallel with rayon; each file's failure is recorded in its own
//! [`FileOutcome`] and the others still complete. The caller decides the exit status.

use crate::change::Change;
use crate::decode::DecodeError;
use crate::inputs::InputFile;
use crate::output::write_atomic;
use crate::pipeline::Pipeline;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What to do with the cleaned text.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Write it under this directory, mirroring input paths.
    Write {
        /// The output directory.
        out_dir: PathBuf,
    },
    /// Write nothing; report whether the file would change.
    Check {
        /// Also produce a unified diff of each changed file.
        diff: bool,
    },
}

/// Why one file failed.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading the input failed.
    #[error("cannot read: {0}")]
    Read(std::io::Error),
    /// The bytes could not be decoded.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// Writing the output failed (nothing partial is left behind).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}

/// What happened to one file that was cleaned.
#[derive(Debug)]
pub struct FileSummary {
    /// Encoding the input was decoded from.
    pub encoding: Option<&'static str>,
    /// Whether the clean bytes differ from the input bytes.
    pub changed: bool,
    /// Every change, in order.
    pub changes: Vec<Change>,
    /// Unified diff, in check mode with `diff` on and a changed file.
    pub diff: Option<String>,
}

/// The outcome for one input file.
#[derive(Debug)]
pub struct FileOutcome {
    /// The input path.
    pub input: PathBuf,
    /// The output path (write mode).
    pub output: Option<PathBuf>,
    /// The summary, or why the file failed.
    pub result: Result<FileSummary, FileError>,
}

/// Clean one file according to `mode`.
pub fn process_file(pipeline: &Pipeline, file: &InputFile, mode: &Mode) -> FileOutcome {
    let output = match mode {
        Mode::Write { out_dir } => Some(out_dir.join(&file.relative)),
        Mode::Check { .. } => None,
    };
    let result = process(pipeline, &file.path, output.as_deref(), mode);
    FileOutcome {
        input: file.path.clone(),
        output,
        result,
    }
}

fn process(
    pipeline: &Pipeline,
    input: &Path,
    output: Option<&Path>,
    mode: &Mode,
) -> Result<FileSummary, FileError> {
    let bytes = std::fs::read(input).map_err(FileError::Read)?;
    let cleaned = pipeline.clean_bytes(&bytes)?;
    let changed = cleaned.text.as_bytes() != bytes.as_slice();
    if let Some(path) = output {
        write_atomic(path, cleaned.text.as_bytes()).map_err(|source| FileError::Write {
            path: path.to_path_buf(),
            source,
        })?;
    }
    let diff = match mode {
        Mode::Check { diff: true } if changed => Some(unified_diff(
            &String::from_utf8_lossy(&bytes),
            &cleaned.text,
            &input.display().to_string(),
        )),
        _ => None,
    };
    Ok(FileSummary {
        encoding: cleaned.encoding,
        changed,
        changes: cleaned.changes,
        diff,
    })
}

/// A unified diff between `before` and `after`, labelled with `name`.
pub fn unified_diff(before: &str, after: &str, name: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(name, &format!("{name} (cleaned)"))
        .to_string()
}

/// Process `files` in parallel (on the current rayon pool), in input order.
/// `on_done` is called after each file (for a progress bar).
pub fn process_files(
    pipeline: &Pipeline,
    files: &[InputFile],
    mode: &Mode,
    on_done: &(dyn Fn() + Sync),
) -> Vec<FileOutcome> {
    files
        .par_iter()
        .map(|file| {
            let outcome = process_file(pipeline, file, mode);
            on_done();
            outcome
        })
        .collect()
}

/// The outcome of cleaning one JSON Lines file.
#[derive(Debug)]
pub struct JsonlOutcome {
    /// The input path (`-` for stdin).
    pub input: PathBuf,
    /// The output path, when written to a directory.
    pub output: Option<PathBuf>,
    /// Totals and per-record problems, or why the file failed.
    pub result: Result<JsonlSummary, FileError>,
}

/// Totals of one JSONL file.
#[derive(Debug, Default)]
pub struct JsonlSummary {
    /// Records, changed records, warnings.
    pub stats: crate::jsonl::JsonlStats,
    /// Every change, with the 1-based input line of its record.
    pub changes: Vec<(usize, Change)>,
}

/// Clean one JSONL file: in write mode to a temp file in the output directory that is renamed
/// into place when complete; in check mode to nowhere.
pub fn process_jsonl_file(
    pipeline: &Pipeline,
    file: &InputFile,
    mode: &Mode,
    options: &crate::jsonl::JsonlOptions,
) -> JsonlOutcome {
    let output = match mode {
        Mode::Write { out_dir } => Some(out_dir.join(&file.relative)),
        Mode::Check { .. } => None,
    };
    let result = (|| {
        let reader = std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(&file.path).map_err(FileError::Read)?,
        );
        let mut changes = Vec::new();
        let collect = |line: usize, cs: &[Change]| {
            changes.extend(cs.iter().cloned().map(|c| (line, c)));
        };
        let stats = match &output {
            Some(path) => {
                let write_err = |source| FileError::Write {
                    path: path.clone(),
                    source,
                };
                let dir = path.parent().unwrap_or(Path::new("."));
                std::fs::create_dir_all(dir).map_err(write_err)?;
                let tmp = tempfile::Builder::new()
                    .prefix(".newsclean-")
                    .suffix(".tmp")
                    .tempfile_in(dir)
                    .map_err(write_err)?;
                let mut writer = std::io::BufWriter::with_capacity(1 << 20, tmp);
                let stats =
                    crate::jsonl::clean_jsonl(pipeline, reader, &mut writer, options, collect)
                        .map_err(FileError::Read)?;
                let tmp = writer.into_inner().map_err(|e| write_err(e.into_error()))?;
                tmp.as_file().sync_data().map_err(write_err)?;
                tmp.persist(path).map_err(|e| write_err(e.error))?;
                stats
            }
            None => crate::jsonl::clean_jsonl(pipeline, reader, std::io::sink(), options, collect)
                .map_err(FileError::Read)?,
        };
        Ok(JsonlSummary { stats, changes })
    })();
    JsonlOutcome {
        input: file.path.clone(),
        output,
        result,
    }
}
