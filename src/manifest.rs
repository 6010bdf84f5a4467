//! Incremental runs: a manifest of input content hashes, so a re-run only cleans new or
//! changed files (CI on new seeds).
//!
//! The manifest is a JSON file: the hash of the configuration (plus the newsclean version
//! and output directory) and, per input path, the xxh3 hash of its bytes. A file is up to
//! date when its hash and the configuration hash match the manifest and its output exists;
//! a changed configuration re-cleans everything.
//!
//! ```
//! use newsclean::manifest::Manifest;
//! let mut m = Manifest::new(7);
//! let hash = Manifest::hash_bytes(b"text");
//! assert!(!m.is_up_to_date("a.txt", hash));
//! m.record("a.txt", hash);
//! assert!(m.is_up_to_date("a.txt", hash));
//! assert!(!m.is_up_to_date("a.txt", Manifest::hash_bytes(b"new text")));
//! ```

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Content hashes of the inputs of the last run, and the configuration it ran with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Hash of the configuration, version and output location.
    pub config: u64,
    /// Input path -> xxh3 hash of its bytes.
    pub files: BTreeMap<String, u64>,
}

/// Errors reading or writing a manifest.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// I/O failed.
    #[error("manifest {path}: {source}")]
    Io {
        /// The manifest path.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The file is not a manifest.
    #[error("manifest {path} is not valid: {message}")]
    Invalid {
        /// The manifest path.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Manifest {
    /// An empty manifest for a configuration hash.
    pub fn new(config: u64) -> Manifest {
        Manifest {
            config,
            files: BTreeMap::new(),
        }
    }

    /// Hash input bytes.
    pub fn hash_bytes(bytes: &[u8]) -> u64 {
        xxhash_rust::xxh3::xxh3_64(bytes)
    }

    /// Hash anything that identifies a configuration (its serialized form).
    pub fn hash_config(parts: &[&str]) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for p in parts {
            h.update(p.as_bytes());
            h.update(&[0]);
        }
        h.digest()
    }

    /// Load a manifest; a missing file is an empty manifest for `config`. A manifest
    /// written with another configuration is kept but matches nothing.
    pub fn load(path: &Path, config: u64) -> Result<Manifest, ManifestError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::new(config)),
            Err(source) => {
                return Err(ManifestError::Io {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| ManifestError::Invalid {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        if manifest.config != config {
            return Ok(Manifest::new(config));
        }
        Ok(manifest)
    }

    /// Save atomically.
    pub fn save(&self, path: &Path) -> Result<(), ManifestError> {
        let mut json = serde_json::to_vec_pretty(self).expect("a manifest always serializes");
        json.push(b'\n');
        crate::output::write_atomic(path, &json).map_err(|source| ManifestError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Was `input` seen with exactly this content under this configuration?
    pub fn is_up_to_date(&self, input: &str, hash: u64) -> bool {
        self.files.get(input) == Some(&hash)
    }

    /// Remember `input`'s hash.
    pub fn record(&mut self, input: &str, hash: u64) {
        self.files.insert(input.to_string(), hash);
    }
}
