//! Large single files in bounded memory: decode as a stream, cut the text into sections at
//! barrier lines, clean the sections in parallel and write them in order.
//!
//! A section is cleaned as its own text, so the cut must not change the result. It sits on
//! a *barrier* ([`Pipeline::is_barrier`]): a line every stage leaves as it is wherever it
//! stands, and that ends every run of lines the boilerplate stage removes together (a
//! sentence-length line). Both sections keep the barrier, one as its last line and the other as
//! its first, so the blank-line rules see the same neighbours on each side; the copy that
//! starts the second section is dropped on output. The rules bound to the head or the tail
//! of a document apply only in the first or the last section ([`Edges`]), and the first cut
//! comes only after enough barrier lines (which no pass removes) that no line after it can
//! ever be among the document's first lines; likewise for the last cut and the tail. So the
//! output is byte for byte what cleaning the whole file gives (tests hold the two paths to
//! it on every fixture with small sections).
//!
//! Two cases go back to the whole-file path: bytes with NULs and no BOM (UTF-16 without a
//! BOM, or binary), which need the whole file to decide, and a `drop-document` rule that
//! fires (the whole document goes). A text with no barrier line in it is one section.
//! Stdin, which cannot be read twice, is spooled to a temporary file first ([`crate::spool`]).
//!
//! ```
//! use newsclean::stream::{clean_stream, sniff, StreamOptions, Streamed};
//! use newsclean::{Config, Pipeline};
//! use std::io::Cursor;
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let paragraph = "The council met on Tuesday and voted to rebuild the bridge over the river.\n";
//! let input = format!("Itâ€™s here.\n{}", paragraph.repeat(50));
//! let sniffed = sniff(&mut Cursor::new(&input), pipeline.config()).unwrap();
//! let options = StreamOptions { section_bytes: 1000, keep_changes: true };
//! let mut out = Vec::new();
//! let Streamed::Done(summary) =
//!     clean_stream(&pipeline, &sniffed, Cursor::new(&input), &mut out, &options).unwrap()
//! else { panic!() };
//! assert!(summary.sections > 1);
//! assert_eq!(out, pipeline.clean_str(&input).text.as_bytes());
//! ```

use crate::boilerplate::Edges;
use crate::change::{Change, Record};
use crate::config::Config;
use crate::decode::DecodeError;
use crate::pipeline::Pipeline;
use encoding_rs::{DecoderResult, Encoding, UTF_8};
use rayon::prelude::*;
use std::io::{self, Read, Write};

/// Files larger than this many bytes are cleaned as a stream by default.
pub const DEFAULT_STREAM_OVER: u64 = 64 << 20;
/// The default size of a section, in bytes of decoded text. Each thread's heap holds a few
/// times this while it cleans a section (1 MiB sections took a 1 GB file to 100 MB of peak
/// RSS with two jobs, 512 KiB to 80 MB).
pub const DEFAULT_SECTION_BYTES: usize = 512 << 10;
/// Bytes read at a time.
pub(crate) const BLOCK: usize = 256 << 10;

/// How to stream.
#[derive(Clone, Debug)]
pub struct StreamOptions {
    /// A section is cut at the first barrier line after this many bytes.
    pub section_bytes: usize,
    /// Keep every change (for a report); otherwise only their count.
    pub keep_changes: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            section_bytes: DEFAULT_SECTION_BYTES,
            keep_changes: true,
        }
    }
}

/// Why a stream went back to the whole-file path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whole {
    /// NUL bytes without a BOM: UTF-16 without a BOM, or binary.
    NulBytes,
    /// A `drop-document` rule fired.
    DocumentDropped,
    /// A barrier line did not come through a section unchanged (a bug; the whole path is
    /// always right).
    BarrierMoved,
}

/// What the first pass over the bytes found: the content hash and how to decode.
#[derive(Debug)]
pub struct Sniffed {
    /// xxh3 of the bytes (the manifest's hash).
    pub hash: u64,
    plan: Result<Plan, SniffOutcome>,
}

