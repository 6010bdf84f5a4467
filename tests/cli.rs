//! End-to-end tests of the `newsclean` binary: golden seeds, exit codes, stdin, JSONL,
//! reports, explain, and per-file errors.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SEEDS: [&str; 2] = ["000_68021376e4e97bad.txt", "004_dbcdf2f8a8157395.txt"];

#[test]
fn clean_seeds_matches_golden_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    newsclean()
        .args(["clean", "--quiet"])
        .arg(repo("seeds"))
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    for name in SEEDS {
        let got = read(&out.path().join(name));
        let want = read(&repo("fixtures/golden").join(name));
        assert!(
            got == want,
            "{name} differs from golden:\n{}",
            newsclean::batch::unified_diff(
                &String::from_utf8_lossy(&want),
                &String::from_utf8_lossy(&got),
                name
            )
        );
    }
}

#[test]
fn check_seeds_exits_1_and_check_clean_output_exits_0() {
    newsclean()
        .args(["check", "--quiet"])
        .arg(repo("seeds"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("would change"));
    newsclean()
        .args(["check", "--quiet"])
        .arg(repo("fixtures/golden"))
        .assert()
        .code(0);
}

#[test]
fn cleaning_output_again_changes_nothing() {
    let out = tempfile::tempdir().unwrap();
    newsclean()
        .args(["clean", "-q"])
        .arg(repo("seeds"))
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    newsclean()
        .args(["check", "-q"])
        .arg(out.path())
        .assert()
        .code(0);
}

#[test]
fn check_diff_shows_the_change() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "He said \u{201c}no.\u{201d}\r\n").unwrap();
    newsclean()
        .args(["check", "--diff"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicates::str::contains("-He said \u{201c}no.\u{201d}"))
        .stdout(predicates::str::contains("+He said \"no.\""));
}

#[test]
fn stdin_to_stdout() {
    newsclean()
        .arg("clean")
        .write_stdin("Caf\u{e9}\u{a0}owner said \u{2018}hi\u{2019}  \n\n\n\nBye")
        .assert()
        .success()
        .stdout("Caf\u{e9} owner said 'hi'\n\nBye\n");
    newsclean()
        .args(["clean", "-"])
        .write_stdin("x\r\n")
        .assert()
        .success()
        .stdout("x\n");
}

#[test]
fn only_mojibake_leaves_layout_alone() {
    // No newline added, no trimming, quotes kept: only the encoding repair.
    newsclean()
        .args(["clean", "--only", "mojibake"])
        .write_stdin("  Itâ€™s  ")
        .assert()
        .success()
        .stdout("  It\u{2019}s  ");
}

#[test]
fn only_mojibake_on_legacy_bytes_says_the_decode_stage_is_off() {
    // Windows-1252 bytes: with decode on they are detected and decoded; with it off the
    // error says why, and does not suggest --lossy, which does not apply then.
    let latin1: &[u8] = b"El a\xf1o pasado, la econom\xeda creci\xf3 un 2%.\n";
    newsclean()
        .args(["clean", "--only", "decode,mojibake"])
        .write_stdin(latin1)
        .assert()
        .success()
        .stdout("El a\u{f1}o pasado, la econom\u{ed}a creci\u{f3} un 2%.\n");
    newsclean()
        .args(["clean", "--only", "mojibake"])
        .write_stdin(latin1)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the decode stage is off"))
        .stderr(predicates::prelude::PredicateBooleanExt::not(
            predicates::str::contains("--lossy"),
        ));
}

#[test]
fn skip_boilerplate_keeps_credit_line() {
    newsclean()
        .args(["clean", "--skip", "boilerplate"])
        .write_stdin("Text.\nYURIY DYACHYSHYN/AFP/Getty\n")
        .assert()
        .success()
        .stdout("Text.\nYURIY DYACHYSHYN/AFP/Getty\n");
}

#[test]
fn unknown_stage_is_an_error() {
    newsclean()
        .args(["clean", "--only", "spelling"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown stage \"spelling\""));
}

