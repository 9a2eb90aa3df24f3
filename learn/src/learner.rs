//! The learner's commands: list, check, hint, solution, reset, watch.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::catalog::{self, EXERCISES, Exercise, Mode};
use crate::checks::{self, BuildRequest, Variant};
use crate::grade;
use crate::progress::{self, Checked, Progress};
use crate::starters;

/// What a command tells `main` about how it went, besides what it printed.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The exercise does not pass yet (a failing check or a compile error): exit code 1.
    NotYet,
}

pub fn exercise_path(root: &Path, exercise: &Exercise) -> PathBuf {
    root.join("exercises").join(exercise.file_name())
}

pub fn solution_path(root: &Path, exercise: &Exercise) -> PathBuf {
    root.join("solutions").join(exercise.file_name())
}

/// Set by Ctrl-C: a running check is stopped (its test binary killed), nothing is written, and the
/// learner's file is never touched by a check anyway.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// `INTERRUPTED` is process-wide: the unit tests that touch it, or run checks, take turns.
#[cfg(test)]
pub static TEST_TURNS: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn stop_on_ctrl_c() {
    // If the handler cannot be installed, Ctrl-C simply ends the process, which loses nothing
    // either: the progress file is replaced atomically and checks never write the learner's file.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: the learner means it.
            std::process::exit(130);
        }
    });
}

fn interrupted() -> Result<(), String> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err("stopped by Ctrl-C. Your exercise files and your progress are as they were.".into())
    } else {
        Ok(())
    }
}

/// Where an exercise stands, as `list` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    NotStarted,
    /// Edited since it was last checked (or never checked).
    Started,
    Failing,
    Done,
    /// The file is gone: `reset` brings it back.
    Missing,
}

impl State {
    fn label(self) -> &'static str {
        match self {
            State::NotStarted => "not started",
            State::Started => "edited, not checked",
            State::Failing => "failing",
            State::Done => "done",
            State::Missing => "MISSING (cargo learn reset)",
        }
    }
}

pub fn state(root: &Path, exercise: &Exercise, progress: &Progress) -> State {
    let Ok(contents) = fs::read(exercise_path(root, exercise)) else {
        return State::Missing;
    };
    let record = progress.get(exercise.name);
    match record.checked {
        Some((Checked::Done, hash)) if hash == progress::fingerprint(&contents) => State::Done,
        Some((Checked::Failing, hash)) if hash == progress::fingerprint(&contents) => {
            State::Failing
        }
        _ if starters::pristine(exercise.name).is_some_and(|s| s.as_bytes() == contents) => {
            State::NotStarted
        }
        _ => State::Started,
    }
}

/// The exercise named on the command line, or else the first one not done.
fn pick(
    root: &Path,
    query: Option<&str>,
    progress: &Progress,
) -> Result<Option<&'static Exercise>, String> {
    match query {
        Some(query) => catalog::find(query).map(Some).ok_or_else(|| {
            format!(
                "there is no exercise `{query}`: give a number from 1 to {} or a name from `cargo learn list`",
                EXERCISES.len()
            )
        }),
        None => Ok(EXERCISES
            .iter()
            .find(|e| state(root, e, progress) != State::Done)),
    }
}

fn load(root: &Path) -> Result<Progress, String> {
    Progress::load(&progress::path(root))
}

fn how_checked(exercise: &Exercise) -> &'static str {
    match exercise.mode {
        Mode::Loom => {
            "model-checked by loom: each check runs in every execution loom explores when it may \
             preempt a running thread at most twice per execution (a bounded exploration, not every \
             schedule); inputs are chosen by the check, and where you write a wait a checker thread \
             also wakes it for no reason, as real condition variables may"
        }
        Mode::Std => "plain tests on real threads, with inputs chosen by the check",
    }
}

fn introduce(root: &Path, exercise: &Exercise) -> String {
    format!(
        "Exercise {n}: {title}\n  read first: {reading}\n  edit:       exercises/{file}\n  then run:   cargo learn check {n}   (or `cargo learn watch` to re-check on every save)",
        n = exercise.number(),
        title = exercise.title,
        reading = exercise.reading(root),
        file = exercise.file_name(),
    )
}