#[derive(Debug)]
enum SniffOutcome {
    Whole(Whole),
    Error(DecodeError),
}

#[derive(Clone, Copy, Debug)]
struct Plan {
    encoding: &'static Encoding,
    bom_len: usize,
    /// Detected (not declared by BOM or option): shown in the transcode change.
    detected: bool,
    lossy: bool,
    /// The decode stage is off: strict UTF-8, nothing recorded, no encoding reported.
    raw: bool,
}

/// The result of a stream.
#[derive(Debug)]
pub enum Streamed {
    /// Cleaned and written.
    Done(StreamSummary),
    /// Not streamed; clean the file whole. Nothing valid was written.
    Whole(Whole),
}

/// What a stream did.
#[derive(Debug, Default)]
pub struct StreamSummary {
    /// The encoding decoded from (None when the decode stage is off).
    pub encoding: Option<&'static str>,
    /// Whether the output bytes differ from the input bytes.
    pub changed: bool,
    /// Every change (empty unless [`StreamOptions::keep_changes`]); lines are the line of the
    /// section's text in the document (for a first-pass change, the input's line).
    pub changes: Vec<Change>,
    /// How many changes there were.
    pub change_count: usize,
    /// How many sections the text was cut into.
    pub sections: usize,
}

/// Fill `buf` from `reader` as far as it goes; returns the number of bytes read.
pub(crate) fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Read `reader` in blocks that end just before an ASCII byte (or at the end), so that a
/// UTF-8 sequence is never split between blocks. Calls `f(offset, block, last)`.
fn ascii_blocks(
    reader: &mut impl Read,
    mut f: impl FnMut(usize, &[u8], bool) -> bool,
) -> io::Result<()> {
    let mut buf = vec![0u8; BLOCK];
    let mut carried = 0;
    let mut offset = 0;
    loop {
        if carried == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        let n = read_full(reader, &mut buf[carried..])?;
        let filled = carried + n;
        let last = filled < buf.len();
        let end = if last {
            filled
        } else {
            // Cut before the last ASCII byte: it starts no sequence and continues none.
            match buf[..filled].iter().rposition(u8::is_ascii) {
                Some(0) | None => {
                    carried = filled;
                    continue;
                }
                Some(i) => i,
            }
        };
        if !f(offset, &buf[..end], last) || last {
            return Ok(());
        }
        buf.copy_within(end..filled, 0);
        carried = filled - end;
        offset += end;
    }
}

