//! Cleaning many files: one code path for `clean`, `check` and `check --diff`.
//!
//! Files are processed in parallel with rayon; each file's failure is recorded in its own
//! [`FileOutcome`] and the others still complete. The caller decides the exit status.

use crate::change::Change;
use crate::decode::DecodeError;
use crate::inputs::InputFile;
use crate::manifest::Manifest;
use crate::output::{write_atomic, write_atomic_new};
use crate::pipeline::Pipeline;
use rayon::prelude::*;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

/// What to do with the cleaned text.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Write it under this directory, mirroring input paths.
    Write {
        /// The output directory.
        out_dir: PathBuf,
    },
    /// Rewrite each changed input file itself (atomically), optionally keeping the original
    /// as `NAME.bak` beside it.
    InPlace {
        /// Keep a backup of each rewritten file.
        backup: bool,
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
    /// How many changes were made (also when `changes` was not kept).
    pub change_count: usize,
    /// Every change, in order; empty unless the run keeps them ([`Detail::Changes`]).
    pub changes: Vec<Change>,
    /// Unified diff, in check mode with `diff` on and a changed file.
    pub diff: Option<String>,
}

/// How much of each file's changes a run keeps until it ends.
///
/// A change list holds the text before and after every change, which over tens of thousands
/// of files is most of a run's memory; printing and the exit status only need the count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Only [`FileSummary::change_count`]; [`FileSummary::changes`] stays empty.
    Count,
    /// Every change (for a report or annotations).
    #[default]
    Changes,
}

/// How a batch runs, beyond what it does with each file ([`Mode`]).
#[derive(Clone, Copy, Debug)]
pub struct BatchOptions {
    /// How much of each file's changes to keep.
    pub detail: Detail,
    /// Files larger than this many bytes are cleaned as a stream ([`crate::stream`]), in
    /// bounded memory, instead of read whole (not with `check --diff`, which needs both texts).
    pub stream_over: u64,
    /// The size of a stream's sections.
    pub section_bytes: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            detail: Detail::Changes,
            stream_over: crate::stream::DEFAULT_STREAM_OVER,
            section_bytes: crate::stream::DEFAULT_SECTION_BYTES,
        }
    }
}

/// What happened to one file.
#[derive(Debug)]
pub enum Processed {
    /// Cleaned (written, or compared in check mode).
    Cleaned(FileSummary),
    /// Same content and configuration as in the manifest: not processed again.
    UpToDate,
    /// Not text (binary): skipped with a warning, nothing written.
    Skipped(String),
}

/// The outcome for one input file.
#[derive(Debug)]
pub struct FileOutcome {
    /// The input path.
    pub input: PathBuf,
    /// The output path (write mode).
    pub output: Option<PathBuf>,
    /// Hash of the input bytes, when they could be read (for the manifest).
    pub hash: Option<u64>,
    /// What happened, or why the file failed.
    pub result: Result<Processed, FileError>,
}

impl FileOutcome {
    /// The summary of a cleaned file.
    pub fn summary(&self) -> Option<&FileSummary> {
        match &self.result {
            Ok(Processed::Cleaned(s)) => Some(s),
            _ => None,
        }
    }
}

fn output_path(mode: &Mode, file: &InputFile) -> Option<PathBuf> {
    match mode {
        Mode::Write { out_dir } => Some(out_dir.join(&file.relative)),
        Mode::InPlace { .. } => Some(file.path.clone()),
        Mode::Check { .. } => None,
    }
}

/// What a batch computes once instead of once per file.
struct Shared<'a> {
    pipeline: &'a Pipeline,
    mode: &'a Mode,
    manifest: Option<&'a Manifest>,
    options: BatchOptions,
    /// The output directory made absolute, so that creating each temp file does not ask the
    /// working directory again (the temp-file crate does for a relative path).
    abs_out_dir: Option<PathBuf>,
    /// The output directory did not exist when the run started: every output is new, so it
    /// is written with [`write_atomic_new`] (falling back to a rename if one exists).
    new_tree: bool,
    /// Told how many more bytes of input are done (see [`process_files`]).
    progress: &'a (dyn Fn(u64) + Sync),
}

