//! The embedded rule catalogues.

use super::{Preset, RuleSpec};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The `news` catalogue (`rules/default.toml`), embedded.
pub const CATALOGUE_NEWS: &str = include_str!("../../rules/default.toml");
/// The rules `strict` adds (`rules/strict.toml`), embedded.
pub const CATALOGUE_STRICT: &str = include_str!("../../rules/strict.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    /// Named pattern fragments, substituted for `@{NAME}` in patterns.
    #[serde(default)]
    define: BTreeMap<String, String>,
    rule: Vec<RuleSpec>,
}

/// Replace each `@{NAME}` in `pattern` by its definition, and those in the definitions
/// brought in, whatever order they are defined in (a few rounds: definitions nest only a
/// level or two; a reference left over names no definition, and the regex parser rejects
/// it).
fn expand(pattern: &str, define: &BTreeMap<String, String>) -> String {
    let mut out = pattern.to_string();
    let refs: Vec<(String, &String)> = define
        .iter()
        .map(|(name, fragment)| (format!("@{{{name}}}"), fragment))
        .collect();
    for _ in 0..8 {
        if !refs.iter().any(|(r, _)| out.contains(r.as_str())) {
            break;
        }
        for (r, fragment) in &refs {
            out = out.replace(r.as_str(), fragment);
        }
    }
    out
}

fn parse(text: &str, what: &str) -> Vec<RuleSpec> {
    match toml::from_str::<Catalogue>(text) {
        Ok(c) => c
            .rule
            .into_iter()
            .map(|mut r| {
                r.pattern = expand(&r.pattern, &c.define);
                r
            })
            .collect(),
        // The catalogues are embedded and tested; a parse failure is a build defect.
        Err(e) => panic!("embedded rule catalogue {what} is invalid: {e}"),
    }
}

/// Every built-in rule with the preset it belongs to, in catalogue order (`news` first).
pub fn builtin_rules() -> Vec<(Preset, RuleSpec)> {
    static PARSED: LazyLock<Vec<(Preset, RuleSpec)>> = LazyLock::new(parse_all);
    PARSED.clone()
}

fn parse_all() -> Vec<(Preset, RuleSpec)> {
    let mut all: Vec<(Preset, RuleSpec)> = parse(CATALOGUE_NEWS, "rules/default.toml")
        .into_iter()
        .map(|r| (Preset::News, r))
        .collect();
    all.extend(
        parse(CATALOGUE_STRICT, "rules/strict.toml")
            .into_iter()
            .map(|r| (Preset::Strict, r)),
    );
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_may_use_definitions_in_any_order() {
        let define: BTreeMap<String, String> = [("A", "a@{Z}"), ("B", "b"), ("Z", "@{B}z")]
            .into_iter()
            .map(|(n, f)| (n.to_string(), f.to_string()))
            .collect();
        assert_eq!(expand("<@{A}|@{Z}|@{B}|@{C}>", &define), "<abz|bz|b|@{C}>");
    }
}
