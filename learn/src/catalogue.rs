//! `cargo learn verify-catalogue`: the grader's own test. `exercises-check/catalogue/<exercise>/`
//! holds small unified diffs against `solutions/<exercise>.rs`: `wrong-<name>.diff`, solutions
//! learners really write that are wrong, and `right-<name>.diff`, correct ones written differently.
//! Each is applied to its solution, checked exactly as `cargo learn check` checks a learner's file,
//! and the verdict compared with the file name: every wrong one must fail, every right one pass.
//!
//! A diff may start with `#` lines:
//!
//! ```text
//! # class: if-instead-of-while            (the kind of mistake, for the table)
//! # expect: recv woke up to an empty queue (repeatable: text the report must contain)
//! # Any other `#` line is a comment.
//! ```
//!
//! `expect` is how the catalogue holds the grader to its messages: a wrong solution must not only
//! fail, it must fail with a report that teaches what is wrong (and not, say, fail to compile for an
//! unrelated reason). Every wrong variant has at least one.
//!
//! Speed: every variant becomes a test target of one generated package (in
//! `target/catalogue/crate`), built with one cargo call per configuration into the same target
//! directories as `cargo learn check`, so the dependencies (loom, mailslot) are built once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::catalog::{EXERCISES, Exercise, Mode};
use crate::checks::{self, BuildRequest};
use crate::grade;

/// One diff of the catalogue, applied.
struct Variant {
    exercise: &'static Exercise,
    /// `wrong-if-instead-of-while`, from the file name.
    name: String,
    right: bool,
    class: String,
    expect: Vec<String>,
    /// The generated package's test target that checks it.
    target: String,
    /// The variant's source, as a learner's file would hold it.
    source: String,
}

pub fn catalogue_dir(root: &Path) -> PathBuf {
    root.join("exercises-check/catalogue")
}

/// Reads `# key: value` lines off the top of a diff, and applies the rest to `base`.
pub fn apply(
    diff_text: &str,
    base: &str,
) -> Result<(BTreeMap<String, Vec<String>>, String), String> {
    let mut header: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut body = String::new();
    let mut in_header = true;
    for line in diff_text.lines() {
        if in_header && let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.trim().split_once(':')
                && matches!(key.trim(), "class" | "expect")
            {
                header
                    .entry(key.trim().to_string())
                    .or_default()
                    .push(value.trim().to_string());
            }
            continue;
        }
        in_header = false;
        body.push_str(line);
        body.push('\n');
    }
    let patch = diffy::Patch::from_str(&body).map_err(|e| format!("not a unified diff: {e}"))?;
    let applied = diffy::apply(base, &patch).map_err(|e| {
        format!("does not apply to the solution any more ({e}): remake it with `diff -u`")
    })?;
    Ok((header, applied))
}

fn load(root: &Path, filter: Option<&str>) -> Result<Vec<Variant>, String> {
    let mut variants = Vec::new();
    let mut problems = Vec::new();
    for exercise in EXERCISES {
        let dir = catalogue_dir(root).join(exercise.name);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let solution_path = root.join("solutions").join(exercise.file_name());
        let solution = fs::read_to_string(&solution_path)
            .map_err(|e| format!("{}: {e}", solution_path.display()))?;
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            if filter.is_some_and(|f| !shown.contains(f)) {
                continue;
            }
            let Some(stem) = file
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".diff"))
            else {
                problems.push(format!("{shown}: only `.diff` files belong here"));
                continue;
            };
            let right = match stem.split_once('-') {
                Some(("right", _)) => true,
                Some(("wrong", _)) => false,
                _ => {
                    problems.push(format!(
                        "{shown}: name it wrong-NAME.diff or right-NAME.diff"
                    ));
                    continue;
                }
            };
            let text = fs::read_to_string(&file).map_err(|e| format!("{shown}: {e}"))?;
            match apply(&text, &solution) {
                Ok((mut header, source)) => {
                    if source == solution {
                        problems.push(format!("{shown}: changes nothing"));
                        continue;
                    }
                    // Failing is not enough: failing for the right reason, with words that teach.
                    if !right && !header.contains_key("expect") {
                        problems.push(format!(
                            "{shown}: a wrong variant needs at least one `# expect:` line, the text \
                             the learner must be shown"
                        ));
                        continue;
                    }
                    variants.push(Variant {
                        exercise,
                        name: stem.to_string(),
                        right,
                        class: header
                            .remove("class")
                            .and_then(|c| c.into_iter().next())
                            .unwrap_or_default(),
                        expect: header.remove("expect").unwrap_or_default(),
                        target: format!("{}__{}", exercise.name, stem.replace('-', "_")),
                        source,
                    })
                }
                Err(problem) => problems.push(format!("{shown}: {problem}")),
            }
        }
    }
    if problems.is_empty() {
        Ok(variants)
    } else {
        Err(format!(
            "the catalogue has broken entries:\n  - {}",
            problems.join("\n  - ")
        ))
    }
}