impl<'a> Shared<'a> {
    fn new(
        pipeline: &'a Pipeline,
        mode: &'a Mode,
        manifest: Option<&'a Manifest>,
        options: BatchOptions,
        progress: &'a (dyn Fn(u64) + Sync),
    ) -> Self {
        let abs_out_dir = match mode {
            Mode::Write { out_dir } => std::path::absolute(out_dir).ok(),
            _ => None,
        };
        let new_tree = match mode {
            Mode::Write { out_dir } => std::fs::symlink_metadata(out_dir)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound),
            _ => false,
        };
        Shared {
            pipeline,
            mode,
            manifest,
            options,
            abs_out_dir,
            new_tree,
            progress,
        }
    }
}

/// Clean one file according to `mode`; skip it when `manifest` says it is up to date.
pub fn process_file(
    pipeline: &Pipeline,
    file: &InputFile,
    mode: &Mode,
    manifest: Option<&Manifest>,
) -> FileOutcome {
    process_one(
        &Shared::new(pipeline, mode, manifest, BatchOptions::default(), &|_| {}),
        file,
        Streams::Now,
    )
    .expect("not deferred")
}

/// Whether [`process_one`] streams a large file now or leaves it for later.
#[derive(Clone, Copy, PartialEq)]
enum Streams {
    Now,
    /// Return `None` for a file to be cleaned as a stream: the caller is cleaning files in
    /// parallel on the thread pool that would clean its sections.
    Defer,
}