/// The first pass: hash the bytes and decide how to decode them, as
/// [`crate::decode::decode`] would for the whole file.
pub fn sniff(reader: &mut (impl Read + io::Seek), config: &Config) -> io::Result<Sniffed> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut head = [0u8; 3];
    let mut nul = false;
    let mut invalid_at: Option<usize> = None;
    ascii_blocks(reader, |offset, block, _| {
        hasher.update(block);
        if offset == 0 {
            let n = block.len().min(3);
            head[..n].copy_from_slice(&block[..n]);
        }
        nul |= memchr::memchr(0, block).is_some();
        if invalid_at.is_none() {
            if let Err(e) = std::str::from_utf8(block) {
                invalid_at = Some(offset + e.valid_up_to());
            }
        }
        true
    })?;
    let hash = hasher.digest();
    let decode = &config.decode;
    let plan = |encoding, bom_len, detected| {
        Ok(Plan {
            encoding,
            bom_len,
            detected,
            lossy: decode.lossy,
            raw: false,
        })
    };
    let plan = if !config.stages.decode {
        match invalid_at {
            Some(offset) => Err(SniffOutcome::Error(DecodeError::NotUtf8DecodeOff {
                offset,
            })),
            None => Ok(Plan {
                encoding: UTF_8,
                bom_len: 0,
                detected: false,
                lossy: false,
                raw: true,
            }),
        }
    } else if let Some(label) = &decode.encoding {
        match Encoding::for_label(label.as_bytes()) {
            None => Err(SniffOutcome::Error(DecodeError::UnknownEncoding(
                label.clone(),
            ))),
            Some(encoding) => match Encoding::for_bom(&head) {
                Some((bom, len)) if bom == encoding => plan(encoding, len, false),
                _ => plan(encoding, 0, false),
            },
        }
    } else if let Some((encoding, len)) = Encoding::for_bom(&head) {
        plan(encoding, len, false)
    } else if nul {
        Err(SniffOutcome::Whole(Whole::NulBytes))
    } else if let Some(offset) = invalid_at {
        // Not UTF-8: a second pass counts what `looks_like_utf8` counts and feeds chardetng.
        reader.seek(io::SeekFrom::Start(0))?;
        let mut likeness = crate::decode::Utf8Likeness::default();
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        ascii_blocks(reader, |_, block, last| {
            likeness.add(block);
            detector.feed(block, last);
            true
        })?;
        if likeness.looks_like_utf8() {
            if decode.lossy {
                plan(UTF_8, 0, false)
            } else {
                Err(SniffOutcome::Error(DecodeError::InvalidUtf8 { offset }))
            }
        } else {
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            plan(encoding, 0, true)
        }
    } else {
        plan(UTF_8, 0, false)
    };
    reader.seek(io::SeekFrom::Start(0))?;
    Ok(Sniffed { hash, plan })
}

/// Why a stream failed.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Reading the input failed.
    #[error("cannot read: {0}")]
    Read(io::Error),
    /// Writing the output failed.
    #[error("cannot write: {0}")]
    Write(io::Error),
    /// The bytes could not be decoded.
    #[error("{0}")]
    Decode(#[from] DecodeError),
}