/// Writes the generated package: each variant in `target/catalogue/<target>/exercises/NAME.rs` (so
/// reports name it `exercises/NAME.rs`, as they do the learner's file), and a test target per
/// variant made of the exercise's own check file with its `answer!` line pointing at the variant.
fn generate(root: &Path, variants: &[Variant]) -> Result<PathBuf, String> {
    let base = root.join("target/catalogue");
    let package = base.join("crate");
    let write = |path: &Path, text: &str| -> Result<(), String> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        // Unchanged files keep their timestamps, so cargo rebuilds only what changed.
        if fs::read_to_string(path).ok().as_deref() != Some(text) {
            fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    };
    let check_manifest = fs::read_to_string(root.join("exercises-check/Cargo.toml"))
        .map_err(|e| format!("exercises-check/Cargo.toml: {e}"))?;
    // The same profile and lints as exercises-check, so the dependencies built for `cargo learn
    // check` are reused as they are.
    let shared: String = check_manifest
        .split("\n[")
        .filter(|section| section.starts_with("profile") || section.starts_with("lints"))
        .map(|section| format!("\n[{section}"))
        .collect();
    let mut manifest = format!(
        "# GENERATED by `cargo learn verify-catalogue`: one test per catalogue variant.\n\
         [package]\nname = \"catalogue-variants\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n\
         [dependencies]\nexercises-check = {{ path = {:?} }}\nmailslot = {{ path = {:?} }}\n\n\
         [target.'cfg(loom)'.dependencies]\nloom = \"0.7\"\n{shared}\n\
         # A hundred small test crates: compiled without optimisation, they build about twice as fast\n\
         # and the models (mostly loom's own code, optimised as a dependency) still run in seconds.\n\
         [profile.dev.package.catalogue-variants]\nopt-level = 0\n",
        root.join("exercises-check").display().to_string(),
        root.display().to_string(),
    );
    for variant in variants {
        let stem = variant.exercise.name;
        let source_path = base
            .join(&variant.target)
            .join("exercises")
            .join(variant.exercise.file_name());
        write(&source_path, &variant.source)?;
        let check_path = root
            .join("exercises-check/checks")
            .join(variant.exercise.file_name());
        let check = fs::read_to_string(&check_path)
            .map_err(|e| format!("{}: {e}", check_path.display()))?;
        let line = format!("mailslot_exercises::answer!(\"{stem}\");");
        if !check.contains(&line) {
            return Err(format!("{} has no line `{line}`", check_path.display()));
        }
        let test = check.replace(
            &line,
            &format!(
                "#[allow(dead_code)]\nmod answer {{\n    include!({:?});\n}}",
                source_path.display().to_string()
            ),
        );
        let test_path = package.join("tests").join(format!("{}.rs", variant.target));
        write(&test_path, &test)?;
        manifest.push_str(&format!(
            "\n[[test]]\nname = \"{}\"\npath = \"tests/{}.rs\"\n",
            variant.target, variant.target
        ));
    }
    write(&package.join("Cargo.toml"), &manifest)?;
    // Start from exercises-check's lock file: the same versions, and cargo adds this package offline.
    let lock = package.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("exercises-check/Cargo.lock"), &lock)
            .map_err(|e| format!("copy the lock file: {e}"))?;
    }
    Ok(package.join("Cargo.toml"))
}