#[test]
fn jsonl_cleans_field_keeps_others_and_reports_bad_records() {
    let input = concat!(
        "{\"id\":1,\"body\":\"Itâ€™s here\u{a0}now.\",\"tags\":[\"a\"]}\n",
        "{\"id\":2,\"text\":\"no body\"}\n",
        "{\"id\":3,\"body\":7}\n",
        "{\"id\":4,\"body\":\"clean\"}\n",
    );
    newsclean()
        .args(["clean", "--jsonl", "--field", "body"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(concat!(
            "{\"id\":1,\"body\":\"It's here now.\",\"tags\":[\"a\"]}\n",
            "{\"id\":2,\"text\":\"no body\"}\n",
            "{\"id\":3,\"body\":7}\n",
            "{\"id\":4,\"body\":\"clean\"}\n",
        ))
        .stderr(predicates::str::contains(
            "<stdin>:2: field \"body\" is missing",
        ))
        .stderr(predicates::str::contains(
            "<stdin>:3: field \"body\" is not a string",
        ));
}

#[test]
fn jsonl_files_to_output_dir() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.jsonl"), "{\"text\":\"a  b\"}\n").unwrap();
    std::fs::write(input.join("skip.txt"), "not jsonl").unwrap();
    let out = dir.path().join("out");
    newsclean()
        .args(["clean", "-q", "--jsonl"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(read(&out.join("a.jsonl")), b"{\"text\":\"a b\"}\n");
    assert!(!out.join("skip.txt").exists());
}

#[test]
fn report_lists_encoding_counts_and_every_removed_line() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    newsclean()
        .args(["clean", "-q"])
        .arg(repo("seeds"))
        .arg("-o")
        .arg(out.path().join("clean"))
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&read(&report)).unwrap();
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["summary"]["changed"], 2);
    let files = json["files"].as_array().unwrap();
    let f004 = files
        .iter()
        .find(|f| f["input"].as_str().unwrap().ends_with(SEEDS[1]))
        .unwrap();
    assert_eq!(f004["encoding"], "UTF-8");
    let removed = f004["removed"].as_array().unwrap();
    assert!(removed
        .iter()
        .any(|r| r["text"] == "YURIY DYACHYSHYN/AFP/Getty" && r["kept"] == ""));
    assert!(!f004["counts"]["normalize"].as_object().unwrap().is_empty());
    let f000 = files
        .iter()
        .find(|f| f["input"].as_str().unwrap().ends_with(SEEDS[0]))
        .unwrap();
    let removed = f000["removed"].as_array().unwrap();
    assert!(removed
        .iter()
        .any(|r| r["text"].as_str().unwrap().trim() == "(MENAFN)" && r["line"] == 2));
}

#[test]
fn explain_names_stage_rule_and_line() {
    newsclean()
        .arg("explain")
        .arg(repo("seeds").join(SEEDS[1]))
        .assert()
        .success()
        .stdout(predicates::str::contains("decoded as UTF-8"))
        .stdout(
            predicates::str::is_match(
                r#"boilerplate +\S+ +line \d+: removed "YURIY DYACHYSHYN/AFP/Getty""#,
            )
            .unwrap(),
        )
        .stdout(predicates::str::is_match(r"mojibake +\S+ +line 3: ").unwrap());
}

#[test]
fn one_bad_file_is_reported_and_the_rest_complete() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), "Fine text.\n").unwrap();
    std::fs::write(input.join("bad.txt"), b"caf\xc3\xa9 \xff caf\xc3\xa9\n").unwrap();
    let out = dir.path().join("out");
    newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "bad.txt: invalid UTF-8 at byte offset 6",
        ));
    assert_eq!(read(&out.join("good.txt")), b"Fine text.\n");
    assert!(!out.join("bad.txt").exists(), "no output for a failed file");
}

#[test]
fn legacy_encoding_is_decoded_and_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cp1252.txt"),
        b"The \x93plan\x94 was signed in S\xe3o Paulo.\r\n",
    )
    .unwrap();
    let (out, json) = clean_into(dir.path(), "out", &dir.path().join("cp1252.txt"), &[]);
    assert_eq!(
        read(&out.join("cp1252.txt")),
        "The \"plan\" was signed in São Paulo.\n".as_bytes()
    );
    assert_eq!(json["files"][0]["encoding"], "windows-1252");
}

#[test]
fn output_dir_equal_to_input_dir_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x  y\n").unwrap();
    newsclean()
        .arg("clean")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--in-place"));
    assert_eq!(read(&dir.path().join("a.txt")), b"x  y\n");
}

#[test]
fn output_dir_inside_input_dir_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x  y\n").unwrap();
    let out = dir.path().join("out");
    for _ in 0..2 {
        newsclean()
            .args(["clean", "-q"])
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
    }
    assert_eq!(read(&out.join("a.txt")), b"x y\n");
    assert!(!out.join("out").exists());
}

