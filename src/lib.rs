//! newsclean: clean and normalize scraped news text.
//!
//! The pipeline runs five stages, each its own module:
//!
//! 1. [`decode`]: bytes to text (UTF-8, UTF-16, detected legacy encodings).
//! 2. [`mojibake`]: undo UTF-8 decoded as Windows-1252/Latin-1 (`â€™` -> `’`).
//! 3. [`normalize`]: Unicode form, quotes, spaces, invisibles, entities, line layout.
//! 4. [`boilerplate`]: remove photo credits, source tags and other non-article lines.
//! 5. [`output`]: atomic writes of a mirrored tree ([`batch`], [`jsonl`]), and the JSON [`report`].
//!
//! Each text stage returns a [`Fixed`]: the text as a `Cow<str>` (borrowed when nothing
//! changed) and the list of [`Change`]s it made, which `explain` and the report show.
//!
//! ```
//! use newsclean::{Config, Pipeline};
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let out = pipeline.clean_bytes(b"\xe2\x80\x9cPeace,\xe2\x80\x9d he said.\r\n\r\n\r\n").unwrap();
//! assert_eq!(out.text, "\"Peace,\" he said.\n");
//! ```
#![deny(missing_docs)]

pub mod batch;
pub mod boilerplate;
pub mod change;
pub mod config;
pub mod decode;
pub mod explain;
pub mod inputs;
pub mod jsonl;
pub mod manifest;
pub mod mojibake;
pub mod normalize;
pub mod ordered;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod spool;
pub mod stream;

pub use boilerplate::Edges;
pub use change::{Change, Fixed, Record, Stage};
pub use config::Config;
pub use pipeline::{Cleaned, Pipeline};