/// Clean one file; `None` when it is to be streamed and `streams` says to defer it.
fn process_one(shared: &Shared, file: &InputFile, streams: Streams) -> Option<FileOutcome> {
    let output = output_path(shared.mode, file);
    // Where to write: the output path, under the absolute output directory when known.
    let write_path = match &shared.abs_out_dir {
        Some(dir) => Some(dir.join(&file.relative)),
        None => output.clone(),
    };
    let written = match (&output, &write_path) {
        (Some(shown), Some(real)) => Some((shown.as_path(), real.as_path())),
        _ => None,
    };
    let mut hash = None;
    // The file's size, and how much of it a stream has reported as done.
    let (mut size, mut reported) = (0, 0);
    let result = (|| {
        // Opened and measured once: the size picks the path, then the same handle is read.
        let mut input = std::fs::File::open(&file.path).map_err(FileError::Read)?;
        size = input.metadata().map_err(FileError::Read)?.len();
        if size > shared.options.stream_over && !matches!(shared.mode, Mode::Check { diff: true }) {
            if streams == Streams::Defer {
                return Ok(None);
            }
            let streamed = stream_one(shared, file, &mut input, written, &mut hash, &mut reported)?;
            if let Some(processed) = streamed {
                return Ok(Some(processed));
            }
            // The stream went back to the whole-file path.
            input
                .seek(std::io::SeekFrom::Start(0))
                .map_err(FileError::Read)?;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Through `Take`, not `File::read_to_end`, which would ask the size again (a statx
        // and an lseek per file) for the capacity this already has.
        Read::by_ref(&mut input)
            .take(u64::MAX)
            .read_to_end(&mut bytes)
            .map_err(FileError::Read)?;
        let h = Manifest::hash_bytes(&bytes);
        hash = Some(h);
        if up_to_date(shared, file, output.as_deref(), h) {
            return Ok(Some(Processed::UpToDate));
        }
        process(shared.pipeline, &file.path, &bytes, written, shared).map(Some)
    })();
    let result = match result {
        Ok(None) => return None,
        Ok(Some(processed)) => Ok(processed),
        Err(e) => Err(e),
    };
    (shared.progress)(size.saturating_sub(reported));
    Some(FileOutcome {
        input: file.path.clone(),
        output,
        hash,
        result,
    })
}

/// Does the manifest hold this content (`hash`) for the file, with its output still there?
/// The output is only looked for when the manifest already matches.
fn up_to_date(shared: &Shared, file: &InputFile, output: Option<&Path>, hash: u64) -> bool {
    let key = file.path.display().to_string();
    shared.manifest.is_some_and(|m| m.is_up_to_date(&key, hash)) && output.is_none_or(Path::exists)
}

/// `output` is the output path as shown (in errors and reports) and the path written to.
fn process(
    pipeline: &Pipeline,
    input: &Path,
    bytes: &[u8],
    output: Option<(&Path, &Path)>,
    shared: &Shared,
) -> Result<Processed, FileError> {
    let (mode, detail) = (shared.mode, shared.options.detail);
    let cleaned = match pipeline.clean_bytes(bytes) {
        Err(DecodeError::Binary { offset }) => {
            return Ok(Processed::Skipped(format!(
                "skipped: looks binary (NUL byte at offset {offset}), not text"
            )))
        }
        other => other?,
    };
    let changed = cleaned.text.as_bytes() != bytes;
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FileError::Write { path, source }
    };
    match (mode, output) {
        (Mode::Write { .. }, Some((shown, path))) => {
            let write = match shared.new_tree {
                true => write_atomic_new,
                false => write_atomic,
            };
            write(path, cleaned.text.as_bytes()).map_err(write_error(shown))?
        }
        (Mode::InPlace { backup }, Some((shown, path))) if changed => {
            if *backup {
                let backup_path = backup_path(path);
                write_atomic(&backup_path, bytes).map_err(write_error(&backup_path))?;
            }
            write_atomic(path, cleaned.text.as_bytes()).map_err(write_error(shown))?
        }
        _ => {}
    }
    let diff = match mode {
        Mode::Check { diff: true } if changed => Some(unified_diff(
            &String::from_utf8_lossy(bytes),
            &cleaned.text,
            &input.display().to_string(),
        )),
        _ => None,
    };
    let change_count = cleaned.changes.len();
    let changes = match detail {
        Detail::Changes => cleaned.changes,
        Detail::Count => Vec::new(),
    };
    Ok(Processed::Cleaned(FileSummary {
        encoding: cleaned.encoding,
        changed,
        change_count,
        changes,
        diff,
    }))
}

/// A reader that reports each read to a progress callback, so that a large file shows its
/// progress as it streams.
struct Counted<'a, R> {
    inner: R,
    progress: &'a (dyn Fn(u64) + Sync),
    /// Bytes read so far.
    read: u64,
}

impl<'a, R> Counted<'a, R> {
    fn new(inner: R, progress: &'a (dyn Fn(u64) + Sync)) -> Self {
        Counted {
            inner,
            progress,
            read: 0,
        }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.progress)(n as u64);
        Ok(n)
    }
}

