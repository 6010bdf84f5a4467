//! The `newsclean` command: parses arguments, runs the library, prints, maps the exit code.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use newsclean::batch::{self, Detail, FileOutcome, JsonlOutcome, Mode, Processed};
use newsclean::boilerplate::eval::evaluate_dir;
use newsclean::boilerplate::{BoilerplateRemover, Preset};
use newsclean::inputs::{collect_inputs, InputFile};
use newsclean::jsonl::{clean_jsonl, JsonlOptions};
use newsclean::report::{Report, Summary};
use newsclean::spool::{clean_spooled, SpoolError, Spooled};
use newsclean::{Config, Pipeline, Record, Stage};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit statuses, as in rustfmt and ruff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Done, or `check` found nothing to change.
    Success = 0,
    /// `check` found files that would change.
    ChangesFound = 1,
    /// Something failed (the run still processed every other file).
    Error = 2,
}

const EXAMPLES: &str = "\
Examples:
  newsclean clean seeds -o OUT              clean every *.txt under seeds/ into OUT/
  newsclean clean < in.txt > out.txt        stdin to stdout
  newsclean check seeds --diff              exit 1 and show diffs if anything would change
  newsclean explain seeds/a.txt             every change, with stage, rule and line
  newsclean rules --preset strict           list the boilerplate rules
  newsclean eval-boilerplate fixtures/boilerplate   precision and recall per rule
  newsclean clean --jsonl --field body < in.jsonl > out.jsonl
  newsclean clean --only mojibake < in.txt  only repair encoding damage
  newsclean clean seeds -o OUT --report report.json --config newsclean.toml";