/// Decode `input` as `sniffed` says, clean it section by section and write it to `output`.
/// On an error or [`Streamed::Whole`], what was written to `output` is not the result.
///
/// The calling thread reads, decodes, cuts and writes; the sections are cleaned in batches
/// on the rayon pool meanwhile ([`crate::ordered`]).
pub fn clean_stream(
    pipeline: &Pipeline,
    sniffed: &Sniffed,
    mut input: impl Read,
    output: impl Write,
    options: &StreamOptions,
) -> Result<Streamed, StreamError> {
    let plan = match &sniffed.plan {
        Ok(plan) => *plan,
        Err(SniffOutcome::Whole(why)) => return Ok(Streamed::Whole(*why)),
        Err(SniffOutcome::Error(e)) => return Err(StreamError::Decode(e.clone())),
    };
    let mut decoded = DecodedStream::new(plan);
    let mut cutter = Cutter::new(pipeline, options);
    let mut emitter = Emitter {
        output,
        barrier: String::new(),
        summary: StreamSummary::default(),
        lossy: plan.lossy,
        fffd_lines: Vec::new(),
        whole: None,
    };
    let batch_size = 2 * rayon::current_num_threads();
    let mut buf = vec![0u8; BLOCK];
    let mut skip = plan.bom_len;
    let mut ended = false;
    let produce = |spare: Option<Vec<Section>>| -> Result<Option<Vec<Section>>, StreamError> {
        let mut batch = spare.unwrap_or_default();
        batch.clear();
        while batch.len() < batch_size && !ended {
            if let Some(section) = cutter.next() {
                batch.push(section);
                continue;
            }
            let n = read_full(&mut input, &mut buf).map_err(StreamError::Read)?;
            let last = n < buf.len();
            let from = skip.min(n);
            skip -= from;
            decoded.push(&buf[from..n], last, &mut cutter.pending)?;
            if last {
                while let Some(section) = cutter.next() {
                    batch.push(section);
                }
                batch.push(cutter.last());
                ended = true;
            }
        }
        Ok((!batch.is_empty()).then_some(batch))
    };
    let keep = options.keep_changes;
    let work =
        |batch: &mut Vec<Section>| batch.par_iter_mut().for_each(|s| s.clean(pipeline, keep));
    let consume = |batch: &mut Vec<Section>| -> Result<bool, StreamError> {
        for section in batch.drain(..) {
            if !emitter.emit(section)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    crate::ordered::in_order(produce, work, consume)?;
    if let Some(why) = emitter.whole {
        return Ok(Streamed::Whole(why));
    }
    emitter.output.flush().map_err(StreamError::Write)?;
    let decode_changes = decoded.changes(&emitter.fffd_lines);
    let mut summary = emitter.summary;
    summary.encoding = (!plan.raw).then(|| plan.encoding.name());
    summary.changed |= decoded.changed_bytes();
    summary.change_count += decode_changes.len();
    if options.keep_changes {
        summary.changes.splice(0..0, decode_changes);
    }
    Ok(Streamed::Done(summary))
}

/// The decoder's side of a stream.
struct DecodedStream {
    plan: Plan,
    decoder: encoding_rs::Decoder,
    /// Body bytes consumed so far.
    consumed: usize,
    all_ascii: bool,
    /// Lossy: a replacement happened; every U+FFFD is then recorded, as the whole path does.
    replaced: bool,
}

impl DecodedStream {
    fn new(plan: Plan) -> Self {
        DecodedStream {
            plan,
            decoder: plan.encoding.new_decoder_without_bom_handling(),
            consumed: 0,
            all_ascii: true,
            replaced: false,
        }
    }

    /// Decode `bytes` onto the end of `text`.
    fn push(&mut self, mut bytes: &[u8], last: bool, text: &mut String) -> Result<(), DecodeError> {
        self.all_ascii &= bytes.is_ascii();
        loop {
            let room = self
                .decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len() * 3 + 16);
            text.reserve(room);
            let (result, read) = if self.plan.lossy {
                let (result, read, replaced) = self.decoder.decode_to_string(bytes, text, last);
                self.replaced |= replaced;
                let result = match result {
                    encoding_rs::CoderResult::InputEmpty => DecoderResult::InputEmpty,
                    encoding_rs::CoderResult::OutputFull => DecoderResult::OutputFull,
                };
                (result, read)
            } else {
                self.decoder
                    .decode_to_string_without_replacement(bytes, text, last)
            };
            if let DecoderResult::Malformed(bad, _) = result {
                // As `decode`'s error: the offset of the first bad byte.
                let offset = self.plan.bom_len + self.consumed + read - bad as usize;
                return Err(if self.plan.encoding == UTF_8 {
                    DecodeError::InvalidUtf8 { offset }
                } else {
                    DecodeError::Undecodable {
                        encoding: self.plan.encoding.name(),
                        offset,
                    }
                });
            }
            self.consumed += read;
            bytes = &bytes[read..];
            if result == DecoderResult::InputEmpty {
                return Ok(());
            }
        }
    }

    /// The decode stage's changes, in the whole path's order; `fffd_lines` are the lines of
    /// the U+FFFDs in the decoded text.
    fn changes(&self, fffd_lines: &[usize]) -> Vec<Change> {
        let mut changes = Vec::new();
        if !self.plan.raw {
            let fffd_lines = if self.replaced { fffd_lines } else { &[] };
            crate::decode::record_decoding(
                &mut changes,
                self.plan.encoding,
                self.plan.bom_len > 0,
                fffd_lines,
                self.plan.detected,
            );
        }
        changes
    }

    /// Do the decoded bytes differ from the input bytes?
    fn changed_bytes(&self) -> bool {
        if self.plan.raw {
            return false;
        }
        let same_bytes = self.plan.encoding == UTF_8
            || (self.plan.encoding.is_ascii_compatible() && self.all_ascii);
        self.plan.bom_len > 0 || self.replaced || !same_bytes
    }
}

/// A section of the text and where it stands in the document.
struct Section {
    text: String,
    /// The document line of its first line.
    line: usize,
    edges: Edges,
    /// The section once cleaned.
    cleaned: Option<CleanSection>,
}

/// A cleaned section.
struct CleanSection {
    /// The clean text; `None` when it is the section's text.
    text: Option<String>,
    /// The section's own changes (not those to the barrier it starts with, which the
    /// section before has), when they are kept.
    changes: Vec<Change>,
    /// How many of them there are.
    count: usize,
}

impl Section {
    /// Clean the section (on a pool thread: so are its changes counted and, when they are
    /// not kept, dropped).
    fn clean(&mut self, pipeline: &Pipeline, keep_changes: bool) {
        let cleaned = pipeline.clean_section(&self.text, Record::Changes, self.edges);
        let text = match cleaned.text {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(t) => Some(t),
        };
        let mut changes = cleaned.changes;
        // Changes to the barrier at the start were counted in the section before.
        if !self.edges.start {
            changes.retain(|c| c.line > 1);
        }
        let count = changes.len();
        if !keep_changes {
            changes = Vec::new();
        }
        self.cleaned = Some(CleanSection {
            text,
            changes,
            count,
        });
    }
}

/// Cuts decoded text into sections at barriers.
struct Cutter<'p> {
    pipeline: &'p Pipeline,
    section_bytes: usize,
    /// Barriers needed before the first cut and, counting the cut's own, from the last one
    /// to the end.
    need_head: usize,
    need_tail: usize,
    /// Decoded text not cut off yet. After the first cut it starts with the barrier line
    /// it was cut at.
    pending: String,
    /// The document line of the first line of `pending`.
    pending_line: usize,
    /// The complete lines of `pending` before this offset have been looked at.
    scanned: usize,
    /// Sections cut off so far.
    cut: usize,
    /// Barriers seen before the first cut.
    head_barriers: usize,
    /// A barrier to cut at once `need_tail` barriers (itself included) are seen: the line
    /// range in `pending`, and how many barriers follow it so far.
    candidate: Option<(usize, usize)>,
    after: usize,
}

