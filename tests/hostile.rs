//! Hostile inputs: each has a clear error or a defined result, and the rest of the run is
//! unaffected.

use assert_cmd::Command;
use newsclean::batch::{process_files, Mode, Processed};
use newsclean::inputs::collect_inputs;
use newsclean::{Config, Pipeline};
use std::path::Path;

fn newsclean() -> Command {
    Command::cargo_bin("newsclean").unwrap()
}

fn clean_dir(input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    newsclean()
        .args(["clean", "-q"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .assert()
}

#[test]
fn empty_and_whitespace_only_files_become_empty() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("blank.txt"), " \n\t\r\n\u{a0}\n\n").unwrap();
    let out = dir.path().join("out");
    clean_dir(&input, &out).success();
    assert_eq!(std::fs::read(out.join("empty.txt")).unwrap(), b"");
    assert_eq!(std::fs::read(out.join("blank.txt")).unwrap(), b"");
}

#[test]
fn utf16_with_and_without_bom() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let text = "Kyiv\u{2019}s mayor said.\r\n";
    let mut with_bom = vec![0xff, 0xfe];
    with_bom.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let without_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(input.join("le-bom.txt"), with_bom).unwrap();
    std::fs::write(input.join("be.txt"), without_bom).unwrap();
    let out = dir.path().join("out");
    clean_dir(&input, &out).success();
    for name in ["le-bom.txt", "be.txt"] {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            "Kyiv's mayor said.\n",
            "{name}"
        );
    }
}

#[test]
fn invalid_utf8_in_the_middle_is_an_error_with_offset_unless_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::write(&input, b"S\xc3\xa3o Paulo \xfe\xfe said caf\xc3\xa9.\n").unwrap();
    let out = dir.path().join("out");
    newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "in.txt: invalid UTF-8 at byte offset 11",
        ));
    assert!(!out.join("in.txt").exists());
    newsclean()
        .args(["clean", "-q", "--lossy"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out.join("in.txt")).unwrap(),
        "São Paulo \u{fffd}\u{fffd} said café.\n"
    );
}

#[test]
fn huge_single_line_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // 200 MB on one line, with a curly quote every ~1 MB so every stage has work.
    let unit = "word ".repeat(200_000) + "\u{201c}x\u{201d} ";
    let mut text = String::with_capacity(201 << 20);
    while text.len() < 200 << 20 {
        text.push_str(&unit);
    }
    std::fs::write(input.join("big.txt"), &text).unwrap();
    drop(text);
    let out = dir.path().join("out");
    clean_dir(&input, &out).success();
    let cleaned = std::fs::read(out.join("big.txt")).unwrap();
    assert!(cleaned.len() > 199 << 20);
    assert_eq!(memchr::memchr_iter(b'\n', &cleaned).count(), 1);
    assert!(!cleaned.contains(&0xe2), "curly quotes became ASCII");
}

#[test]
fn ten_thousand_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for i in 0..10_000 {
        let sub = input.join(format!("d{}", i % 10));
        if i < 10 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("{i}.txt")), format!("File  {i}.")).unwrap();
    }
    let out = dir.path().join("out");
    clean_dir(&input, &out).success();
    for i in [0, 4_321, 9_999] {
        let got = std::fs::read_to_string(out.join(format!("d{}/{i}.txt", i % 10))).unwrap();
        assert_eq!(got, format!("File {i}.\n"));
    }
    let count = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(count, 10_000);
}

#[test]
fn symlink_loop_does_not_hang_or_fail() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("a")).unwrap();
    std::fs::write(input.join("a/x.txt"), "x\n").unwrap();
    std::os::unix::fs::symlink("..", input.join("a/loop")).unwrap();
    let out = dir.path().join("out");
    clean_dir(&input, &out).success();
    assert!(out.join("a/x.txt").exists());
}

#[test]
fn unreadable_directory_is_reported_and_the_rest_completes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let locked = input.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("secret.txt"), "x\n").unwrap();
    std::fs::write(input.join("open.txt"), "y\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Running as root: permissions are not enforced, so there is nothing to test here.
        eprintln!("skipped: permissions are not enforced for this user (root)");
        return;
    }
    let out = dir.path().join("out");
    clean_dir(&input, &out)
        .code(2)
        .stderr(predicates::str::contains("locked"));
    assert!(out.join("open.txt").exists());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn file_that_disappears_mid_run_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(input.join(name), "text\n").unwrap();
    }
    let (files, errors) = collect_inputs(std::slice::from_ref(&input), "*.txt", None);
    assert!(errors.is_empty());
    std::fs::remove_file(input.join("b.txt")).unwrap();
    let pipeline = Pipeline::new(Config::default()).unwrap();
    let out = dir.path().join("out");
    let outcomes = process_files(
        &pipeline,
        &files,
        &Mode::Write {
            out_dir: out.clone(),
        },
        None,
        &|_| {},
    );
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|o| o.result.is_err())
        .map(|o| o.input.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(failed, vec![std::ffi::OsString::from("b.txt")]);
    assert!(matches!(outcomes[0].result, Ok(Processed::Cleaned(_))));
    assert!(out.join("a.txt").exists() && out.join("c.txt").exists());
    assert!(!out.join("b.txt").exists());
}

#[test]
fn full_disk_reports_write_error_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&mnt);
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("big.txt"),
        "A sentence of news text. ".repeat(20_000),
    )
    .unwrap();
    std::fs::write(input.join("small.txt"), "Short.\n").unwrap();
    let out = mnt.join("out");
    // One job, so the files are written one after the other: with two, the small file's
    // write can meet the disk while the big one's temporary file still fills it, and fail
    // as rightly (seen in CI; 3 of 100 runs by hand with two jobs, 0 of 100 with one).
    newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--jobs", "1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot write"))
        .stderr(predicates::str::contains("big.txt"));
    assert!(!out.join("big.txt").exists(), "no partial output");
    assert_eq!(std::fs::read(out.join("small.txt")).unwrap(), b"Short.\n");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
}
