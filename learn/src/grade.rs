//! Grading one exercise: the learner's file (or a catalogue variant) is checked, and the verdict
//! comes with the report the learner reads. `cargo learn check` prints the report; `cargo learn
//! verify-catalogue` grades known wrong and right variants with this same function and compares the
//! verdict and the report's wording with what the catalogue expects.

use std::path::Path;
use std::time::Duration;

use crate::catalog::{Exercise, Mode};
use crate::checks::{self, Exit};

/// How long one exercise's tests may run in all. A check that sits idle is stopped much sooner
/// (`checks::IDLE_LIMIT`); this catches one that computes forever.
pub const TEST_TIME_LIMIT: Duration = Duration::from_secs(60);

pub struct Report {
    pub passed: bool,
    /// What the learner reads, line by line.
    pub text: String,
}

impl Report {
    fn failed(text: String) -> Report {
        Report {
            passed: false,
            text,
        }
    }
}

/// Imports typed by habit that the checker cannot see through: std's threads, channel and locks run
/// outside the model checker (it would report a deadlock that is not the learner's, or hang), and a
/// message sent through `mailslot` directly is not noted for the checks. Comments are ignored.
pub fn habits(source: &str, mode: Mode) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect();
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("std::") {
        // The path from `std::` to the end of its item (`;`), or a little of it in an expression.
        let path: String = rest[at..]
            .chars()
            .take_while(|c| *c != ';' && *c != '(')
            .collect();
        for (word, advice) in [
            (
                "thread",
                "`std::thread`: write `use mailslot_exercises::thread;` instead. It is std's \
                 `thread` in a normal build and the model checker's under `cargo learn check`; \
                 std's threads run outside the checker, which then reports a deadlock that is not \
                 yours, or waits forever.",
            ),
            (
                "mpsc",
                "`std::sync::mpsc`: write `use mailslot_exercises::mpsc;` instead. It is mailslot, \
                 which has std's API, and the checker can follow it; std's channel blocks outside the \
                 checker, which then hangs.",
            ),
            (
                "Mutex",
                "std's `Mutex`: write `use mailslot_exercises::sync::Mutex;` (and `Arc` from there \
                 too) instead. It is std's in a normal build and the checker's under `cargo learn \
                 check`; a std lock blocks outside the checker, which then hangs.",
            ),
            (
                "atomic",
                "std's atomics: write `use mailslot_exercises::sync::atomic::...` instead. They are \
                 std's in a normal build and the checker's under `cargo learn check`, which explores \
                 what each ordering allows; std's atomics are invisible to it.",
            ),
            (
                "RwLock",
                "std's `RwLock`: the checker cannot follow it (a std lock blocks outside the \
                 checker, which then hangs); use `mailslot_exercises::sync::Mutex`.",
            ),
            (
                "Barrier",
                "std's `Barrier`: the checker cannot follow it (it blocks outside the checker, which \
                 then hangs); wait for the other threads with `join` or a channel instead.",
            ),
            (
                "Condvar",
                "std's `Condvar`: write `use mailslot_exercises::sync::Condvar;` instead. It is std's \
                 in a normal build and the checker's under `cargo learn check`, which can also wake \
                 it spuriously, as a real one may.",
            ),
        ] {
            // Without the model checker (plain tests), std's threads and locks are fine.
            if mode == Mode::Std && word != "mpsc" {
                continue;
            }
            let hit = match word {
                "thread" => {
                    path.starts_with("std::thread")
                        || path.starts_with("std::{") && path.contains("thread")
                }
                _ => {
                    path.contains(word)
                        && (path.starts_with("std::sync") || path.starts_with("std::{"))
                }
            };
            if hit && !found.iter().any(|f: &String| f.contains(advice)) {
                found.push(format!("you use {advice}"));
            }
        }
        rest = &rest[at + 5..];
    }
    if code.contains("usemailslotasmpsc")
        || code.contains("usemailslot::")
        || code.contains("mailslot::channel")
        || code.contains("mailslot::sync_channel")
    {
        found.push(
            "you use `mailslot` directly: write `use mailslot_exercises::mpsc;` instead. It is \
             mailslot too, and it notes which thread sent and received each message, which the \
             checks need to see that the work went through the channel."
                .into(),
        );
    }
    found
}

/// Grades an exercise whose checks have been built (or failed to build). `rewrite_paths` turns the
/// paths the compiler and the checks print into the ones the learner knows.
pub fn grade(
    exercise: &Exercise,
    source: &str,
    built: &checks::BuildOutcome,
    rewrite_paths: &dyn Fn(&str) -> String,
) -> Result<Report, String> {
    grade_target(exercise, exercise.name, source, built, rewrite_paths)
}

