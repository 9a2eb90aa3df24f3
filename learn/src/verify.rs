//! `cargo learn verify-all`: the maintainers' check that the exercises are sound, run by the
//! project's check command on a fresh checkout.
//!
//! - the files agree with the catalog: every exercise has a starter in `exercises/` whose fingerprint
//!   is pinned in `exercises-check/starters.toml` (what `reset` restores), a solution in
//!   `solutions/` and a check file, and starters begin with `// STARTER`, solutions with
//!   `// SOLUTION`;
//! - every solution passes all of its checks, model checks included;
//! - every starter fails its checks (one that passes is a defect), and compiles unless the exercise
//!   is about a compile error, in which case it must not compile.
//!
//! Speed: one cargo invocation per configuration builds every exercise of that configuration, each
//! into its own target directory (`target/exercises-{,solution-}{std,loom}`), then each test binary
//! runs on its own.

use std::fs;
use std::path::Path;
use std::time::Instant;

use crate::catalog::{EXERCISES, Exercise, Mode};
use crate::checks::{self, BuildRequest, Exit, Variant};
use crate::grade::TEST_TIME_LIMIT;
use crate::learner;
use crate::progress::fingerprint;
use crate::starters;

pub const STARTER_MARKER: &str = "// STARTER";
pub const SOLUTION_MARKER: &str = "// SOLUTION";

pub fn verify_all(root: &Path) -> Result<(), String> {
    let mut defects = check_files(root);
    let mut rows: Vec<(usize, &str, String)> = Vec::new();
    let started = Instant::now();
    for mode in [Mode::Std, Mode::Loom] {
        let exercises: Vec<&Exercise> = EXERCISES.iter().filter(|e| e.mode == mode).collect();
        let targets: Vec<&str> = exercises.iter().map(|e| e.name).collect();
        for variant in [Variant::Solution, Variant::Learner] {
            let build_started = Instant::now();
            let request = BuildRequest::exercises(root, mode, variant, &targets);
            let built = checks::build(&request)?;
            say!(
                "built the {} checks against the {} ({:.1} s)",
                mode.name(),
                match variant {
                    Variant::Solution => "solutions",
                    Variant::Learner => "starters",
                },
                build_started.elapsed().as_secs_f64()
            );
            for exercise in &exercises {
                let result = verify_one(exercise, variant, &built);
                let label = match &result {
                    Ok(summary) => summary.clone(),
                    Err(defect) => {
                        defects.push(format!("exercise {}: {defect}", exercise.number()));
                        format!("DEFECT: {}", defect.lines().next().unwrap_or(""))
                    }
                };
                let which = match variant {
                    Variant::Solution => "solution",
                    Variant::Learner => "starter",
                };
                rows.push((exercise.number(), which, label));
            }
        }
    }
    rows.sort_by_key(|(n, which, _)| (*n, *which != "solution"));
    say!("\n{:>3}  {:<9} result", "#", "file");
    for (number, which, label) in &rows {
        say!("{number:>3}  {which:<9} {label}");
    }
    say!(
        "verify-all: {} exercises, {} defects ({:.1} s)",
        EXERCISES.len(),
        defects.len(),
        started.elapsed().as_secs_f64()
    );
    if defects.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the exercises have defects:\n  - {}",
            defects.join("\n  - ")
        ))
    }
}