pub fn verify(root: &Path, filter: Option<&str>, show_reports: bool) -> Result<(), String> {
    let started = Instant::now();
    let variants = load(root, filter)?;
    if variants.is_empty() {
        return Err(format!(
            "no catalogue variants{} in {}",
            filter
                .map(|f| format!(" matching `{f}`"))
                .unwrap_or_default(),
            catalogue_dir(root).display()
        ));
    }
    let manifest = generate(root, &variants)?;
    let mut wrong_verdicts = Vec::new();
    let mut rows = Vec::new();
    for mode in [Mode::Std, Mode::Loom] {
        let of_mode: Vec<&Variant> = variants
            .iter()
            .filter(|v| v.exercise.mode == mode)
            .collect();
        if of_mode.is_empty() {
            continue;
        }
        let targets: Vec<&str> = of_mode.iter().map(|v| v.target.as_str()).collect();
        let build_started = Instant::now();
        let mut request = BuildRequest::exercises(root, mode, checks::Variant::Learner, &targets);
        request.manifest = manifest.clone();
        request.locked = false;
        let built = checks::build(&request)?;
        say!(
            "built {} {} variants ({:.1} s)",
            of_mode.len(),
            mode.name(),
            build_started.elapsed().as_secs_f64()
        );
        for variant in of_mode {
            let run_started = Instant::now();
            let variant_dir = root.join("target/catalogue").join(&variant.target);
            let prefix = format!("{}/", variant_dir.display());
            let plain = grade::plain_paths(root);
            let rewrite = move |text: &str| plain(&text.replace(&prefix, ""));
            let report = grade::grade_target(
                variant.exercise,
                &variant.target,
                &variant.source,
                &built,
                &rewrite,
            )?;
            let missing: Vec<&String> = variant
                .expect
                .iter()
                .filter(|e| !report.text.contains(e.as_str()))
                .collect();
            if show_reports {
                say!("==== {}/{}.diff", variant.exercise.name, variant.name);
                say!("{}", report.text.trim_end());
            }
            let verdict_ok = report.passed == variant.right;
            let ok = verdict_ok && missing.is_empty();
            let label = match (verdict_ok, report.passed) {
                (true, _) if !missing.is_empty() => "WRONG MESSAGE".to_string(),
                (true, true) => "passes, as it should".to_string(),
                (true, false) => "fails, as it should".to_string(),
                (false, true) => "WRONG VERDICT: passes".to_string(),
                (false, false) => "WRONG VERDICT: fails".to_string(),
            };
            rows.push(format!(
                "{:>2}  {:<36} {:<38} {label} ({:.1} s)",
                variant.exercise.number(),
                variant.name,
                variant.class,
                run_started.elapsed().as_secs_f64()
            ));
            if !ok {
                let mut why = format!("{}/{}.diff: {label}", variant.exercise.name, variant.name);
                for text in missing {
                    why.push_str(&format!("\n    the report lacks: {text:?}"));
                }
                why.push_str("\n    the report was:\n");
                for line in report.text.lines() {
                    why.push_str(&format!("      | {line}\n"));
                }
                wrong_verdicts.push(why);
            }
        }
    }
    rows.sort();
    say!("\n #  {:<36} {:<38} verdict", "variant", "class");
    for row in &rows {
        say!("{row}");
    }
    let mut sizes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for variant in &variants {
        let entry = sizes.entry(variant.exercise.name).or_default();
        if variant.right {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    let sizes: Vec<String> = sizes
        .iter()
        .map(|(name, (wrong, right))| format!("{}: {wrong} wrong, {right} right", &name[..4]))
        .collect();
    say!("catalogue: {}", sizes.join("; "));
    say!(
        "verify-catalogue: {} variants, {} wrong verdicts or messages ({:.1} s)",
        variants.len(),
        wrong_verdicts.len(),
        started.elapsed().as_secs_f64()
    );
    if wrong_verdicts.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the grader is wrong about these catalogue entries:\n\n{}",
            wrong_verdicts.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diff_applies_and_is_named_wrong_or_right() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let variants = load(&root, None).expect("the catalogue loads");
        assert!(!variants.is_empty());
    }

    #[test]
    fn reads_the_header_and_applies_the_rest() {
        let base = "a\nb\nc\n";
        let diff = "# class: demo\n# expect: one\n# expect: two\n# a comment\n--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n";
        let (header, applied) = apply(diff, base).unwrap();
        assert_eq!(applied, "a\nB\nc\n");
        assert_eq!(header["expect"], ["one", "two"]);
        assert_eq!(header["class"], ["demo"]);
        assert!(apply("--- a\n+++ b\n@@ -1,1 +1,1 @@\n-x\n+y\n", base).is_err());
    }
}