#[derive(Parser, Debug)]
#[command(name = "newsclean", version, about = "Clean scraped news text: decode, repair mojibake, normalize, remove boilerplate.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean files into an output directory, or stdin to stdout.
    #[command(after_help = EXAMPLES)]
    Clean {
        /// Files and directories (walked recursively); none or `-` reads stdin.
        inputs: Vec<PathBuf>,
        /// Output directory; the input tree is mirrored under it.
        #[arg(short, long, value_name = "OUTDIR")]
        output: Option<PathBuf>,
        /// Rewrite the input files themselves (atomically; only files that change).
        #[arg(long, conflicts_with = "output")]
        in_place: bool,
        /// With --in-place: keep each original as NAME.bak.
        #[arg(long, requires = "in_place")]
        backup: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Write nothing; exit 1 if any file would change, 0 if all are clean.
    #[command(after_help = EXAMPLES)]
    Check {
        /// Files and directories (walked recursively); none or `-` reads stdin.
        inputs: Vec<PathBuf>,
        /// Print a unified diff of each file that would change.
        #[arg(long)]
        diff: bool,
        /// Output format: text, github (Actions annotations) or json (the report).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Show every change for a file, in order: stage, rule, line, before and after.
    Explain {
        /// The file (`-` for stdin).
        file: PathBuf,
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
    /// List the boilerplate rules (name, kind, origin, why) so you can pick what to disable.
    Rules {
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
    /// Measure boilerplate precision and recall on a labelled directory, per rule and overall.
    EvalBoilerplate {
        /// Directory of labelled articles (see fixtures/boilerplate/README.md).
        dir: PathBuf,
        #[command(flatten)]
        pipeline: PipelineArgs,
    },
}

/// How `check` prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `would change: PATH` lines (and diffs with --diff).
    Text,
    /// GitHub Actions `::warning file=...,line=...::` annotations.
    Github,
    /// The JSON report on stdout.
    Json,
}

#[derive(Args, Debug)]
struct CommonArgs {
    /// Glob for files inside directories [default: *.txt, or *.jsonl with --jsonl].
    #[arg(long)]
    glob: Option<String>,
    /// Write a JSON report of every change to this file.
    #[arg(long, value_name = "FILE.json")]
    report: Option<PathBuf>,
    /// Input is JSON Lines: clean one field of each record.
    #[arg(long)]
    jsonl: bool,
    /// The JSONL field to clean.
    #[arg(long, default_value = "text", requires = "jsonl")]
    field: String,
    /// Worker threads [default: all cores].
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// Remember input hashes here; a re-run only processes new or changed files.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Clean files (and stdin) larger than this in sections, in bounded memory, with the same
    /// result (bytes, or with a K, M or G suffix) [default: 64M].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    stream_over: Option<u64>,
    #[command(flatten)]
    pipeline: PipelineArgs,
}

#[derive(Args, Debug)]
struct PipelineArgs {
    /// TOML config file (stages, normalize options, boilerplate rules).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these stages (comma list of decode, mojibake, normalize, boilerplate).
    #[arg(long, value_delimiter = ',', conflicts_with = "skip")]
    only: Vec<String>,
    /// Skip these stages (comma list).
    #[arg(long, value_delimiter = ',')]
    skip: Vec<String>,
    /// Replace undecodable bytes with U+FFFD (recorded) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Decode input as this encoding instead of detecting it (e.g. windows-1252).
    #[arg(long)]
    encoding: Option<String>,
    /// Boilerplate rule preset: news (default, high precision), strict, or none.
    #[arg(long, value_parser = ["news", "strict", "none"])]
    preset: Option<String>,
}

/// A size in bytes: `4096`, `64K`, `64M`, `2G` (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("unknown size unit {unit:?} (use K, M or G)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("not a size: {s:?} (e.g. 64M)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("size too large: {s:?}"))
}

impl CommonArgs {
    /// JSONL options from the shared flags; `record` says whether anything reads the
    /// changes.
    fn jsonl_options(&self, record: Record) -> JsonlOptions {
        JsonlOptions {
            field: self.field.clone(),
            record,
            ..Default::default()
        }
    }

    /// `--stream-over`, or its default.
    fn stream_over(&self) -> u64 {
        self.stream_over
            .unwrap_or(newsclean::stream::DEFAULT_STREAM_OVER)
    }
}

impl PipelineArgs {
    fn config(&self, jsonl: bool) -> Result<Config> {
        let mut config = match &self.config {
            Some(path) => Config::from_file(path)?,
            None => Config::default(),
        };
        let parse = |names: &[String]| -> Result<Vec<Stage>> {
            names
                .iter()
                .map(|n| {
                    Stage::from_name(n.trim()).with_context(|| {
                        format!("unknown stage {n:?} (expected decode, mojibake, normalize, boilerplate)")
                    })
                })
                .collect()
        };
        if !self.only.is_empty() {
            let only = parse(&self.only)?;
            for stage in Stage::ALL {
                config.stages.set(stage, only.contains(&stage));
            }
        }
        for stage in parse(&self.skip)? {
            config.stages.set(stage, false);
        }
        if self.lossy {
            config.decode.lossy = true;
        }
        if let Some(enc) = &self.encoding {
            config.decode.encoding = Some(enc.clone());
        }
        if let Some(preset) = self.preset.as_deref().and_then(Preset::from_name) {
            config.boilerplate.preset = preset;
        }
        if jsonl {
            // A field is a piece of text, not a file: it gets no final newline.
            config.normalize.final_newline = false;
        }
        Ok(config)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match run(cli) {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => Status::Success,
        Err(err) => {
            eprintln!("error: {err:#}");
            Status::Error
        }
    };
    ExitCode::from(status as u8)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<Status> {
    match cli.command {
        Command::Clean {
            inputs,
            output,
            in_place,
            backup,
            common,
        } => {
            if is_stdin(&inputs) {
                return with_pipeline(&common, |p| clean_stdin(p, &common));
            }
            let mode = if in_place {
                Mode::InPlace { backup }
            } else {
                let Some(out_dir) = output else {
                    bail!("clean needs -o OUTDIR (or --in-place) when given files; with no INPUT it reads stdin");
                };
                refuse_same_dir(&inputs, &out_dir)?;
                Mode::Write { out_dir }
            };
            with_pipeline(&common, |p| {
                run_batch(p, &inputs, mode, &common, Format::Text)
            })
        }
        Command::Check {
            inputs,
            diff,
            format,
            common,
        } => {
            if is_stdin(&inputs) {
                return with_pipeline(&common, |p| check_stdin(p, &common, diff));
            }
            with_pipeline(&common, |p| {
                run_batch(p, &inputs, Mode::Check { diff }, &common, format)
            })
        }
        Command::Explain { file, pipeline } => explain(&file, &pipeline),
        Command::Rules { pipeline } => {
            let config = pipeline.config(false)?;
            let remover = BoilerplateRemover::new(&config.boilerplate)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{:<28} {:<14} {:<6} WHY", "NAME", "KIND", "FROM")?;
            for rule in remover.rules() {
                writeln!(out, "{rule}")?;
            }
            Ok(Status::Success)
        }
        Command::EvalBoilerplate { dir, pipeline } => {
            let config = pipeline.config(false)?;
            let remover = BoilerplateRemover::new(&config.boilerplate)?;
            let report = evaluate_dir(&remover, &dir)?;
            print!("{report}");
            Ok(Status::Success)
        }
    }
}

/// Build the pipeline (and the thread pool) from the shared options, then run `f`.
fn with_pipeline(
    common: &CommonArgs,
    f: impl FnOnce(&Pipeline) -> Result<Status>,
) -> Result<Status> {
    let config = common.pipeline.config(common.jsonl)?;
    if let Some(jobs) = common.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot configure the thread pool")?;
    }
    // Never dropped: freeing the compiled rules one by one costs more than a millisecond
    // at exit (about 13 M instructions), and the process ends right after.
    let pipeline = std::mem::ManuallyDrop::new(Pipeline::new(config)?);
    f(&pipeline)
}

fn is_stdin(inputs: &[PathBuf]) -> bool {
    inputs.is_empty() || (inputs.len() == 1 && inputs[0] == Path::new("-"))
}

fn refuse_same_dir(inputs: &[PathBuf], out_dir: &Path) -> Result<()> {
    let Ok(out) = std::fs::canonicalize(out_dir) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == out) {
            bail!(
                "output directory {} is the input directory: use --in-place to rewrite inputs",
                out_dir.display()
            );
        }
    }
    Ok(())
}