/// What one exercise's run says, for one variant: a one-line summary, or the defect.
fn verify_one(
    exercise: &Exercise,
    variant: Variant,
    built: &checks::BuildOutcome,
) -> Result<String, String> {
    let errors = built.errors.get(exercise.name);
    let Some(executable) = built.executables.get(exercise.name) else {
        let rendered = errors.map(|e| e.join("\n")).unwrap_or_else(|| {
            let others: Vec<String> = built.errors.values().flatten().cloned().collect();
            format!("{}\n{}", others.join("\n"), built.cargo_stderr)
        });
        return match variant {
            Variant::Learner if !exercise.starter_compiles && errors.is_some() => {
                Ok("does not compile, as intended".into())
            }
            _ => Err(format!("does not compile:\n{rendered}")),
        };
    };
    if variant == Variant::Learner && !exercise.starter_compiles {
        return Err("the starter compiles, but this exercise is about a compile error".into());
    }
    let run = checks::run_tests(executable, TEST_TIME_LIMIT)?;
    let cases = checks::parse_test_output(&run.text);
    let failed = cases.iter().filter(|c| !c.passed).count();
    if cases.is_empty() {
        return Err(format!(
            "ran 0 tests (exit {:?}): is the check built with `--cfg {}`?\n{}",
            run.exit,
            exercise.mode.name(),
            run.text
        ));
    }
    match variant {
        Variant::Solution => {
            if run.exit == Exit::Code(0) && failed == 0 {
                Ok(format!(
                    "all {} checks pass ({:.2} s)",
                    cases.len(),
                    run.seconds
                ))
            } else {
                let details: Vec<String> = cases
                    .iter()
                    .filter(|c| !c.passed)
                    .map(|c| format!("{}: {}", c.name, c.detail))
                    .collect();
                Err(format!(
                    "the solution fails ({:?}):\n{}\n{}",
                    run.exit,
                    details.join("\n"),
                    if details.is_empty() { &run.text } else { "" }
                ))
            }
        }
        Variant::Learner => {
            if failed > 0 && !matches!(run.exit, Exit::TimedOut | Exit::Stuck) {
                Ok(format!(
                    "fails {failed} of {} checks, as a starter should ({:.2} s)",
                    cases.len(),
                    run.seconds
                ))
            } else if matches!(run.exit, Exit::TimedOut | Exit::Stuck) {
                Err("the starter's checks hang instead of failing".into())
            } else {
                Err("the starter already passes its checks".into())
            }
        }
    }
}

/// The catalog and the files agree, and starters and solutions are marked.
fn check_files(root: &Path) -> Vec<String> {
    let mut defects = Vec::new();
    let pins = starters::pins(root);
    for exercise in EXERCISES {
        let read =
            |path: &Path| fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
        let files = [
            (learner::exercise_path(root, exercise), STARTER_MARKER),
            (learner::solution_path(root, exercise), SOLUTION_MARKER),
        ];
        let mut texts = Vec::new();
        for (path, marker) in &files {
            match read(path) {
                Ok(text) if text.lines().next() == Some(marker) => texts.push(text),
                Ok(_) => defects.push(format!("{} does not start with `{marker}`", path.display())),
                Err(e) => defects.push(e),
            }
        }
        if let [exercise_text, _] = texts.as_slice() {
            let actual = fingerprint(exercise_text.as_bytes());
            let pin_line = format!("{} = \"{actual}\"", exercise.name);
            match pins.as_ref().map(|p| p.get(exercise.name)) {
                Ok(Some(pinned)) if *pinned == actual => {}
                Ok(Some(_)) => defects.push(format!(
                    "exercises/{0} differs from its pinned starter: `reset` would restore something \
                     else. If the starter changed on purpose, put `{pin_line}` in {1}",
                    exercise.file_name(),
                    starters::pins_path(root).display()
                )),
                Ok(None) => defects.push(format!(
                    "exercises/{} has no pinned starter: add `{pin_line}` to {}",
                    exercise.file_name(),
                    starters::pins_path(root).display()
                )),
                Err(e) => defects.push(e.clone()),
            }
        }
        let check = root
            .join("exercises-check/checks")
            .join(exercise.file_name());
        if !check.exists() {
            defects.push(format!("{} is missing", check.display()));
        }
    }
    // No stray files: every .rs in the mirrored folders is in the catalog.
    for folder in ["exercises", "solutions", "exercises-check/checks"] {
        let Ok(entries) = fs::read_dir(root.join(folder)) else {
            defects.push(format!("{folder}/ is missing"));
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".rs")
                && !EXERCISES.iter().any(|e| e.name == stem)
            {
                defects.push(format!(
                    "{folder}/{name} is not in the catalog (learn/src/catalog.rs)"
                ));
            }
        }
    }
    defects
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files of a fresh checkout agree with the catalog (cheap: no cargo involved). The learner's
    /// own edits cannot break this: it only looks at the first line of their files.
    #[test]
    fn catalog_and_files_agree_and_are_marked() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let defects: Vec<String> = check_files(&root)
            .into_iter()
            .filter(|d| !d.contains("differs from its pinned starter"))
            .collect();
        assert!(defects.is_empty(), "{defects:#?}");
    }
}
