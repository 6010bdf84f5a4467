//! Stage 2: repair mojibake, UTF-8 text that was decoded as a legacy encoding.
//!
//! ```
//! use newsclean::mojibake::repair_mojibake;
//! // placeholder until the stage lands: see issue 3
//! let fixed = repair_mojibake("plain text");
//! assert_eq!(fixed.text, "plain text");
//! ```

use crate::change::Fixed;

/// Repair mojibake in `text`, returning it borrowed when nothing needed fixing.
pub fn repair_mojibake(text: &str) -> Fixed<'_> {
    Fixed::unchanged(text)
}
