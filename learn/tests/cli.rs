//! `cargo learn` given bad input, run as a learner would run it, in a scratch copy of the exercise
//! files (`LEARN_ROOT`): every case ends with a clear message, and nothing of the learner's work is
//! lost. (A file that does not compile is in the catalogue: `ex07_send_moves/wrong-still-borrowed`.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch root holding copies of `exercises/` and `book/src/` (the chapters the messages name).
fn scratch(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = repo.join("target/learn-cli").join(name);
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("exercises")).unwrap();
    fs::create_dir_all(root.join("book/src")).unwrap();
    for entry in fs::read_dir(repo.join("exercises")).unwrap().flatten() {
        fs::copy(entry.path(), root.join("exercises").join(entry.file_name())).unwrap();
    }
    root
}

fn learn(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .env("LEARN_ROOT", root)
        .output()
        .expect("cargo learn runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn an_unknown_exercise_is_named_and_nothing_runs() {
    let root = scratch("unknown");
    for args in [["check", "99"], ["hint", "nope"], ["reset", "ex0"]] {
        let out = learn(&root, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains("there is no exercise") && text(&out).contains("cargo learn list"),
            "{args:?}: {}",
            text(&out)
        );
    }
    let out = learn(&root, &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("frobnicate"), "{}", text(&out));
    assert!(
        !root.join(".progress.toml").exists(),
        "nothing was recorded"
    );
}

#[test]
fn a_corrupt_progress_file_is_reported_and_kept() {
    let root = scratch("corrupt");
    let damaged = "[ex01_first_message]\nstate = \"done\nhints = 1\n";
    fs::write(root.join(".progress.toml"), damaged).unwrap();
    for args in [vec!["list"], vec!["hint", "1"], vec!["check", "1"]] {
        let out = learn(&root, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        let said = text(&out);
        assert!(
            said.contains(".progress.toml is damaged") && said.contains("line 2"),
            "{args:?}: {said}"
        );
        assert!(said.contains("your exercise files are not"), "{said}");
    }
    assert_eq!(
        fs::read_to_string(root.join(".progress.toml")).unwrap(),
        damaged,
        "the damaged file is left for the learner to fix, not overwritten"
    );
}

#[test]
fn a_deleted_exercise_is_missing_and_reset_brings_it_back() {
    let root = scratch("deleted");
    let file = root.join("exercises/ex03_forgotten_sender.rs");
    let pristine = fs::read_to_string(&file).unwrap();
    fs::remove_file(&file).unwrap();

    let out = learn(&root, &["list"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("MISSING (cargo learn reset)"),
        "{}",
        text(&out)
    );

    let out = learn(&root, &["check", "3"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cargo learn reset 3"), "{}", text(&out));

    let out = learn(&root, &["reset", "3"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(fs::read_to_string(&file).unwrap(), pristine);
}

#[test]
fn reset_keeps_the_learners_version() {
    let root = scratch("reset");
    let file = root.join("exercises/ex02_drain.rs");
    let pristine = fs::read_to_string(&file).unwrap();
    let mine = format!("{pristine}\n// my own attempt\n");
    fs::write(&file, &mine).unwrap();
    let out = learn(&root, &["reset", "2"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(fs::read_to_string(&file).unwrap(), pristine);
    let backups: Vec<PathBuf> = fs::read_dir(root.join(".progress-backups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(fs::read_to_string(&backups[0]).unwrap(), mine);
    // A second reset of an untouched starter saves nothing more and loses nothing.
    let out = learn(&root, &["reset", "2"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        fs::read_dir(root.join(".progress-backups"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn the_offline_bundle_points_to_the_rendered_book() {
    let root = scratch("bundle");
    fs::remove_dir_all(root.join("book/src")).unwrap();
    fs::write(root.join("book/index.html"), "").unwrap();
    let out = learn(&root, &["list"]);
    let said = text(&out);
    assert!(said.contains("book/foundations/one-message.html"), "{said}");
    assert!(
        !said.contains("book/src") && !said.contains("cargo xtask"),
        "{said}"
    );
    let out = learn(&root, &["solution", "1", "--force"]);
    assert!(text(&out).contains("ask your instructor"), "{}", text(&out));
}

/// Ctrl-C (SIGINT) while `watch` waits: it stops with a clear message, and writes nothing.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_watch_and_loses_nothing() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let root = scratch("ctrl-c");
    let file = root.join("exercises/ex03_forgotten_sender.rs");
    let mine = "// STARTER\n// the learner's half-finished work\n";
    fs::write(&file, mine).unwrap();
    // Watch another exercise whose file is gone: `watch` then waits without building anything.
    fs::remove_file(root.join("exercises/ex04_several_producers.rs")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(["watch", "4"])
        .env("LEARN_ROOT", &root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = Instant::now();
    loop {
        let line = lines.next().expect("watch keeps talking").unwrap();
        if line.contains("Watching") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "watch never started"
        );
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("stopped by Ctrl-C"), "{said}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        mine,
        "the learner's file is untouched"
    );
    assert!(
        !root.join(".progress.toml").exists(),
        "nothing was recorded"
    );
}
