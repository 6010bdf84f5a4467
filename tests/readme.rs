//! The README's config example is a real config: it parses and builds a pipeline, and its
//! user rule does what its examples say.

use newsclean::{Config, Pipeline};

fn readme_toml() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("README has a toml block") + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_string()
}

#[test]
fn readme_config_example_parses_and_runs() {
    let config = Config::from_toml(&readme_toml()).unwrap();
    assert_eq!(config.boilerplate.rules.len(), 1);
    let pipeline = Pipeline::new(config).unwrap();
    let out = pipeline.clean_str(
        "Example Media Group bought the paper in 2019.\nThe Daily Example is part of Example Media Group.\n",
    );
    assert_eq!(out.text, "Example Media Group bought the paper in 2019.\n");
    assert_eq!(out.changes[0].rule, "my-outlet-footer");
}
