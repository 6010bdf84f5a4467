//! Atomic output under SIGKILL: a run killed at any moment leaves each output file either
//! absent or whole (equal to what a complete run writes), never partial.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILL_POINTS: usize = 50;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_newsclean")
}

fn run_clean(input: &Path, out: &Path) -> std::process::Child {
    Command::new(bin())
        .args(["clean", "-q", "--jobs", "2"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A small deterministic generator, so a failing kill point can be reproduced.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn sigkill_at_random_points_leaves_outputs_absent_or_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for i in 0..120 {
        // Sizes from a few bytes to ~90 KB, so some writes take long enough to be interrupted.
        let reps = if i % 10 == 0 { 2_000 } else { 1 + i * 7 };
        let text = "The minister\u{2019}s  plan\u{a0}was signed. \r\n".repeat(reps);
        std::fs::write(input.join(format!("{i:03}.txt")), text).unwrap();
    }
    let reference = dir.path().join("reference");
    let started = Instant::now();
    assert!(run_clean(&input, &reference).wait().unwrap().success());
    let full_run = started.elapsed().max(Duration::from_millis(20));

    let mut rng = Lcg(0x5eed);
    let mut interrupted = 0;
    for point in 0..KILL_POINTS {
        let out = dir.path().join(format!("out{point}"));
        let mut child = run_clean(&input, &out);
        let delay = full_run.mul_f64((rng.next() % 1000) as f64 / 1000.0);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        if !out.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".newsclean-") && name.ends_with(".tmp") {
                continue; // a temp file: never taken for output, by name or by glob
            }
            let relative = entry.path().strip_prefix(&out).unwrap();
            let expected = std::fs::read(reference.join(relative)).unwrap();
            let got = std::fs::read(entry.path()).unwrap();
            assert!(
                got == expected,
                "kill point {point} (after {delay:?}): {} is partial ({} of {} bytes)",
                relative.display(),
                got.len(),
                expected.len()
            );
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
    assert!(
        interrupted >= KILL_POINTS / 2,
        "only {interrupted} of {KILL_POINTS} runs were actually killed mid-run"
    );
}