pub fn list(root: &Path) -> Result<Outcome, String> {
    let progress = load(root)?;
    let states: Vec<State> = EXERCISES
        .iter()
        .map(|e| state(root, e, &progress))
        .collect();
    let done = states.iter().filter(|s| **s == State::Done).count();
    const WIDTH: usize = 30;
    let filled = done * WIDTH / EXERCISES.len();
    say!(
        "mailslot exercises  [{}{}]  {done}/{} done\n",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        EXERCISES.len()
    );
    for (exercise, state) in EXERCISES.iter().zip(&states) {
        let mark = if *state == State::Done { "✓" } else { " " };
        say!(
            " {mark} {:>2}  {:<42} {:<20} {}",
            exercise.number(),
            exercise.title,
            state.label(),
            exercise.mode.name()
        );
    }
    say!();
    match EXERCISES
        .iter()
        .zip(&states)
        .find(|(_, s)| **s != State::Done)
    {
        Some((next, _)) => say!("Next: {}", introduce(root, next)),
        None => say!(
            "All {} exercises pass. Compare yours with the solutions (`cargo learn solution N`), and \
             read {} for what the real channel does beyond them.",
            EXERCISES.len(),
            catalog::chapter_path(root, "build/fast")
        ),
    }
    Ok(Outcome::Success)
}

/// The result of checking one exercise, already printed.
enum Verdict {
    Passed,
    Failed,
}

pub fn check(root: &Path, query: Option<&str>) -> Result<Outcome, String> {
    let mut progress = load(root)?;
    let Some(exercise) = pick(root, query, &progress)? else {
        say!("Every exercise passes: nothing left to check. `cargo learn check N` re-checks one.");
        return Ok(Outcome::Success);
    };
    let verdict = check_and_record(root, exercise, &mut progress)?;
    Ok(match verdict {
        Verdict::Passed => {
            let next = EXERCISES
                .iter()
                .find(|e| state(root, e, &progress) != State::Done);
            match next {
                Some(next) => say!("\nNext: {}", introduce(root, next)),
                None => say!("\nThat was the last one: every exercise passes. Well done!"),
            }
            Outcome::Success
        }
        Verdict::Failed => Outcome::NotYet,
    })
}

/// Checks one exercise, prints the report, and records the result.
fn check_and_record(
    root: &Path,
    exercise: &'static Exercise,
    progress: &mut Progress,
) -> Result<Verdict, String> {
    let file = exercise_path(root, exercise);
    let contents = fs::read(&file).map_err(|e| {
        format!(
            "cannot read {}: {e}\n`cargo learn reset {}` restores the starter.",
            file.display(),
            exercise.number()
        )
    })?;
    say!(
        "Checking exercise {}: {} ({})...",
        exercise.number(),
        exercise.title,
        how_checked(exercise)
    );
    let started = Instant::now();
    let verdict = run_check(root, exercise, &String::from_utf8_lossy(&contents))?;
    // Stopped half-way: record nothing.
    interrupted()?;
    let seconds = started.elapsed().as_secs_f64();
    let record = progress.record(exercise.name);
    let hash = progress::fingerprint(&contents);
    record.checked = Some(match verdict {
        Verdict::Passed => (Checked::Done, hash),
        Verdict::Failed => (Checked::Failing, hash),
    });
    let hints_seen = record.hints;
    progress.save(&progress::path(root))?;
    match verdict {
        Verdict::Passed => say!(
            "\n✓ Exercise {} passes ({seconds:.1} s). What you can do now: see its header comment.",
            exercise.number()
        ),
        Verdict::Failed => {
            let hint = if hints_seen < 3 {
                format!(
                    "`cargo learn hint {}` shows hint {} of 3",
                    exercise.number(),
                    hints_seen + 1
                )
            } else {
                format!(
                    "you have seen all 3 hints (`cargo learn hint {}` repeats them)",
                    exercise.number()
                )
            };
            say!(
                "\n✗ Exercise {} does not pass yet ({seconds:.1} s).\nWhat to try next: read the message above, re-read {}, and edit exercises/{}; {hint}.",
                exercise.number(),
                exercise.reading(root),
                exercise.file_name()
            );
        }
    }
    Ok(verdict)
}

/// Builds and runs one exercise's checks against the learner's file, printing what happened.
fn run_check(root: &Path, exercise: &Exercise, source: &str) -> Result<Verdict, String> {
    let targets = [exercise.name];
    let built = if grade::habits(source, exercise.mode).is_empty() {
        let request = BuildRequest::exercises(root, exercise.mode, Variant::Learner, &targets);
        let built = checks::build(&request)?;
        // Ctrl-C reaches cargo too, which then stops half-way: say so, not "could not be built".
        interrupted()?;
        built
    } else {
        // No use building what cannot be checked: the report says why.
        checks::BuildOutcome::default()
    };
    let report = grade::grade(exercise, source, &built, &grade::plain_paths(root))?;
    say!("\n{}", report.text.trim_end());
    Ok(if report.passed {
        Verdict::Passed
    } else {
        Verdict::Failed
    })
}