/// Clean one large file as a stream ([`crate::stream`]) from `input`; `written` is the
/// output path as shown and the path written to, as for [`process`]. `None` when the
/// stream goes back to the whole-file path (NUL bytes without a BOM, a dropped document);
/// nothing is written then.
fn stream_one(
    shared: &Shared,
    file: &InputFile,
    input: &mut std::fs::File,
    written: Option<(&Path, &Path)>,
    hash: &mut Option<u64>,
    reported: &mut u64,
) -> Result<Option<Processed>, FileError> {
    let sniffed = crate::stream::sniff(input, shared.pipeline.config()).map_err(FileError::Read)?;
    *hash = Some(sniffed.hash);
    if up_to_date(shared, file, written.map(|(shown, _)| shown), sniffed.hash) {
        return Ok(Some(Processed::UpToDate));
    }
    let options = crate::stream::StreamOptions {
        section_bytes: shared.options.section_bytes,
        keep_changes: shared.options.detail == Detail::Changes,
    };
    // Write errors name the output; without one (check mode) nothing is written.
    let shown = written.map_or(file.path.as_path(), |(shown, _)| shown);
    let stream_error = |e| match e {
        crate::stream::StreamError::Read(e) => FileError::Read(e),
        crate::stream::StreamError::Decode(e) => FileError::Decode(e),
        crate::stream::StreamError::Write(source) => FileError::Write {
            path: shown.to_path_buf(),
            source,
        },
    };
    // No BufReader: the stream reads in large blocks itself, and each is reported done.
    let mut streamed = |writer: &mut dyn std::io::Write| {
        let mut counted = Counted::new(&mut *input, shared.progress);
        let result =
            crate::stream::clean_stream(shared.pipeline, &sniffed, &mut counted, writer, &options)
                .map_err(stream_error);
        *reported += counted.read;
        result
    };
    let path = match (shared.mode, written) {
        (Mode::Check { .. }, _) | (_, None) => {
            return Ok(summary_of(streamed(&mut std::io::sink())?));
        }
        (_, Some((_, path))) => path,
    };
    let write_error = |source| FileError::Write {
        path: shown.to_path_buf(),
        source,
    };
    let tmp = crate::output::temp_beside(path).map_err(write_error)?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, tmp);
    let processed = summary_of(streamed(&mut writer)?);
    let tmp = writer
        .into_inner()
        .map_err(|e| write_error(e.into_error()))?;
    let keep = match (shared.mode, &processed) {
        (Mode::InPlace { .. }, Some(Processed::Cleaned(s))) => s.changed,
        (_, Some(_)) => true,
        (_, None) => false,
    };
    if keep {
        if let Mode::InPlace { backup: true } = shared.mode {
            let backup = backup_path(path);
            crate::output::copy_atomic(path, &backup).map_err(|source| FileError::Write {
                path: backup.clone(),
                source,
            })?;
        }
        tmp.persist(path).map_err(|e| write_error(e.error))?;
    }
    Ok(processed)
}

/// The file's summary, or `None` when the stream went back to the whole-file path.
fn summary_of(streamed: crate::stream::Streamed) -> Option<Processed> {
    match streamed {
        crate::stream::Streamed::Whole(_) => None,
        crate::stream::Streamed::Done(s) => Some(Processed::Cleaned(FileSummary {
            encoding: s.encoding,
            changed: s.changed,
            change_count: s.change_count,
            changes: s.changes,
            diff: None,
        })),
    }
}

/// Where `--backup` keeps the original of `path`: `NAME.bak` beside it.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// A unified diff between `before` and `after`, labelled with `name`.
pub fn unified_diff(before: &str, after: &str, name: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(name, &format!("{name} (cleaned)"))
        .to_string()
}