fn run_batch(
    pipeline: &Pipeline,
    inputs: &[PathBuf],
    mode: Mode,
    common: &CommonArgs,
    format: Format,
) -> Result<Status> {
    let default_glob = if common.jsonl { "*.jsonl" } else { "*.txt" };
    let glob = common.glob.as_deref().unwrap_or(default_glob);
    let exclude = match &mode {
        Mode::Write { out_dir } => Some(out_dir.as_path()),
        _ => None,
    };
    let (files, input_errors) = collect_inputs(inputs, glob, exclude);
    for err in &input_errors {
        eprintln!("error: {err}");
    }
    let mode_name = match mode {
        Mode::Check { .. } => "check",
        _ => "clean",
    };
    // Change lists are kept only for what prints or writes them; otherwise counts.
    let wants_report = common.report.is_some() || format == Format::Json;
    let detail = if wants_report || format == Format::Github {
        Detail::Changes
    } else {
        Detail::Count
    };
    let progress = Progress::new(&files, common.quiet);
    let tick = |bytes| progress.add(bytes);

    let (errors, changed, report) = if common.jsonl {
        let options = common.jsonl_options(match detail {
            Detail::Changes => Record::Changes,
            Detail::Count => Record::TextOnly,
        });
        let outcomes = batch::process_jsonl_files(pipeline, &files, &mode, &options, detail, &tick);
        progress.finish();
        print_jsonl_outcomes(&outcomes, &mode, common.quiet)?;
        let errors = outcomes.iter().filter(|o| o.result.is_err()).count();
        let changed = outcomes
            .iter()
            .filter(|o| o.result.as_ref().is_ok_and(|s| s.stats.changed > 0))
            .count();
        let report = match &common.report {
            Some(_) => Some(serde_json::to_vec_pretty(&Report::from_jsonl_outcomes(
                mode_name, &outcomes,
            ))?),
            None => None,
        };
        (errors, changed, report)
    } else {
        let outcomes = batch::process_files_with_manifest(
            pipeline,
            &files,
            &mode,
            common.manifest.as_deref(),
            batch::BatchOptions {
                detail,
                stream_over: common.stream_over(),
                ..Default::default()
            },
            &tick,
        )?;
        progress.finish();
        print_outcomes(&outcomes, &mode, common.quiet, format)?;
        let summary = Summary::of_outcomes(&outcomes);
        let report = match wants_report {
            true => Some(Report::from_outcomes(mode_name, &outcomes)),
            false => None,
        };
        drop(outcomes);
        if let (Format::Json, Some(report)) = (format, &report) {
            let mut stdout = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut stdout, report)?;
            writeln!(stdout)?;
        }
        if !common.quiet && summary.up_to_date > 0 {
            eprintln!(
                "{} file(s) up to date according to {}, not processed again",
                summary.up_to_date,
                common
                    .manifest
                    .as_deref()
                    .unwrap_or(Path::new(""))
                    .display()
            );
        }
        // Serialized straight from the report (no intermediate JSON value: that would be a
        // second copy of it).
        let report = match (&common.report, report) {
            (Some(_), Some(report)) => Some(serde_json::to_vec_pretty(&report)?),
            _ => None,
        };
        (summary.errors, summary.changed, report)
    };
    if let (Some(path), Some(mut json)) = (&common.report, report) {
        json.push(b'\n');
        newsclean::output::write_atomic(path, &json)
            .with_context(|| format!("cannot write report {}", path.display()))?;
    }
    let errors = errors + input_errors.len();
    if !common.quiet {
        let verb = match mode {
            Mode::Check { .. } => "would change",
            _ => "changed",
        };
        eprintln!(
            "{} file(s): {changed} {verb}, {errors} error(s)",
            files.len()
        );
    }
    Ok(if errors > 0 {
        Status::Error
    } else if matches!(mode, Mode::Check { .. }) && changed > 0 {
        Status::ChangesFound
    } else {
        Status::Success
    })
}