pub fn hint(root: &Path, query: Option<&str>) -> Result<Outcome, String> {
    let mut progress = load(root)?;
    let Some(exercise) = pick(root, query, &progress)? else {
        say!("Every exercise passes: no hints needed. `cargo learn hint N` shows one anyway.");
        return Ok(Outcome::Success);
    };
    let record = progress.record(exercise.name);
    let shown = record.hints;
    let index = shown.min(2);
    record.hints = (shown + 1).min(3);
    progress.save(&progress::path(root))?;
    say!(
        "Exercise {}: {}, hint {} of 3:\n",
        exercise.number(),
        exercise.title,
        index + 1
    );
    for line in exercise.hints[index].lines() {
        say!("  {line}");
    }
    if shown >= 2 {
        say!(
            "\nThat was the last hint (`cargo learn hint {0}` shows it again). Once the exercise \
             passes, `cargo learn solution {0}` shows the reference; `--force` shows it now.",
            exercise.number()
        );
    } else {
        say!(
            "\nStill stuck? `cargo learn hint {}` again for the next one.",
            exercise.number()
        );
    }
    Ok(Outcome::Success)
}

pub fn solution(root: &Path, query: Option<&str>, force: bool) -> Result<Outcome, String> {
    let progress = load(root)?;
    let Some(query) = query else {
        return Err("say which solution: `cargo learn solution N`".into());
    };
    let exercise = pick(root, Some(query), &progress)?.expect("a query always picks one");
    let passed = matches!(
        progress.get(exercise.name).checked,
        Some((Checked::Done, _))
    );
    if !passed && !force {
        say!(
            "Exercise {} has not passed yet, so its solution stays hidden: trying is how it sticks.\n\
             `cargo learn check {0}` checks it, `cargo learn hint {0}` helps, and \
             `cargo learn solution {0} --force` shows the solution anyway.",
            exercise.number()
        );
        return Ok(Outcome::NotYet);
    }
    let path = solution_path(root, exercise);
    if !path.exists() {
        return Err(
            "the reference solutions are not in this copy of the course (the offline bundle leaves \
             them out): ask your instructor"
                .into(),
        );
    }
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    say!("solutions/{}:\n\n{text}", exercise.file_name());
    Ok(Outcome::Success)
}

pub fn reset(root: &Path, query: Option<&str>) -> Result<Outcome, String> {
    let mut progress = load(root)?;
    let Some(query) = query else {
        return Err(
            "say which exercise to reset: `cargo learn reset N` (it replaces your file with the starter)"
                .into(),
        );
    };
    let exercise = pick(root, Some(query), &progress)?.expect("a query always picks one");
    let Some(starter) = starters::pristine(exercise.name) else {
        return Err(format!(
            "this build of `cargo learn` has no pristine copy of exercises/{0} (it was edited \
             before `cargo learn` first ran, and git's history does not have it either). Your file \
             is untouched; ask your instructor for the starter.",
            exercise.file_name()
        ));
    };
    let target = exercise_path(root, exercise);
    // Keep the learner's version next to the progress file (ignored by git), just in case: it is
    // saved before the starter replaces it, and a failed backup stops the reset.
    if let Ok(old) = fs::read(&target)
        && old != starter.as_bytes()
    {
        let backups = root.join(".progress-backups");
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let backup = backups.join(format!("{}.{stamp}.rs", exercise.name));
        fs::create_dir_all(&backups)
            .and_then(|()| fs::write(&backup, old))
            .map_err(|e| format!("cannot back up your file to {}: {e}", backup.display()))?;
        say!("Your version is saved in {}.", backup.display());
    }
    // Write beside it and rename: an interrupted reset leaves either file whole.
    let temporary = target.with_extension("rs.reset-tmp");
    fs::write(&temporary, starter)
        .and_then(|()| fs::rename(&temporary, &target))
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    progress.record(exercise.name).checked = None;
    progress.save(&progress::path(root))?;
    say!(
        "exercises/{} is the starter again.\n\n{}",
        exercise.file_name(),
        introduce(root, exercise)
    );
    Ok(Outcome::Success)
}

