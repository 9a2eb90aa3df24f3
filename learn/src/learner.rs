//! The learner's commands: list, check, hint, solution, reset, watch.

use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use crate::catalog::{self, EXERCISES, Exercise, Mode};
use crate::checks::{self, BuildRequest, Exit, Variant};
use crate::progress::{self, Checked, Progress};

/// How long one exercise's tests may run. The model checks take well under a second; a plain test
/// that blocks forever (a `recv` on a channel that stays open) is stopped here instead of hanging.
pub const TEST_TIME_LIMIT: Duration = Duration::from_secs(60);

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

/// The pristine starter that `reset` restores; `verify-all` checks that `exercises/` matches it in a
/// fresh checkout.
pub fn starter_path(root: &Path, exercise: &Exercise) -> PathBuf {
    root.join("exercises-check/starters")
        .join(exercise.file_name())
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
        _ if fs::read(starter_path(root, exercise)).is_ok_and(|s| s == contents) => {
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
        Mode::Loom => "model-checked: every schedule, explored by loom",
        Mode::Std => "plain tests",
    }
}

fn introduce(exercise: &Exercise) -> String {
    format!(
        "Exercise {n}: {title}\n  read first: {reading}\n  edit:       exercises/{file}\n  then run:   cargo learn check {n}   (or `cargo learn watch` to re-check on every save)",
        n = exercise.number(),
        title = exercise.title,
        reading = exercise.reading(),
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
        Some((next, _)) => say!("Next: {}", introduce(next)),
        None => say!(
            "All {} exercises pass. Compare yours with solutions/, and see book/src/build/fast.md for \
             what the real channel does beyond them.",
            EXERCISES.len()
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
                Some(next) => say!("\nNext: {}", introduce(next)),
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
    let verdict = run_check(root, exercise)?;
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
                exercise.reading(),
                exercise.file_name()
            );
        }
    }
    Ok(verdict)
}

/// Builds and runs one exercise's checks against the learner's file, printing what happened.
fn run_check(root: &Path, exercise: &Exercise) -> Result<Verdict, String> {
    let targets = [exercise.name];
    let request = BuildRequest::exercises(root, exercise.mode, Variant::Learner, &targets);
    let built = checks::build(&request)?;
    let Some(executable) = built.executables.get(exercise.name) else {
        if let Some(errors) = built.errors.get(exercise.name) {
            say!(
                "\n✗ exercises/{} does not compile. The compiler says:\n",
                exercise.file_name()
            );
            for error in errors {
                // The check includes the file as `checks/../../exercises/..`: show the plain path.
                say!("{}", error.replace("checks/../../", "").trim_end());
            }
            return Ok(Verdict::Failed);
        }
        // Not the learner's fault: the support code, the channel or cargo itself.
        let mut message = format!(
            "the checks for exercise {} could not be built, and not because of your file.\n",
            exercise.number()
        );
        for (target, errors) in &built.errors {
            message.push_str(&format!("in {target}:\n{}\n", errors.join("\n")));
        }
        message.push_str(&built.cargo_stderr);
        return Err(message);
    };
    let run = checks::run_tests(executable, TEST_TIME_LIMIT)?;
    let cases = checks::parse_test_output(&run.text);
    say!();
    for case in &cases {
        let name = case.name.replace('_', " ");
        if case.passed {
            let schedules = case
                .detail
                .lines()
                .find_map(|l| l.strip_prefix("model check passed: "))
                .map(|s| format!("  ({s})"))
                .unwrap_or_default();
            say!("  ✓ {name}{schedules}");
        } else {
            say!("  ✗ {name}");
            for line in case.detail.lines() {
                say!("      {line}");
            }
        }
    }
    let failed = cases.iter().filter(|c| !c.passed).count();
    match run.exit {
        Exit::Code(0) if cases.is_empty() => Err(format!(
            "the checks of exercise {} ran 0 tests: was the binary built with `--cfg {}`?",
            exercise.number(),
            exercise.mode.name()
        )),
        Exit::Code(0) if failed == 0 => {
            say!("\n  {} of {} checks passed.", cases.len(), cases.len());
            Ok(Verdict::Passed)
        }
        Exit::TimedOut => {
            say!(
                "  ✗ a check was still running after {} s and was stopped: some call waits forever (a `recv` while a sender is still alive?).",
                TEST_TIME_LIMIT.as_secs()
            );
            Ok(Verdict::Failed)
        }
        Exit::Code(_) | Exit::Crashed if cases.is_empty() || failed == 0 => {
            // The binary died before libtest could report: show the end of what it printed.
            let tail: Vec<&str> = run.text.lines().rev().take(15).collect();
            say!("  ✗ the checks crashed. Their last words:");
            for line in tail.iter().rev() {
                say!("      {line}");
            }
            Ok(Verdict::Failed)
        }
        _ => {
            say!(
                "\n  {} of {} checks passed.",
                cases.len() - failed,
                cases.len()
            );
            Ok(Verdict::Failed)
        }
    }
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
    let starter = fs::read(starter_path(root, exercise))
        .map_err(|e| format!("cannot read the pristine starter: {e}"))?;
    let target = exercise_path(root, exercise);
    // Keep the learner's version next to the progress file (ignored by git), just in case.
    if let Ok(old) = fs::read(&target)
        && old != starter
    {
        let backups = root.join(".progress-backups");
        let backup = backups.join(exercise.file_name());
        fs::create_dir_all(&backups)
            .and_then(|()| fs::write(&backup, old))
            .map_err(|e| format!("cannot back up your file to {}: {e}", backup.display()))?;
        say!("Your version is saved in {}.", backup.display());
    }
    fs::write(&target, starter).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    progress.record(exercise.name).checked = None;
    progress.save(&progress::path(root))?;
    say!(
        "exercises/{} is the starter again.\n\n{}",
        exercise.file_name(),
        introduce(exercise)
    );
    Ok(Outcome::Success)
}

/// Checks the current exercise, then again every time its file is saved (its modification time is
/// polled every 500 ms: no extra dependency). After a pass it moves on to the next exercise unless
/// one was named.
pub fn watch(root: &Path, query: Option<&str>) -> Result<Outcome, String> {
    let fixed = query.is_some();
    let mut progress = load(root)?;
    let Some(mut exercise) = pick(root, query, &progress)? else {
        say!("Every exercise passes: nothing to watch.");
        return Ok(Outcome::Success);
    };
    loop {
        let verdict = check_and_record(root, exercise, &mut progress)?;
        if matches!(verdict, Verdict::Passed) && !fixed {
            match pick(root, None, &progress)? {
                Some(next) => {
                    exercise = next;
                    say!("\nNext: {}", introduce(exercise));
                }
                None => {
                    say!("\nEvery exercise passes. Well done!");
                    return Ok(Outcome::Success);
                }
            }
        }
        say!(
            "\nWatching exercises/{} (Ctrl-C to stop)...",
            exercise.file_name()
        );
        let path = exercise_path(root, exercise);
        let seen = modified(&path);
        while modified(&path) == seen {
            thread::sleep(Duration::from_millis(500));
        }
        say!("\n{}", "-".repeat(72));
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}
