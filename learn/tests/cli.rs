//! `cargo learn` given bad input, run as a learner would run it, in a scratch copy of the exercise
//! files (`LEARN_ROOT`): every case ends with a clear message, and nothing of the learner's work is
//! lost. The checks that build and run a learner's file (a file that does not compile, an edit while
//! `watch` runs) do so in a scratch copy of `exercises-check/` and the channel, like a learner's
//! `cargo learn check`. (A file that does not compile is also in the catalogue:
//! `ex07_send_moves/wrong-still-borrowed`.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository, as a plain absolute path (no `..`: cargo prints the paths of the files it
/// compiles without them, and the grader turns those that start with the root into `exercises/...`).
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A scratch root holding copies of `exercises/` and `book/src/` (the chapters the messages name).
/// Everything from an earlier run is removed but `target/`: the build cache of checks run in it
/// (see [`scratch_with_checks`]).
fn scratch(name: &str) -> PathBuf {
    let repo = repo();
    let root = repo.join("target/learn-cli").join(name);
    if let Ok(entries) = fs::read_dir(&root) {
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name() == "target" {
                continue;
            }
            if path.is_dir() {
                fs::remove_dir_all(&path).unwrap();
            } else {
                fs::remove_file(&path).unwrap();
            }
        }
    }
    fs::create_dir_all(root.join("exercises")).unwrap();
    fs::create_dir_all(root.join("book/src")).unwrap();
    for entry in fs::read_dir(repo.join("exercises")).unwrap().flatten() {
        fs::copy(entry.path(), root.join("exercises").join(entry.file_name())).unwrap();
    }
    root
}

/// [`scratch`], plus what `cargo learn check` builds: the checks (`exercises-check/`) and the channel
/// they depend on (the root package), so that a check really compiles the scratch copy of the
/// learner's file. The copies keep the originals' modification times, so that cargo reuses the
/// scratch root's `target/` from the previous run and builds only the check of the learner's file.
fn scratch_with_checks(name: &str) -> PathBuf {
    let root = scratch(name);
    for path in [
        "Cargo.toml",
        "build.rs",
        "src",
        "examples",
        "exercises-check/Cargo.toml",
        "exercises-check/Cargo.lock",
        "exercises-check/src",
        "exercises-check/checks",
    ] {
        copy_keeping_times(&repo().join(path), &root.join(path));
    }
    // The real package stays out of the root workspace by the root's `exclude`; the copy, inside
    // the repository's `target/`, would be claimed by the repository's workspace: it gets its own.
    let manifest = root.join("exercises-check/Cargo.toml");
    let own_workspace = fs::read_to_string(&manifest).unwrap() + "\n[workspace]\n";
    fs::write(&manifest, own_workspace).unwrap();
    same_time(&repo().join("exercises-check/Cargo.toml"), &manifest);
    root
}

fn copy_keeping_times(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap().flatten() {
            copy_keeping_times(&entry.path(), &to.join(entry.file_name()));
        }
        return;
    }
    fs::create_dir_all(to.parent().unwrap()).unwrap();
    fs::copy(from, to).unwrap();
    same_time(from, to);
}

fn same_time(from: &Path, to: &Path) {
    let modified = fs::metadata(from).unwrap().modified().unwrap();
    fs::File::options()
        .write(true)
        .open(to)
        .unwrap()
        .set_modified(modified)
        .unwrap();
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

/// A learner's file that no longer compiles, checked for real (cargo builds the check against it):
/// the report names the file and gives the compiler's own error, the exit code says "not yet", the
/// file is untouched, and the exercise is recorded as failing, not done.
#[test]
fn a_file_that_does_not_compile_gets_the_compilers_message_and_is_kept() {
    let root = scratch_with_checks("does-not-compile");
    let file = root.join("exercises/ex05_polling.rs");
    let pristine = fs::read_to_string(&file).unwrap();
    let mine = pristine.replace(
        "todo!(\"match on rx.try_recv()\")",
        "let waiting: u32 = \"not a number\";\n    todo!(\"{waiting}\")",
    );
    assert_ne!(mine, pristine, "the starter changed: break it another way");
    fs::write(&file, &mine).unwrap();

    let out = learn(&root, &["check", "5"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("exercises/ex05_polling.rs does not compile. The compiler says:"),
        "{said}"
    );
    assert!(
        said.contains("error[E0308]: mismatched types")
            && said.contains("--> exercises/ex05_polling.rs:"),
        "the compiler's error, at the learner's path: {said}"
    );
    assert!(
        !said.contains("panicked") && !said.contains("exercises-check/"),
        "no panic, no paths of the grader's internals: {said}"
    );
    assert!(said.contains("does not pass yet"), "{said}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        mine,
        "the learner's file is untouched"
    );
    let progress = fs::read_to_string(root.join(".progress.toml")).unwrap();
    assert!(
        progress.contains("failing") && !progress.contains("done"),
        "{progress}"
    );
    let out = learn(&root, &["list"]);
    assert!(text(&out).contains("failing"), "{}", text(&out));
}

/// An exercise edited while `watch` runs: watch checks it, re-checks it when the learner saves and
/// prints the new verdict, and after Ctrl-C the file holds exactly what the learner saved.
#[cfg(unix)]
#[test]
fn watch_rechecks_an_edited_exercise_and_ctrl_c_keeps_the_edit() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Child, Stdio};
    use std::sync::mpsc;
    use std::thread;
    use std::time::{Duration, Instant};

    let root = scratch_with_checks("watch-edit");
    let file = root.join("exercises/ex05_polling.rs");
    /// Our `watch` process, ended by its handle if the test fails half-way (it would watch forever).
    struct Watch(Child);
    impl Drop for Watch {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut watch = Watch(
        Command::new(env!("CARGO_BIN_EXE_learn"))
            .args(["watch", "5"])
            .env("LEARN_ROOT", &root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut watch.0;
    // Lines arrive on a channel, so that a silent watch fails the test at the deadline instead of
    // hanging it.
    let (lines_tx, lines) = mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let reader = thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut stderr = child.stderr.take().unwrap();
    let errors = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut said = String::new();
    // Everything watch prints up to its next "Watching" line (which follows each verdict).
    let mut until_watching = |what: &str| -> String {
        let mut part = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    part.push_str(&line);
                    part.push('\n');
                    said.push_str(&line);
                    said.push('\n');
                    if line.starts_with("Watching exercises/ex05_polling.rs") {
                        return part;
                    }
                }
                Err(_) => panic!("no {what} from watch within 120 s; it said:\n{said}"),
            }
        }
    };

    let first = until_watching("first verdict");
    assert!(
        first.contains("✗ Exercise 5 does not pass yet"),
        "the starter fails:\n{first}"
    );
    let mine = fs::read_to_string(repo().join("solutions/ex05_polling.rs"))
        .unwrap()
        .replace(
            "// SOLUTION",
            "// STARTER\n// the learner's own work, saved while watch runs",
        );
    fs::write(&file, &mine).unwrap();
    let second = until_watching("new verdict after the edit");
    assert!(
        second.contains("Checking exercise 5") && second.contains("✓ Exercise 5 passes"),
        "the edit is re-checked and passes:\n{second}"
    );

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait().unwrap();
    reader.join().unwrap();
    let errors = errors.join().unwrap();
    assert_eq!(out.code(), Some(2), "{said}{errors}");
    assert!(errors.contains("stopped by Ctrl-C"), "{errors}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        mine,
        "the learner's file holds exactly what was saved"
    );
}