/// Checks the current exercise, then again every time its file is saved (the `notify` crate tells
/// us; a burst of events from one save counts once). After a pass it moves on to the next exercise
/// unless one was named. Ctrl-C stops it.
pub fn watch(root: &Path, query: Option<&str>) -> Result<Outcome, String> {
    let fixed = query.is_some();
    let mut progress = load(root)?;
    let Some(mut exercise) = pick(root, query, &progress)? else {
        say!("Every exercise passes: nothing to watch.");
        return Ok(Outcome::Success);
    };
    let (events_tx, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = events_tx.send(event);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    // Watch the folder, not the file: editors often save by replacing the file, and a deleted file
    // is reported too.
    let folder = root.join("exercises");
    watcher
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    loop {
        let path = exercise_path(root, exercise);
        if path.exists() {
            let verdict = check_and_record(root, exercise, &mut progress)?;
            if matches!(verdict, Verdict::Passed) && !fixed {
                match pick(root, None, &progress)? {
                    Some(next) => {
                        exercise = next;
                        say!("\nNext: {}", introduce(root, exercise));
                    }
                    None => {
                        say!("\nEvery exercise passes. Well done!");
                        return Ok(Outcome::Success);
                    }
                }
            }
        } else {
            say!(
                "\nexercises/{} is missing. `cargo learn reset {}` brings the starter back (or restore \
                 your own copy); watching for it to return.",
                exercise.file_name(),
                exercise.number()
            );
        }
        say!(
            "\nWatching exercises/{} (Ctrl-C to stop)...",
            exercise.file_name()
        );
        let path = exercise_path(root, exercise);
        wait_for_change(&events, &path)?;
        say!("\n{}", "-".repeat(72));
    }
}

/// Waits until `path` is written, created or removed; then lets a burst of events from the same
/// save settle, so one save runs one check.
fn wait_for_change(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    path: &Path,
) -> Result<(), String> {
    wait_for_change_until(events, path, None)
}

/// [`wait_for_change`], giving up at `deadline` (for the tests).
fn wait_for_change_until(
    events: &mpsc::Receiver<notify::Result<notify::Event>>,
    path: &Path,
    deadline: Option<Instant>,
) -> Result<(), String> {
    let name = path.file_name();
    let concerns = |event: &notify::Result<notify::Event>| match event {
        Ok(event) => !event.kind.is_access() && event.paths.iter().any(|p| p.file_name() == name),
        Err(_) => false,
    };
    loop {
        interrupted()?;
        if deadline.is_some_and(|d| Instant::now() > d) {
            return Err(format!("no change of {} seen", path.display()));
        }
        match events.recv_timeout(Duration::from_millis(200)) {
            Ok(event) if concerns(&event) => break,
            Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the file watcher stopped".into());
            }
        }
    }
    while events.recv_timeout(Duration::from_millis(150)).is_ok() {}
    interrupted()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `watch` notices a save, a replacement (how many editors save) and a deletion of the file it
    /// watches, and ignores other files; a burst of events counts once.
    #[test]
    fn watch_notices_edits_replacements_and_deletions() {
        let _turn = TEST_TURNS.lock().unwrap_or_else(|e| e.into_inner());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/learn-watch-test");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ex01_first_message.rs");
        fs::write(&file, "// STARTER\n").unwrap();
        let (events_tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = events_tx.send(event);
        })
        .unwrap();
        watcher.watch(&dir, RecursiveMode::NonRecursive).unwrap();

        let edits: [&(dyn Fn() + Sync); 3] = [
            &|| fs::write(&file, "// STARTER\n// edited\n").unwrap(),
            &|| {
                let other = dir.join("ex01_first_message.rs.swp");
                fs::write(&other, "x").unwrap();
                fs::rename(&other, &file).unwrap();
            },
            &|| fs::remove_file(&file).unwrap(),
        ];
        for edit in edits {
            // Another file changing does not count.
            fs::write(dir.join("unrelated.rs"), "x").unwrap();
            let edit_in_a_while = || {
                std::thread::sleep(Duration::from_millis(300));
                edit();
            };
            std::thread::scope(|s| {
                s.spawn(edit_in_a_while);
                let started = Instant::now();
                let deadline = Instant::now() + Duration::from_secs(20);
                wait_for_change_until(&events, &file, Some(deadline)).expect("a change is seen");
                assert!(started.elapsed() >= Duration::from_millis(250));
            });
        }
    }
}