#[test]
fn in_place_rewrites_inputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x  y\n").unwrap();
    newsclean()
        .args(["clean", "-q", "--in-place"])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(read(&dir.path().join("a.txt")), b"x y\n");
}

#[test]
fn config_file_switches_quotes_and_stages() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, "[normalize]\nquotes = \"keep\"\n").unwrap();
    newsclean()
        .args(["clean", "--config"])
        .arg(&cfg)
        .write_stdin("\u{201c}Yes\u{201d}\n")
        .assert()
        .success()
        .stdout("\u{201c}Yes\u{201d}\n");
    std::fs::write(&cfg, "[normalize]\nquote = \"keep\"\n").unwrap();
    newsclean()
        .args(["clean", "--config"])
        .arg(&cfg)
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("c.toml"));
}

#[test]
fn missing_input_names_the_path() {
    newsclean()
        .args(["check", "/no/such/seeds"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/no/such/seeds"));
}

#[test]
fn binary_file_is_skipped_with_a_warning_and_run_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    std::fs::write(input.join("ok.txt"), "Fine.\n").unwrap();
    let out = dir.path().join("out");
    newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "image.txt: skipped: looks binary",
        ));
    assert!(!out.join("image.txt").exists());
    assert_eq!(read(&out.join("ok.txt")), b"Fine.\n");
}

#[test]
fn manifest_rerun_processes_nothing_and_leaves_output_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let manifest = dir.path().join("manifest.json");
    let report = dir.path().join("report.json");
    let run = || {
        newsclean()
            .args(["clean", "-q"])
            .arg(repo("seeds"))
            .arg("-o")
            .arg(&out)
            .arg("--manifest")
            .arg(&manifest)
            .arg("--report")
            .arg(&report)
            .assert()
            .success();
        serde_json::from_slice::<serde_json::Value>(&read(&report)).unwrap()
    };
    let first = run();
    assert_eq!(first["summary"]["up_to_date"], 0);
    let before: Vec<_> = SEEDS.iter().map(|n| read(&out.join(n))).collect();
    let mtimes: Vec<_> = SEEDS
        .iter()
        .map(|n| std::fs::metadata(out.join(n)).unwrap().modified().unwrap())
        .collect();
    let second = run();
    assert_eq!(second["summary"]["up_to_date"], 2);
    assert_eq!(second["summary"]["changed"], 0);
    let after: Vec<_> = SEEDS.iter().map(|n| read(&out.join(n))).collect();
    assert_eq!(before, after);
    let mtimes_after: Vec<_> = SEEDS
        .iter()
        .map(|n| std::fs::metadata(out.join(n)).unwrap().modified().unwrap())
        .collect();
    assert_eq!(mtimes, mtimes_after, "up-to-date outputs are not rewritten");
}

#[test]
fn manifest_reprocesses_a_changed_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), "one  two\n").unwrap();
    std::fs::write(input.join("b.txt"), "three\n").unwrap();
    let out = dir.path().join("out");
    let manifest = dir.path().join("m.json");
    let run = || {
        newsclean()
            .args(["clean"])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .arg("--manifest")
            .arg(&manifest)
            .assert()
            .success()
    };
    run();
    std::fs::write(input.join("a.txt"), "four  five\n").unwrap();
    run().stderr(predicates::str::contains("1 file(s) up to date"));
    assert_eq!(read(&out.join("a.txt")), b"four five\n");
}

#[test]
fn check_format_github_prints_annotations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "ok\nx  y\n").unwrap();
    newsclean()
        .args(["check", "--format", "github"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicates::str::is_match(r"::warning file=.*a\.txt,line=2,title=newsclean normalize/")
                .unwrap(),
        );
}

#[test]
fn check_format_json_prints_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x  y\n").unwrap();
    let assert = newsclean()
        .args(["check", "-q", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["mode"], "check");
    assert_eq!(json["files"][0]["status"], "changed");
}

