//! Human-readable view of the change record, for `newsclean explain`.
//!
//! One line per change, in the order they were made: stage, rule, line number, before and
//! after (escaped, so invisible characters show), and the steps for mojibake repairs.
//!
//! ```
//! use newsclean::{Change, Stage};
//! let c = Change::new(Stage::Normalize, "spaces", 3, "\u{a0}", " ");
//! assert_eq!(
//!     newsclean::explain::format_change(&c),
//!     "normalize    spaces                    line 3: \"\\u{a0}\" -> \" \""
//! );
//! let removed = Change::new(Stage::Boilerplate, "photo-credit", 8, "JOHN DOE/AFP/Getty", "");
//! assert_eq!(
//!     newsclean::explain::format_change(&removed),
//!     "boilerplate  photo-credit              line 8: removed \"JOHN DOE/AFP/Getty\""
//! );
//! ```

use crate::change::{Change, Stage};
use std::fmt::Write;

/// Format one change as a single line.
pub fn format_change(change: &Change) -> String {
    let mut line = format!(
        "{:<12} {:<25} line {}: ",
        change.stage.name(),
        change.rule,
        change.line
    );
    if change.stage == Stage::Boilerplate && change.after.is_empty() {
        let _ = write!(line, "removed {}", quote(&change.before));
    } else {
        let _ = write!(
            line,
            "{} -> {}",
            quote(&change.before),
            quote(&change.after)
        );
    }
    if let Some(detail) = &change.detail {
        let _ = write!(line, "  [{detail}]");
    }
    line
}

/// Quote text, escaping control and invisible characters so they can be seen.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "{}", c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that render as nothing or as a plain space, so a reader cannot tell them apart.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{ad}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}' | '\u{205f}'..='\u{206f}' | '\u{3000}' | '\u{feff}')
}
