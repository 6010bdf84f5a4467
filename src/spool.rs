//! One large text from a reader that cannot seek (stdin), in bounded memory.
//!
//! [`clean_spooled`] reads the input into memory up to 8 MiB or the limit (`--stream-over`),
//! whichever is less. An input that ends within it is handed back whole ([`Spooled::Whole`]),
//! to be cleaned as any small text. A larger one is spooled to an unnamed temporary file (in
//! `$TMPDIR`): read back whole when it is within the limit after all, else read by
//! [`crate::stream`] as it reads a large file: [`sniff`], then [`clean_stream`]. The
//! clean text goes to a second temporary file and is copied to the output only once the
//! stream has succeeded, so an error writes nothing to the output, and neither does a stream
//! that goes back to the whole-file path ([`crate::stream::Whole`]): then the spooled bytes
//! are read back and handed back whole. So the output is the same either way, and a large
//! input costs disk space in `$TMPDIR` (its size and the clean text's) instead of memory.
//!
//! ```
//! use newsclean::spool::{clean_spooled, Spooled};
//! use newsclean::stream::StreamOptions;
//! use newsclean::{Config, Pipeline};
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let paragraph = "The council met on Tuesday and voted to rebuild the bridge over the river.\n";
//! let input = format!("Itâ€™s here.\n{}", paragraph.repeat(50));
//! let options = StreamOptions { section_bytes: 1000, keep_changes: false };
//!
//! // Over the limit (1 KiB): streamed, and written to `out`.
//! let mut out = Vec::new();
//! let Spooled::Streamed(summary) =
//!     clean_spooled(&pipeline, input.as_bytes(), Some(&mut out), 1024, &options).unwrap()
//! else { panic!() };
//! assert!(summary.changed && summary.sections > 1);
//! assert_eq!(out, pipeline.clean_str(&input).text.as_bytes());
//!
//! // Within the limit: handed back to be cleaned whole; nothing is written.
//! let Spooled::Whole(bytes) =
//!     clean_spooled(&pipeline, input.as_bytes(), None, 1 << 20, &options).unwrap()
//! else { panic!() };
//! assert_eq!(bytes, input.as_bytes());
//! ```

use crate::decode::DecodeError;
use crate::pipeline::Pipeline;
use crate::stream::{
    clean_stream, read_full, sniff, StreamError, StreamOptions, StreamSummary, Streamed, BLOCK,
};
use std::io::{self, Read, Seek, Write};

/// Input beyond this many bytes goes to the temporary file even when the limit is higher:
/// held in memory until the limit was known to be passed, the first 64 MiB of a large input
/// would be most of the run's memory. An input over this and within the limit is read back
/// and cleaned whole.
const SPOOL_OVER: u64 = 8 << 20;

/// What [`clean_spooled`] did.
#[derive(Debug)]
pub enum Spooled {
    /// Nothing was written: clean these bytes (all of the input) whole. The input ended within
    /// the limit, or the stream went back to the whole-file path.
    Whole(Vec<u8>),
    /// Cleaned as a stream; the clean text was written to the output.
    Streamed(StreamSummary),
}

/// Why [`clean_spooled`] failed. Nothing was written to the output, except for
/// [`SpoolError::Write`].
#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// Reading the input failed.
    #[error("cannot read: {0}")]
    Read(io::Error),
    /// The bytes could not be decoded.
    #[error("{0}")]
    Decode(DecodeError),
    /// A temporary file could not be made, written or read.
    #[error("temporary file: {0}")]
    Temp(io::Error),
    /// Writing the output failed.
    #[error("cannot write: {0}")]
    Write(io::Error),
}