#[test]
fn in_place_backup_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "x  y\n").unwrap();
    newsclean()
        .args(["clean", "-q", "--in-place"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(!dir.path().join("a.txt.bak").exists());
    std::fs::write(&a, "p  q\n").unwrap();
    newsclean()
        .args(["clean", "-q", "--in-place", "--backup"])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(read(&a), b"p q\n");
    assert_eq!(read(&dir.path().join("a.txt.bak")), b"p  q\n");
}

#[test]
fn rules_lists_the_catalogue_and_preset_changes_it() {
    let news = newsclean().arg("rules").assert().success();
    let news = String::from_utf8(news.get_output().stdout.clone()).unwrap();
    assert!(news.contains("agency-photo-credit"));
    assert!(news.contains("drop-line"));
    let none = newsclean()
        .args(["rules", "--preset", "none"])
        .assert()
        .success();
    let none = String::from_utf8(none.get_output().stdout.clone()).unwrap();
    assert!(none.contains("(disabled)") || none.lines().count() < news.lines().count());
}

#[test]
fn preset_none_keeps_credit_lines() {
    newsclean()
        .args(["clean", "--preset", "none"])
        .write_stdin("Text.\nYURIY DYACHYSHYN/AFP/Getty\n")
        .assert()
        .success()
        .stdout("Text.\nYURIY DYACHYSHYN/AFP/Getty\n");
}

#[test]
fn eval_boilerplate_prints_precision_and_recall() {
    newsclean()
        .arg("eval-boilerplate")
        .arg(repo("fixtures/boilerplate"))
        .assert()
        .success()
        .stdout(predicates::str::contains("overall"));
}

#[test]
fn user_rule_over_the_regex_size_limit_is_a_config_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[[boilerplate.rules]]\nname = \"huge\"\nkind = \"drop-line\"\npattern = \"\\\\w{1000}\\\\w{1000}\\\\w{1000}\"\n",
    )
    .unwrap();
    newsclean()
        .args(["clean", "--config"])
        .arg(&cfg)
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("huge"));
}

#[test]
fn fresh_and_existing_output_trees_get_the_same_files_and_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    // A fresh tree (written through unnamed files), then the same tree again (by rename).
    let out = dir.path().join("new/nested/out");
    for _ in 0..2 {
        newsclean()
            .args(["clean", "--quiet", "--jobs", "2"])
            .arg(repo("seeds"))
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        for name in SEEDS {
            assert_eq!(
                read(&out.join(name)),
                read(&repo("fixtures/golden").join(name))
            );
        }
        for entry in walkdir::WalkDir::new(&out) {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with(".newsclean-"), "temp file left: {name}");
        }
    }
}

#[test]
fn clean_prints_the_change_count_that_explain_lists() {
    let seed = repo("seeds").join(SEEDS[0]);
    let explained = newsclean().arg("explain").arg(&seed).output().unwrap();
    let first = String::from_utf8(explained.stdout).unwrap();
    let count: usize = first
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {first:?}"));
    assert!(count > 0);
    let out = tempfile::tempdir().unwrap();
    newsclean()
        .arg("clean")
        .arg(&seed)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicates::str::contains(format!("({count} changes)")));
}

#[test]
fn short_run_on_a_terminal_draws_no_progress_bar() {
    // `script` gives the run a terminal on stdout and stderr.
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "{} clean {} -o {}",
        env!("CARGO_BIN_EXE_newsclean"),
        repo("seeds").display(),
        dir.path().join("out").display()
    );
    let Ok(run) = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
    else {
        eprintln!("skipped: no `script` command to run under a terminal");
        return;
    };
    assert!(run.status.success());
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("file(s):"), "{text:?}");
    // A bar, even one cleared at the end, leaves escape sequences behind.
    assert!(!text.contains('\u{1b}'), "progress bar drawn: {text:?}");
}