impl<'p> Cutter<'p> {
    fn new(pipeline: &'p Pipeline, options: &StreamOptions) -> Self {
        let (need_head, need_tail) = pipeline.edge_lines();
        Cutter {
            pipeline,
            section_bytes: options.section_bytes.max(1),
            need_head,
            // The last section starts with a barrier, which ends any tail run.
            need_tail: need_tail.max(1),
            pending: String::new(),
            pending_line: 1,
            scanned: 0,
            cut: 0,
            head_barriers: 0,
            candidate: None,
            after: 0,
        }
    }

    /// Cut the next section off `pending`, if it holds one.
    fn next(&mut self) -> Option<Section> {
        let first = self.cut == 0;
        let (start, end) = self.find_cut(first)?;
        // The section is copied out at its own size; `pending`, which has room for the
        // next block's decoding, stays the buffer (a section that took over `pending` would
        // carry that room through the pool and the writer, for every section in flight).
        let text = self.pending[..end].to_owned();
        let line = self.pending_line;
        self.pending_line += memchr::memchr_iter(b'\n', &self.pending.as_bytes()[..start]).count();
        self.pending.drain(..start);
        self.scanned = end - start;
        self.cut += 1;
        Some(Section {
            text,
            line,
            edges: Edges {
                start: first,
                end: false,
            },
            cleaned: None,
        })
    }

    /// The input has ended: the rest of `pending` is the last section.
    fn last(&mut self) -> Section {
        self.cut += 1;
        Section {
            text: std::mem::take(&mut self.pending),
            line: self.pending_line,
            edges: Edges {
                start: self.cut == 1,
                end: true,
            },
            cleaned: None,
        }
    }