/// Clean `input` as a stream if it is longer than `stream_over` bytes, writing the clean
/// text to `output` (`None`: nowhere, e.g. to check whether anything would change);
/// otherwise, or when the stream goes back to the whole-file path, hand the bytes back.
pub fn clean_spooled(
    pipeline: &Pipeline,
    mut input: impl Read,
    output: Option<&mut dyn Write>,
    stream_over: u64,
    options: &StreamOptions,
) -> Result<Spooled, SpoolError> {
    let in_memory = stream_over.min(SPOOL_OVER);
    let mut head = Vec::new();
    Read::by_ref(&mut input)
        .take(in_memory.saturating_add(1))
        .read_to_end(&mut head)
        .map_err(SpoolError::Read)?;
    if head.len() as u64 <= in_memory {
        return Ok(Spooled::Whole(head));
    }
    let mut spool = tempfile::tempfile().map_err(SpoolError::Temp)?;
    spool.write_all(&head).map_err(SpoolError::Temp)?;
    drop(head);
    copy(&mut input, &mut spool, SpoolError::Read, SpoolError::Temp)?;
    if spool.stream_position().map_err(SpoolError::Temp)? <= stream_over {
        // Spooled, but not over the limit: cleaned whole, as a file of this size is.
        return read_back(&mut spool).map(Spooled::Whole);
    }
    spool.rewind().map_err(SpoolError::Temp)?;
    let sniffed = sniff(&mut spool, pipeline.config()).map_err(SpoolError::Temp)?;
    // Only a complete result reaches `output`: the stream writes to a temporary file first.
    let mut clean = match output {
        Some(_) => Some(tempfile::tempfile().map_err(SpoolError::Temp)?),
        None => None,
    };
    let mut sink = io::sink();
    let writer: &mut dyn Write = match &mut clean {
        Some(file) => file,
        None => &mut sink,
    };
    let streamed =
        clean_stream(pipeline, &sniffed, &mut spool, writer, options).map_err(|e| match e {
            StreamError::Read(e) | StreamError::Write(e) => SpoolError::Temp(e),
            StreamError::Decode(e) => SpoolError::Decode(e),
        })?;
    let summary = match streamed {
        Streamed::Done(summary) => summary,
        Streamed::Whole(_) => return read_back(&mut spool).map(Spooled::Whole),
    };
    if let (Some(output), Some(mut clean)) = (output, clean) {
        clean.rewind().map_err(SpoolError::Temp)?;
        copy(&mut clean, output, SpoolError::Temp, SpoolError::Write)?;
        output.flush().map_err(SpoolError::Write)?;
    }
    Ok(Spooled::Streamed(summary))
}

/// All of the spooled input, read back from the start.
fn read_back(spool: &mut std::fs::File) -> Result<Vec<u8>, SpoolError> {
    let size = spool.metadata().map_err(SpoolError::Temp)?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    spool.rewind().map_err(SpoolError::Temp)?;
    spool.read_to_end(&mut bytes).map_err(SpoolError::Temp)?;
    Ok(bytes)
}

/// Copy the rest of `from` to `to`; errors are `read`'s or `write`'s, by the side that failed.
fn copy(
    from: &mut impl Read,
    to: &mut (impl Write + ?Sized),
    read: fn(io::Error) -> SpoolError,
    write: fn(io::Error) -> SpoolError,
) -> Result<(), SpoolError> {
    let mut buf = vec![0u8; BLOCK];
    loop {
        let n = read_full(from, &mut buf).map_err(read)?;
        to.write_all(&buf[..n]).map_err(write)?;
        if n < buf.len() {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    /// An input over the 8 MiB kept in memory but within the limit goes through the
    /// temporary file and comes back whole, every byte of it; over the limit, it streams.
    #[test]
    fn spooled_input_within_the_limit_comes_back_whole() {
        let pipeline = Pipeline::new(Config::default()).unwrap();
        let paragraph = "The council met on Tuesday and voted to rebuild the bridge.\n";
        let input = paragraph.repeat((SPOOL_OVER as usize) / paragraph.len() + 1000);
        let options = StreamOptions::default();
        let limit = 2 * SPOOL_OVER;
        match clean_spooled(&pipeline, input.as_bytes(), None, limit, &options).unwrap() {
            Spooled::Whole(bytes) => assert!(bytes == input.as_bytes()),
            Spooled::Streamed(_) => panic!("streamed within the limit"),
        }
        let mut out = Vec::new();
        let small = SPOOL_OVER / 2;
        match clean_spooled(&pipeline, input.as_bytes(), Some(&mut out), small, &options) {
            Ok(Spooled::Streamed(summary)) => assert!(!summary.changed),
            other => panic!("{other:?}"),
        }
        assert!(out == input.as_bytes());
    }
}
