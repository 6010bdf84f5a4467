//! Regression tests for inputs found by fuzzing (tests/regressions/*.bin): each must clean
//! without panicking, and cleaning the output again must change nothing.

use newsclean::{Config, Pipeline};

#[test]
fn fuzz_found_inputs_are_idempotent() {
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Ok(once) = pipeline.clean_bytes(&bytes) {
            let twice = pipeline.clean_bytes(once.text.as_bytes()).unwrap();
            assert_eq!(
                once.text,
                twice.text,
                "{}: second pass changed {:?}",
                path.display(),
                twice.changes
            );
        }
        checked += 1;
    }
    assert!(checked > 0);
}