/// `clean --quiet ARGS INPUT -o DIR/NAME --report DIR/NAME.json`; the output directory and
/// the parsed report.
fn clean_into(dir: &Path, name: &str, input: &Path, args: &[&str]) -> (PathBuf, serde_json::Value) {
    let out = dir.join(name);
    let report = dir.join(format!("{name}.json"));
    newsclean()
        .args(["clean", "--quiet"])
        .args(args)
        .arg(input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let report = serde_json::from_slice(&read(&report)).unwrap();
    (out, report)
}

/// The seeds (mojibake, boilerplate) one after the other, repeated to at least `size` bytes.
fn repeated_seeds(size: usize) -> Vec<u8> {
    let mut text = Vec::new();
    while text.len() < size {
        for name in SEEDS {
            text.extend(read(&repo("seeds").join(name)));
        }
    }
    text
}

/// A file over `--stream-over` is cleaned in sections (1 MiB each) with the same result as
/// read whole: output bytes, report, `check` status, in-place rewrite and backup.
#[test]
fn large_files_stream_to_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let text = repeated_seeds(3 << 20);
    std::fs::write(input.join("big.txt"), &text).unwrap();
    let run = |name: &str, stream_over: &str| {
        let (out, report) = clean_into(dir.path(), name, &input, &["--stream-over", stream_over]);
        (read(&out.join("big.txt")), report)
    };
    let (whole, whole_report) = run("whole", "1G");
    let (streamed, streamed_report) = run("streamed", "1M");
    assert!(whole == streamed, "streamed output differs");
    // The same counts and removals (a removal's line is the line in the text of the pass
    // that made it, which differs for later passes; the rest must match).
    let summary = |r: &serde_json::Value| {
        let f = &r["files"][0];
        let mut removed: Vec<String> = f["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{} {} {}", c["rule"], c["text"], c["kept"]))
            .collect();
        removed.sort();
        let head = (
            f["status"].clone(),
            f["encoding"].clone(),
            f["counts"].clone(),
        );
        (r["summary"].clone(), head, removed)
    };
    assert_eq!(summary(&whole_report), summary(&streamed_report));
    assert!(summary(&whole_report).2.len() > 100);

    for stream_over in ["1G", "1M"] {
        newsclean()
            .args(["check", "--quiet", "--stream-over", stream_over])
            .arg(input.join("big.txt"))
            .assert()
            .code(1);
    }
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::write(copy.join("big.txt"), &text).unwrap();
    newsclean()
        .args([
            "clean",
            "--quiet",
            "--in-place",
            "--backup",
            "--stream-over",
            "1M",
        ])
        .arg(&copy)
        .assert()
        .success();
    assert!(read(&copy.join("big.txt")) == whole);
    assert!(read(&copy.join("big.txt.bak")) == text);
    newsclean()
        .args(["check", "--quiet", "--stream-over", "1M"])
        .arg(copy.join("big.txt"))
        .assert()
        .code(0);
}

const FILLER: &str =
    "The council met on Tuesday and voted to rebuild the old bridge over the river.\n";

/// Texts the stream hands back to the whole-file path: UTF-16 without a BOM (`FILLER` 40
/// times), and a document `--preset strict` drops (empty output), dropped early in it.
fn stream_fallback_texts() -> [(&'static str, Vec<u8>); 2] {
    let utf16: Vec<u8> = FILLER
        .repeat(40)
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    // In the second section (1 MiB each), so that the rule fires in a section, not the
    // whole, and with a stream of one job there is text after what it read by then.
    let lorem = format!(
        "{}Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n{}",
        FILLER.repeat(15_000),
        FILLER.repeat(100_000)
    );
    [("utf16.txt", utf16), ("lorem.txt", lorem.into_bytes())]
}

/// Files the stream hands back to the whole-file path (UTF-16 without a BOM; a document a
/// `drop-document` rule drops) come out as they do read whole.
#[test]
fn stream_fallbacks_give_the_whole_file_result() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in stream_fallback_texts() {
        std::fs::write(input.join(name), text).unwrap();
    }
    let run = |name: &str, stream_over: &str| {
        let args = ["--preset", "strict", "--stream-over", stream_over];
        let (out, report) = clean_into(dir.path(), name, &input, &args);
        let removed = report["summary"]["removed_lines"].as_u64().unwrap();
        (
            read(&out.join("utf16.txt")),
            read(&out.join("lorem.txt")),
            removed,
        )
    };
    let whole = run("whole", "1G");
    assert_eq!(whole.0, FILLER.repeat(40).as_bytes());
    assert!(whole.1.is_empty());
    // Every line of the dropped document is in the report.
    assert_eq!(whole.2, 115_001);
    assert_eq!(run("streamed", "0"), whole);
}

/// `newsclean ARGS < input`: the exit code, stdout and stderr.
fn run_stdin(args: &[&str], input: &[u8]) -> (i32, Vec<u8>, String) {
    let out = newsclean().args(args).write_stdin(input).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap(), out.stdout, stderr)
}