/// Process `files` in parallel (on the current rayon pool), in input order, keeping every
/// change. `progress` is told how many more bytes of input are done, for a progress bar: a
/// file's size once it is done, or, for a file cleaned as a stream, each block as it is
/// read. Over a run the counts add up to the sizes of the files (those it could measure).
pub fn process_files(
    pipeline: &Pipeline,
    files: &[InputFile],
    mode: &Mode,
    manifest: Option<&Manifest>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<FileOutcome> {
    process_files_detail(
        pipeline,
        files,
        mode,
        manifest,
        BatchOptions::default(),
        progress,
    )
}

/// [`process_files`], keeping as much of each file's changes as `options` say.
pub fn process_files_detail(
    pipeline: &Pipeline,
    files: &[InputFile],
    mode: &Mode,
    manifest: Option<&Manifest>,
    options: BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<FileOutcome> {
    let shared = Shared::new(pipeline, mode, manifest, options, progress);
    // Files to be streamed wait until the others are done, then go one at a time on this
    // thread: a stream cleans its sections on the pool, and a pool thread waiting for its
    // own stream's sections would hold up the pool (every thread of it, with as many
    // large files). One at a time, a stream has the whole pool and its memory stays bounded.
    let mut outcomes: Vec<Option<FileOutcome>> = files
        .par_iter()
        .map(|file| process_one(&shared, file, Streams::Defer))
        .collect();
    for (outcome, file) in outcomes.iter_mut().zip(files) {
        if outcome.is_none() {
            *outcome = process_one(&shared, file, Streams::Now);
        }
    }
    outcomes.into_iter().flatten().collect()
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
    /// Every change, with the 1-based input line of its record; empty unless the run keeps
    /// them ([`Detail::Changes`]).
    pub changes: Vec<(usize, Change)>,
}

/// Clean one JSONL file: in write mode to a temp file in the output directory that is renamed
/// into place when complete; in check mode to nowhere. `progress` is told of the bytes read
/// as they are read, as for [`process_files`].
pub fn process_jsonl_file(
    pipeline: &Pipeline,
    file: &InputFile,
    mode: &Mode,
    options: &crate::jsonl::JsonlOptions,
    detail: Detail,
    progress: &(dyn Fn(u64) + Sync),
) -> JsonlOutcome {
    let output = output_path(mode, file);
    // What is read is reported as it is read; what a failed run left unread, at the end.
    let (mut size, read) = (0, std::sync::atomic::AtomicU64::new(0));
    let count = |n| {
        read.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        progress(n);
    };
    let result = (|| {
        let input = std::fs::File::open(&file.path).map_err(FileError::Read)?;
        size = input.metadata().map_err(FileError::Read)?.len();
        let reader = std::io::BufReader::with_capacity(1 << 20, Counted::new(input, &count));
        let mut changes = Vec::new();
        let collect = |line: usize, cs: &[Change]| {
            if detail == Detail::Changes {
                changes.extend(cs.iter().cloned().map(|c| (line, c)));
            }
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
                tmp.persist(path).map_err(|e| write_err(e.error))?;
                stats
            }
            None => crate::jsonl::clean_jsonl(pipeline, reader, std::io::sink(), options, collect)
                .map_err(FileError::Read)?,
        };
        Ok(JsonlSummary { stats, changes })
    })();
    progress(size.saturating_sub(read.into_inner()));
    JsonlOutcome {
        input: file.path.clone(),
        output,
        result,
    }
}

/// Clean JSONL files one after the other (each is parallel inside, by record batches).
pub fn process_jsonl_files(
    pipeline: &Pipeline,
    files: &[InputFile],
    mode: &Mode,
    options: &crate::jsonl::JsonlOptions,
    detail: Detail,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<JsonlOutcome> {
    files
        .iter()
        .map(|file| process_jsonl_file(pipeline, file, mode, options, detail, progress))
        .collect()
}

/// [`process_files`] with an incremental manifest at `manifest_path`: files whose content
/// and configuration are unchanged since the last run are not processed again, and the
/// manifest is updated with every file that is clean now (written, or already clean in
/// check mode). A file that failed or still needs cleaning is processed next time.
pub fn process_files_with_manifest(
    pipeline: &Pipeline,
    files: &[InputFile],
    mode: &Mode,
    manifest_path: Option<&Path>,
    options: BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<FileOutcome>, crate::manifest::ManifestError> {
    let Some(manifest_path) = manifest_path else {
        return Ok(process_files_detail(
            pipeline, files, mode, None, options, progress,
        ));
    };
    let (mode_name, out_dir) = match mode {
        Mode::Write { out_dir } => ("write", out_dir.display().to_string()),
        Mode::InPlace { .. } => ("in-place", String::new()),
        Mode::Check { .. } => ("check", String::new()),
    };
    let config = serde_json::to_string(pipeline.config()).expect("a config always serializes");
    let config_hash =
        Manifest::hash_config(&[env!("CARGO_PKG_VERSION"), mode_name, &out_dir, &config]);
    let mut manifest = Manifest::load(manifest_path, config_hash)?;
    let outcomes = process_files_detail(pipeline, files, mode, Some(&manifest), options, progress);
    for o in &outcomes {
        let done = match &o.result {
            Ok(Processed::UpToDate) => true,
            Ok(Processed::Cleaned(s)) => !(matches!(mode, Mode::Check { .. }) && s.changed),
            _ => false,
        };
        if let (true, Some(hash)) = (done, o.hash) {
            manifest.record(&o.input.display().to_string(), hash);
        }
    }
    manifest.save(manifest_path)?;
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn count_detail_keeps_the_number_of_changes_but_not_the_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "\u{201c}Quoted\u{201d}  text\u{a0}here.\r\n\r\n\r\n").unwrap();
        let files = [InputFile {
            path,
            relative: PathBuf::from("a.txt"),
        }];
        let pipeline = Pipeline::new(Config::default()).unwrap();
        let mode = Mode::Check { diff: false };
        let run = |detail| {
            let options = BatchOptions {
                detail,
                ..Default::default()
            };
            let outcomes = process_files_detail(&pipeline, &files, &mode, None, options, &|_| {});
            match outcomes.into_iter().next().unwrap().result {
                Ok(Processed::Cleaned(s)) => s,
                other => panic!("{other:?}"),
            }
        };
        let all = run(Detail::Changes);
        let counted = run(Detail::Count);
        assert!(all.change_count > 1);
        assert_eq!(all.changes.len(), all.change_count);
        assert_eq!(counted.change_count, all.change_count);
        assert!(counted.changes.is_empty());
        assert!(counted.changed && all.changed);
    }

    /// The progress callback hears of every byte of every file exactly once: a file read
    /// whole when it is done, a streamed file block by block (so one large file moves a
    /// progress bar), a stream that goes back to the whole path (a dropped document) without
    /// counting its bytes twice, and a JSONL file as it is read.
    #[test]
    fn progress_counts_each_input_byte_once_and_streams_block_by_block() {
        let dir = tempfile::tempdir().unwrap();
        let sentence = "The council met on Tuesday and voted to rebuild the bridge.\n";
        let contents = [
            ("small.txt", "Itâ€™s done.\n".to_string()),
            ("streamed.txt", sentence.repeat(20_000)),
            (
                "dropped.txt",
                format!(
                    "{}Lorem ipsum dolor sit amet.\n{}",
                    sentence.repeat(10_000),
                    sentence.repeat(10_000)
                ),
            ),
        ];
        let mut files = Vec::new();
        for (name, text) in &contents {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            files.push(InputFile {
                path,
                relative: PathBuf::from(name),
            });
        }
        let total: usize = contents.iter().map(|(_, t)| t.len()).sum();
        let mut config = Config::default();
        config.boilerplate.enable.push("c4-lorem-ipsum".into());
        let pipeline = Pipeline::new(config).unwrap();
        let calls = std::sync::Mutex::new(Vec::new());
        let progress = |n| calls.lock().unwrap().push(n);
        let options = BatchOptions {
            stream_over: 64 << 10,
            ..Default::default()
        };
        let mode = Mode::Check { diff: false };
        let outcomes = process_files_detail(&pipeline, &files, &mode, None, options, &progress);
        assert!(outcomes.iter().all(|o| o.result.is_ok()), "{outcomes:?}");
        let calls = calls.into_inner().unwrap();
        assert_eq!(calls.iter().sum::<u64>(), total as u64, "{calls:?}");
        // 1.2 MB streamed in 256 KiB blocks: several calls before the file is done.
        assert!(calls.len() >= 3 + 4, "{calls:?}");

        let jsonl = dir.path().join("records.jsonl");
        let record = serde_json::json!({"text": sentence.repeat(20)}).to_string() + "\n";
        std::fs::write(&jsonl, record.repeat(3000)).unwrap();
        let file = InputFile {
            path: jsonl,
            relative: PathBuf::from("records.jsonl"),
        };
        let calls = std::sync::Mutex::new(Vec::new());
        let progress = |n| calls.lock().unwrap().push(n);
        let options = crate::jsonl::JsonlOptions::default();
        let outcomes = process_jsonl_files(
            &pipeline,
            &[file],
            &mode,
            &options,
            Detail::Count,
            &progress,
        );
        assert!(outcomes[0].result.is_ok());
        let calls = calls.into_inner().unwrap();
        assert_eq!(
            calls.iter().sum::<u64>(),
            (record.len() * 3000) as u64,
            "{calls:?}"
        );
        assert!(calls.len() >= 3, "{calls:?}");
    }
}