/// [`grade`], for a check built under another target name (a catalogue variant).
pub fn grade_target(
    exercise: &Exercise,
    target: &str,
    source: &str,
    built: &checks::BuildOutcome,
    rewrite_paths: &dyn Fn(&str) -> String,
) -> Result<Report, String> {
    let mut text = String::new();
    let mut line = |l: &str| {
        text.push_str(l);
        text.push('\n');
    };
    let file = format!("exercises/{}", exercise.file_name());
    let habits = habits(source, exercise.mode);
    if !habits.is_empty() {
        line(&format!("✗ {file} cannot be checked yet:"));
        for habit in &habits {
            line(&format!("  - {habit}"));
        }
        return Ok(Report::failed(text));
    }
    let Some(executable) = built.executables.get(target) else {
        if let Some(errors) = built.errors.get(target) {
            line(&format!("✗ {file} does not compile. The compiler says:\n"));
            for error in errors {
                line(rewrite_paths(error).trim_end());
            }
            return Ok(Report::failed(text));
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
    // The compiler's warnings about the learner's file often point at the mistake: show them.
    if let Some(warnings) = built.warnings.get(target) {
        let yours: Vec<String> = warnings
            .iter()
            .map(|w| rewrite_paths(w))
            .filter(|w| w.contains(&file))
            .collect();
        if !yours.is_empty() {
            line("The compiler warns (often a hint at what is wrong):\n");
            for warning in yours {
                line(warning.trim_end());
            }
            line("");
        }
    }
    let run = checks::run_tests(executable, TEST_TIME_LIMIT)?;
    let cases = checks::parse_test_output(&run.text);
    for case in &cases {
        let name = case.name.replace('_', " ");
        if case.passed {
            let explored = case
                .detail
                .lines()
                .find_map(|l| l.strip_prefix("model check passed: "))
                .map(|s| format!("  ({s})"))
                .unwrap_or_default();
            line(&format!("  ✓ {name}{explored}"));
        } else {
            line(&format!("  ✗ {name}"));
            for detail in case.detail.lines() {
                line(&format!("      {}", rewrite_paths(detail)));
            }
        }
    }
    let failed = cases.iter().filter(|c| !c.passed).count();
    let passed = match run.exit {
        Exit::Code(0) if cases.is_empty() => {
            return Err(format!(
                "the checks of exercise {} ran 0 tests: was the binary built with `--cfg {}`?",
                exercise.number(),
                exercise.mode.name()
            ));
        }
        Exit::Code(0) if failed == 0 => {
            line(&format!(
                "\n  {} of {} checks passed.",
                cases.len(),
                cases.len()
            ));
            true
        }
        Exit::Stuck | Exit::TimedOut => {
            let which = checks::unfinished_test(&run.text)
                .map(|t| format!("the check `{}`", t.replace('_', " ")))
                .unwrap_or_else(|| "a check".into());
            let what = match (run.exit == Exit::Stuck, exercise.mode) {
                (true, Mode::Loom) => format!(
                    "  ✗ {which} stopped making progress ({} s without using the processor) and was \
                     stopped: something blocks outside the model checker, for example a thread, \
                     channel or lock that is not from `mailslot_exercises`.",
                    checks::IDLE_LIMIT.as_secs()
                ),
                (true, Mode::Std) => format!(
                    "  ✗ {which} waited {} s without doing anything and was stopped: some call \
                     waits for something that never comes (a `recv` that nothing will answer?).",
                    checks::IDLE_LIMIT.as_secs()
                ),
                (false, _) => format!(
                    "  ✗ {which} was still running after {} s and was stopped: some loop never ends.",
                    TEST_TIME_LIMIT.as_secs()
                ),
            };
            line(&what);
            false
        }
        Exit::Code(_) | Exit::Crashed if cases.is_empty() || failed == 0 => {
            // The binary died before libtest could report: show the end of what it printed.
            let tail: Vec<&str> = run.text.lines().rev().take(15).collect();
            line("  ✗ the checks crashed. Their last words:");
            for l in tail.iter().rev() {
                line(&format!("      {}", rewrite_paths(l)));
            }
            false
        }
        _ => {
            line(&format!(
                "\n  {} of {} checks passed.",
                cases.len() - failed,
                cases.len()
            ));
            false
        }
    };
    Ok(Report { passed, text })
}

/// Rewrites the compiler's and checks' paths to the learner's file into `exercises/NAME.rs`.
pub fn plain_paths(root: &Path) -> impl Fn(&str) -> String + use<> {
    let prefix = format!("{}/exercises-check/../", root.display());
    move |text: &str| text.replace(&prefix, "").replace("checks/../../", "")
}

#[cfg(test)]
mod tests {
    use super::habits;
    use crate::catalog::Mode::{Loom, Std};

    #[test]
    fn habits_are_named_and_comments_ignored() {
        assert_eq!(
            habits(
                "use mailslot_exercises::thread;\n// std::thread::spawn",
                Loom
            )
            .len(),
            0
        );
        assert_eq!(habits("use std::thread;", Loom).len(), 1);
        assert_eq!(
            habits("use std::sync::{Arc, Mutex, Condvar};", Loom).len(),
            2
        );
        assert_eq!(
            habits("use std::sync::Arc;\nuse std::time::Duration;", Loom).len(),
            0
        );
        assert_eq!(habits("let h = std::thread::spawn(|| 1);", Loom).len(), 1);
        assert_eq!(habits("use std::sync::mpsc;", Loom).len(), 1);
        assert_eq!(habits("use mailslot as mpsc;", Loom).len(), 1);
        assert_eq!(habits("std::thread::sleep(patience);", Std).len(), 0);
        assert_eq!(habits("use std::sync::mpsc;", Std).len(), 1);
        assert_eq!(habits("let b = std::sync::Barrier::new(2);", Loom).len(), 1);
        assert_eq!(habits("use std::sync::{Arc, RwLock};", Loom).len(), 1);
        assert_eq!(
            habits("use std::sync::atomic::{AtomicBool, Ordering};", Loom).len(),
            1
        );
        assert_eq!(
            habits("use mailslot_exercises::sync::atomic::AtomicBool;", Loom).len(),
            0
        );
    }
}