/// Stdin over `--stream-over` is spooled to a temporary file and cleaned in sections, with
/// the output and `check` status of stdin read whole and of the same text given by path.
#[test]
fn large_stdin_streams_to_the_same_result() {
    let text = repeated_seeds(3 << 20);
    let whole = run_stdin(&["clean"], &text);
    assert_eq!((whole.0, whole.2.as_str()), (0, ""));
    assert!(whole.1 != text);
    let streamed = run_stdin(&["clean", "--stream-over", "1K"], &text);
    assert!(streamed == whole, "streamed stdin differs: {}", streamed.2);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("big.txt"), &text).unwrap();
    let (out, _) = clean_into(dir.path(), "out", &input, &[]);
    assert!(
        read(&out.join("big.txt")) == whole.1,
        "stdin and path differ"
    );

    let golden = read(&repo("fixtures/golden").join(SEEDS[0]));
    for stream_over in ["64M", "1K"] {
        let check = |input: &[u8]| run_stdin(&["check", "--stream-over", stream_over], input);
        assert_eq!(check(&text).0, 1, "--stream-over {stream_over}");
        assert_eq!(check(&whole.1).0, 0, "--stream-over {stream_over}");
        assert_eq!(check(&golden).0, 0, "--stream-over {stream_over}");
    }

    // The streamed path is the one taken: it needs a temporary file, and when it cannot
    // have one it fails and writes nothing.
    let missing = dir.path().join("missing");
    for command in ["clean", "check"] {
        let run = newsclean()
            .args([command, "--stream-over", "1K"])
            .env("TMPDIR", &missing)
            .write_stdin(text.clone())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("<stdin>: temporary file"), "{stderr}");
        assert!(run.stdout.is_empty());
    }
}

/// Stdin the stream hands back to the whole-file path comes out as read whole: not the
/// sections written before the stream gave up (the dropped document's first), and all of
/// the text read again, not the rest of it.
#[test]
fn stdin_stream_fallbacks_give_the_whole_result() {
    for (name, text) in stream_fallback_texts() {
        let args = ["clean", "--preset", "strict", "--jobs", "1"];
        let whole = run_stdin(&args, &text);
        let streamed = run_stdin(&[&args[..], &["--stream-over", "1K"]].concat(), &text);
        let want = match name {
            "utf16.txt" => FILLER.repeat(40).into_bytes(),
            _ => Vec::new(),
        };
        assert_eq!((whole.0, &whole.1), (0, &want), "{name}: {}", whole.2);
        assert!(streamed == whole, "{name}: {}", streamed.2);
    }
}

/// Undecodable stdin under `--stream-over` fails as read whole: exit 2, an error naming
/// `<stdin>` and the offset, and nothing on stdout (though sections before the bad byte
/// were cleaned).
#[test]
fn undecodable_large_stdin_writes_nothing() {
    let mut text = repeated_seeds(6 << 20);
    let at = text.len() - 1000;
    let at = at + text[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    text.insert(at, 0xff);
    let args = ["clean", "--encoding", "utf-8", "--jobs", "1"];
    let whole = run_stdin(&args, &text);
    let message = format!("error: <stdin>: invalid UTF-8 at byte offset {at} ");
    assert_eq!(whole.0, 2);
    assert!(whole.1.is_empty());
    assert!(whole.2.starts_with(&message), "{}", whole.2);
    let streamed = run_stdin(&[&args[..], &["--stream-over", "1K"]].concat(), &text);
    assert!(streamed == whole, "{}", streamed.2);
}

/// Several files over `--stream-over`, with one job and with two: each stream cleans its
/// sections on the thread pool, so streams must not wait on pool threads the pool needs
/// (two such files on two jobs, or one on one job, once hung for good). The output is the
/// whole-file path's.
#[test]
fn several_streamed_files_on_few_jobs_finish_with_the_whole_file_result() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // Over a section (1 MiB), so that each stream has sections to wait for.
    let text = repeated_seeds(2_500_000);
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(input.join(name), &text).unwrap();
    }
    let (whole, _) = clean_into(dir.path(), "whole", &input, &[]);
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("streamed-{jobs}"));
        newsclean()
            .args(["clean", "--quiet", "--stream-over", "64K", "--jobs", jobs])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .timeout(std::time::Duration::from_secs(120))
            .assert()
            .success();
        for name in ["a.txt", "b.txt", "c.txt"] {
            assert_eq!(
                read(&out.join(name)),
                read(&whole.join(name)),
                "{jobs} jobs: {name}"
            );
        }
        newsclean()
            .args(["check", "--quiet", "--stream-over", "64K", "--jobs", jobs])
            .arg(&input)
            .timeout(std::time::Duration::from_secs(120))
            .assert()
            .code(1);
    }
}