/// A progress bar on stderr in bytes of input, with the rate and the time left: only when
/// stderr is a terminal, not `--quiet`, and the run has lasted over a second (a short run
/// prints no bar at all). A file counts once it is done, and a file cleaned as a stream
/// block by block, so one large file moves the bar too. The files are measured (a `stat`
/// each) only for a bar.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    const DELAY: std::time::Duration = std::time::Duration::from_secs(1);
    const TEMPLATE: &str =
        "{wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}, {eta} left";

    fn new(files: &[InputFile], quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let total = files
                .iter()
                .filter_map(|f| std::fs::metadata(&f.path).ok())
                .map(|m| m.len())
                .sum();
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(Self::TEMPLATE) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: std::time::Instant::now(),
            shown: false.into(),
        }
    }

    /// `bytes` more of the input are done.
    fn add(&self, bytes: u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(bar) = &self.bar else { return };
        bar.inc(bytes);
        if !self.shown.load(Relaxed)
            && self.started.elapsed() >= Self::DELAY
            && !self.shown.swap(true, Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// GitHub Actions annotations are capped per file so one badly damaged file cannot flood a run.
const MAX_ANNOTATIONS_PER_FILE: usize = 20;

fn print_outcomes(
    outcomes: &[FileOutcome],
    mode: &Mode,
    quiet: bool,
    format: Format,
) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    for o in outcomes {
        let input = o.input.display();
        match &o.result {
            Err(e) => eprintln!("error: {input}: {e}"),
            Ok(Processed::Skipped(reason)) => eprintln!("warning: {input}: {reason}"),
            Ok(Processed::UpToDate) => {}
            Ok(Processed::Cleaned(s)) if s.changed => match (mode, format) {
                (Mode::Check { .. }, Format::Text) => {
                    writeln!(stdout, "would change: {input}")?;
                    if let Some(diff) = &s.diff {
                        write!(stdout, "{diff}")?;
                    }
                }
                (Mode::Check { .. }, Format::Github) => {
                    for c in s.changes.iter().take(MAX_ANNOTATIONS_PER_FILE) {
                        writeln!(
                            stdout,
                            "::warning file={input},line={},title=newsclean {}/{}::{}",
                            c.line,
                            c.stage,
                            c.rule,
                            github_escape(&newsclean::explain::format_change(c))
                        )?;
                    }
                    if s.change_count > MAX_ANNOTATIONS_PER_FILE || s.change_count == 0 {
                        writeln!(
                            stdout,
                            "::warning file={input}::newsclean would change this file ({} changes in all)",
                            s.change_count
                        )?;
                    }
                }
                (Mode::Check { .. }, Format::Json) => {}
                _ if !quiet => writeln!(
                    stdout,
                    "cleaned: {input} -> {} ({} changes)",
                    o.output.as_deref().unwrap_or(&o.input).display(),
                    s.change_count
                )?,
                _ => {}
            },
            Ok(Processed::Cleaned(_)) => {}
        }
    }
    Ok(())
}

/// Escape a message for a GitHub Actions workflow command.
fn github_escape(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn print_jsonl_outcomes(outcomes: &[JsonlOutcome], mode: &Mode, quiet: bool) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    for o in outcomes {
        match &o.result {
            Err(e) => eprintln!("error: {}: {e}", o.input.display()),
            Ok(s) => {
                for w in &s.stats.warnings {
                    eprintln!("warning: {}:{}: {}", o.input.display(), w.line, w.message);
                }
                let check = matches!(mode, Mode::Check { .. });
                if s.stats.changed > 0 && (check || !quiet) {
                    writeln!(
                        stdout,
                        "{}: {} {} of {} records",
                        o.input.display(),
                        if check { "would change" } else { "changed" },
                        s.stats.changed,
                        s.stats.records
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    Ok(bytes)
}

/// Buffer size for JSONL on stdin and stdout: one thread reads and writes for all the
/// cleaning threads, so fewer, larger system calls keep it ahead of them.
const STDIO_BUFFER: usize = 1 << 20;

fn clean_stdin(pipeline: &Pipeline, common: &CommonArgs) -> Result<Status> {
    let mut stdout = std::io::BufWriter::with_capacity(STDIO_BUFFER, std::io::stdout().lock());
    if common.jsonl {
        let options = common.jsonl_options(Record::TextOnly);
        let stdin = std::io::BufReader::with_capacity(STDIO_BUFFER, std::io::stdin().lock());
        let stats = clean_jsonl(pipeline, stdin, &mut stdout, &options, |_, _| {})?;
        for w in &stats.warnings {
            eprintln!("warning: <stdin>:{}: {}", w.line, w.message);
        }
        return Ok(Status::Success);
    }
    let bytes = match spool_stdin(pipeline, common, Some(&mut stdout))? {
        Spooled::Streamed(_) => return Ok(Status::Success),
        Spooled::Whole(bytes) => bytes,
    };
    let cleaned = pipeline
        .clean_bytes_with(&bytes, Record::TextOnly)
        .map_err(|e| anyhow::anyhow!("<stdin>: {e}"))?;
    stdout.write_all(cleaned.text.as_bytes())?;
    stdout.flush()?;
    Ok(Status::Success)
}

/// Stdin over `--stream-over` is cleaned as a stream, in bounded memory, and written to
/// `output` (`None`: nowhere); otherwise, or when the stream goes back to the whole-file
/// path, its bytes come back to be cleaned whole ([`newsclean::spool`]).
fn spool_stdin(
    pipeline: &Pipeline,
    common: &CommonArgs,
    output: Option<&mut dyn Write>,
) -> Result<Spooled> {
    let options = newsclean::stream::StreamOptions {
        keep_changes: false,
        ..Default::default()
    };
    let stdin = std::io::stdin().lock();
    clean_spooled(pipeline, stdin, output, common.stream_over(), &options).map_err(|e| match e {
        // As a write to stdout on the whole path (a closed pipe ends the run quietly).
        SpoolError::Write(e) => e.into(),
        e => anyhow::anyhow!("<stdin>: {e}"),
    })
}

/// `check`'s status: whether anything would change.
fn check_status(changed: bool) -> Status {
    match changed {
        true => Status::ChangesFound,
        false => Status::Success,
    }
}

fn check_stdin(pipeline: &Pipeline, common: &CommonArgs, diff: bool) -> Result<Status> {
    if common.jsonl {
        let options = common.jsonl_options(Record::TextOnly);
        let stats = clean_jsonl(
            pipeline,
            std::io::BufReader::with_capacity(STDIO_BUFFER, std::io::stdin().lock()),
            std::io::sink(),
            &options,
            |_, _| {},
        )?;
        return Ok(check_status(stats.changed > 0));
    }
    // `--diff` needs both texts whole.
    let bytes = match diff {
        true => read_stdin()?,
        false => match spool_stdin(pipeline, common, None)? {
            Spooled::Streamed(summary) => return Ok(check_status(summary.changed)),
            Spooled::Whole(bytes) => bytes,
        },
    };
    let cleaned = pipeline
        .clean_bytes_with(&bytes, Record::TextOnly)
        .map_err(|e| anyhow::anyhow!("<stdin>: {e}"))?;
    if cleaned.text.as_bytes() == bytes.as_slice() {
        return Ok(Status::Success);
    }
    if diff {
        let text = batch::unified_diff(&String::from_utf8_lossy(&bytes), &cleaned.text, "<stdin>");
        std::io::stdout().lock().write_all(text.as_bytes())?;
    }
    Ok(Status::ChangesFound)
}

fn explain(file: &Path, args: &PipelineArgs) -> Result<Status> {
    let pipeline = Pipeline::new(args.config(false)?)?;
    let bytes = if file == Path::new("-") {
        read_stdin()?
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let cleaned = pipeline
        .clean_bytes(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: decoded as {}, {} change(s)",
        file.display(),
        cleaned.encoding.unwrap_or("UTF-8"),
        cleaned.changes.len()
    )?;
    for change in &cleaned.changes {
        writeln!(out, "  {}", newsclean::explain::format_change(change))?;
    }
    Ok(Status::Success)
}