    /// The next cut in `pending`: the line range of the first barrier past the section size
    /// (in the first section, with enough barriers before it for the head), once enough
    /// barriers follow it for the tail. Remembers how far it looked.
    fn find_cut(&mut self, first: bool) -> Option<(usize, usize)> {
        let bytes = self.pending.as_bytes();
        while let Some(nl) = memchr::memchr(b'\n', &bytes[self.scanned..]) {
            let (start, end) = (self.scanned, self.scanned + nl + 1);
            self.scanned = end;
            if let Some(cut) = self.candidate {
                self.after += usize::from(self.pipeline.is_barrier(&self.pending[start..end - 1]));
                if 1 + self.after >= self.need_tail {
                    self.candidate = None;
                    return Some(cut);
                }
                continue;
            }
            let heading = first && self.head_barriers < self.need_head;
            if !heading && end <= self.section_bytes {
                // Skip to the line that crosses the section size.
                let target = self.section_bytes.min(bytes.len());
                if let Some(i) = memchr::memrchr(b'\n', &bytes[..target]) {
                    self.scanned = self.scanned.max(i + 1);
                }
                continue;
            }
            if !self.pipeline.is_barrier(&self.pending[start..end - 1]) {
                continue;
            }
            if heading {
                self.head_barriers += 1;
            }
            if end > self.section_bytes && self.head_barriers >= self.need_head {
                if self.need_tail <= 1 {
                    return Some((start, end));
                }
                self.candidate = Some((start, end));
                self.after = 0;
            }
        }
        None
    }
}

/// Checks, counts and writes cleaned sections, in order.
struct Emitter<W> {
    output: W,
    /// The last line of the last section written: the barrier the next section starts with,
    /// as cleaned.
    barrier: String,
    summary: StreamSummary,
    /// Lossy decoding: the document lines of the U+FFFDs in the text.
    lossy: bool,
    fffd_lines: Vec<usize>,
    /// Why the stream stopped and goes back to the whole-file path.
    whole: Option<Whole>,
}

impl<W: Write> Emitter<W> {
    /// Emit one cleaned section; `false` when the stream must go back to the whole path.
    fn emit(&mut self, section: Section) -> Result<bool, StreamError> {
        let Section {
            text,
            line,
            edges,
            cleaned,
        } = section;
        let cleaned = cleaned.expect("sections are cleaned before they are emitted");
        let out = cleaned.text.as_deref().unwrap_or(&text);
        if edges != Edges::WHOLE && out.is_empty() {
            self.whole = Some(Whole::DocumentDropped);
            return Ok(false);
        }
        // The barrier the section starts with was written as the previous one's last
        // line; it must have come out the same (it is cleaned line by line).
        let first_line = |t: &str| memchr::memchr(b'\n', t.as_bytes()).map_or(t.len(), |i| i + 1);
        let (skip, skip_out) = match edges.start {
            true => (0, 0),
            false => (first_line(&text), first_line(out)),
        };
        if out[..skip_out] != self.barrier {
            self.whole = Some(Whole::BarrierMoved);
            return Ok(false);
        }
        if !edges.end {
            let body = &out[..out.len().saturating_sub(1)];
            let last = memchr::memrchr(b'\n', body.as_bytes()).map_or(0, |i| i + 1);
            self.barrier.clear();
            self.barrier.push_str(&out[last..]);
        }
        self.summary.changed |= cleaned.text.is_some() && out != text;
        self.summary.change_count += cleaned.count;
        self.summary
            .changes
            .extend(cleaned.changes.into_iter().map(|mut c| {
                c.line += line - 1;
                c
            }));
        if self.lossy {
            let mut lines = crate::change::LineCounter::default();
            for (at, _) in text[skip..].match_indices('\u{fffd}') {
                self.fffd_lines
                    .push(line - 1 + lines.line_at(&text, skip + at));
            }
        }
        self.output
            .write_all(&out.as_bytes()[skip_out..])
            .map_err(StreamError::Write)?;
        self.summary.sections += 1;
        Ok(true)
    }
}
