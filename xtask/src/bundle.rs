//! `cargo xtask bundle`: the course for a classroom without network, in `target/bundle/`.
//!
//! - `mailslot-course-learner.tar.gz`: the rendered book (with `print.html`), the exercises and their
//!   starters, the grader (`learn/`), the checks (`exercises-check/`), the mailslot crate and its
//!   examples, and every dependency vendored in `vendor/`, with `.cargo/config.toml` pointing cargo
//!   at it: `cargo learn` works with no network. No solutions.
//! - `mailslot-course-solutions.tar.gz`: the reference solutions, for the instructor.
//!
//! Both hold a `COMMIT` file: `git rev-parse HEAD`, then ` dirty` if the tree had uncommitted
//! changes. The learner's workspace is the repository's, cut down to the crate and `learn` (no
//! xtask, steps, bench, tests or dev-dependencies), so its lock file and `vendor/` hold only what
//! the exercises need. `check()` builds the bundle, unpacks it and inspects what it contains.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::book;
use crate::steps::{Outcome, root};

const LEARNER: &str = "mailslot-course";
const SOLUTIONS: &str = "mailslot-course-solutions";

fn bundle_dir() -> PathBuf {
    root().join("target/bundle")
}

/// A scratch folder outside the repository: inside it, cargo would take the repository's workspace
/// for the bundle's (it looks past a workspace that excludes a package, to the next one up).
fn scratch(what: &str) -> PathBuf {
    std::env::temp_dir().join(format!("mailslot-bundle-{what}-{}", std::process::id()))
}

fn learner_archive() -> PathBuf {
    bundle_dir().join(format!("{LEARNER}-learner.tar.gz"))
}

fn solutions_archive() -> PathBuf {
    bundle_dir().join(format!("{SOLUTIONS}.tar.gz"))
}

/// Runs `cmd`, returning its stdout, or an error with its stderr.
fn output(what: &str, cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cargo() -> Command {
    Command::new(env!("CARGO"))
}

/// `<commit>` or `<commit> dirty`.
fn commit() -> Result<String, String> {
    let head = output(
        "git rev-parse HEAD",
        Command::new("git")
            .current_dir(root())
            .args(["rev-parse", "HEAD"]),
    )?;
    let status = output(
        "git status",
        Command::new("git")
            .current_dir(root())
            .args(["status", "--porcelain"]),
    )?;
    let dirty = if status.trim().is_empty() {
        ""
    } else {
        " dirty"
    };
    Ok(format!("{}{dirty}\n", head.trim()))
}

/// Copies `from` into `to` recursively, skipping `target` folders.
fn copy_dir(from: &Path, to: &Path) -> Outcome {
    fs::create_dir_all(to).map_err(|e| format!("create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("read {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("read {}: {e}", from.display()))?;
        let (source, name) = (entry.path(), entry.file_name());
        if source.is_dir() {
            if name != "target" {
                copy_dir(&source, &to.join(&name))?;
            }
        } else {
            fs::copy(&source, to.join(&name))
                .map_err(|e| format!("copy {}: {e}", source.display()))?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Outcome {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
    }
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {}: {e}", from.display()))
}

fn write(path: &Path, text: &str) -> Outcome {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

/// The repository's Cargo.toml with a workspace of the crate and `learn` only, and no
/// dev-dependencies (the tests that use them are not in the bundle).
fn learner_manifest(manifest: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut in_dev_dependencies = false;
    let mut replaced = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_dev_dependencies = line.trim() == "[dev-dependencies]";
        }
        if in_dev_dependencies {
            continue;
        }
        if line.starts_with("members = ") {
            out.push_str("members = [\"learn\"]\n");
            replaced = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !replaced {
        return Err("Cargo.toml has no `members = ` line to replace".into());
    }
    Ok(out)
}

const CARGO_CONFIG: &str = r#"# The course bundle's cargo settings.
[alias]
# `cargo learn`: the exercises' guide (list, check, hint, watch, ...); see exercises/README.md.
learn = "run --locked --quiet --package learn --"

# Every dependency the exercises need is in vendor/ (made by `cargo vendor`): cargo reads crates.io's
# packages from there and never needs the network.
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "vendor"
"#;

fn learner_readme(commit: &str) -> String {
    format!(
        "# mailslot: the course, for a classroom without network

Built from commit {commit}
## What you need

A Rust toolchain, 1.85 or newer (rustup, or one of the Rust project's offline \"standalone
installers\"). Nothing else: every library the exercises use is in `vendor/`, and
`.cargo/config.toml` tells cargo to take them from there, so no step needs the network.

## Start

- The book: open `book/index.html` in a browser (`book/print.html` is the whole book on one page).
  Where `cargo learn` or an exercise names a chapter as `book/src/CHAPTER.md`, open
  `book/CHAPTER.html`.
- The exercises: in this folder, run

  ```sh
  cargo learn            # your progress, and what to do next
  cargo learn check 1    # the first time builds the model checker, loom: about two minutes
  ```

  and follow `exercises/README.md`. `cargo learn check`, `hint`, `watch` and `reset` work as the book
  describes; the solutions are not in this bundle (ask your instructor).
- The examples the book shows: `cargo run --example NAME` (`book/reference/examples.html` lists them).

## What is here

| path | what |
| --- | --- |
| `book/` | the rendered book |
| `exercises/` | the eighteen exercises: your files to edit |
| `learn/` | `cargo learn`, the grader |
| `exercises-check/` | the checks `cargo learn` runs, and the starters' fingerprints (`reset` restores them) |
| `src/`, `examples/`, `Cargo.toml` | the mailslot crate and the book's examples |
| `vendor/`, `.cargo/config.toml` | the dependencies, vendored, and the setting that uses them |
| `COMMIT` | the commit this bundle was built from (`dirty`: with uncommitted changes) |

The code is MIT OR Apache-2.0 (`LICENSE-MIT`, `LICENSE-APACHE`); the book's text is CC BY 4.0.
"
    )
}

fn solutions_readme(commit: &str) -> String {
    format!(
        "# mailslot: the exercises' reference solutions

Built from commit {commit}
For the instructor. To let `cargo learn solution N` show them in a learner's copy of the course
bundle, put these files into its `solutions/` folder. Every solution passes its checks:
`cargo learn verify-all` proves it in the repository.
"
    )
}

fn tar(archive: &Path, dir: &Path, top: &str) -> Outcome {
    output(
        "tar",
        Command::new("tar")
            .arg("-czf")
            .arg(archive)
            .arg("-C")
            .arg(dir)
            .arg(top),
    )
    .map(|_| ())
}

fn size(path: &Path) -> String {
    let bytes = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if bytes < 1_000_000 {
        format!("{:.0} kB", bytes as f64 / 1_000.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

/// `cargo xtask bundle`.
pub fn build() -> Outcome {
    let start = Instant::now();
    book::build()?;
    fs::create_dir_all(bundle_dir())
        .map_err(|e| format!("create {}: {e}", bundle_dir().display()))?;
    let commit = commit()?;
    let stage = scratch("stage");
    let _ = fs::remove_dir_all(&stage);
    let learner = stage.join(LEARNER);
    let repo = root();

    // The book, rendered.
    copy_dir(&repo.join("book/build"), &learner.join("book"))?;
    // The crate, its examples (its build script reads them), the grader, the exercises and checks.
    for dir in ["src", "examples", "learn/src", "exercises"] {
        copy_dir(&repo.join(dir), &learner.join(dir))?;
    }
    // Not `catalogue/`: its diffs show lines of the solutions.
    for dir in ["src", "checks"] {
        copy_dir(
            &repo.join("exercises-check").join(dir),
            &learner.join("exercises-check").join(dir),
        )?;
    }
    for file in [
        "build.rs",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "learn/Cargo.toml",
        "learn/build.rs",
        "exercises-check/Cargo.toml",
        "exercises-check/Cargo.lock",
        "exercises-check/starters.toml",
        "Cargo.lock",
    ] {
        copy_file(&repo.join(file), &learner.join(file))?;
    }
    let manifest =
        fs::read_to_string(repo.join("Cargo.toml")).map_err(|e| format!("read Cargo.toml: {e}"))?;
    write(&learner.join("Cargo.toml"), &learner_manifest(&manifest)?)?;
    write(&learner.join("README.md"), &learner_readme(&commit))?;
    write(&learner.join("COMMIT"), &commit)?;
    write(
        &learner.join("solutions/README.md"),
        "The reference solutions are not in the learner's bundle: ask your instructor.\n",
    )?;
    // `cargo vendor` copies every platform's crates (notify and ctrlc pull in Windows and macOS ones),
    // but a build only downloads the host's: fetch them all first, so the offline steps below work on
    // a machine whose cache holds only what the checks built. With everything cached, this needs no
    // network.
    for fetched in [
        repo.join("Cargo.toml"),
        repo.join("exercises-check/Cargo.toml"),
    ] {
        output(
            "cargo fetch (every platform's crates, for cargo vendor)",
            cargo()
                .args(["fetch", "--locked", "--manifest-path"])
                .arg(&fetched),
        )?;
    }
    // Trim the copied lock file to the cut-down workspace (same versions, offline), then vendor what
    // both lock files name.
    let manifest_arg = learner.join("Cargo.toml");
    output(
        "cargo metadata (trimming the bundle's Cargo.lock)",
        cargo()
            .args([
                "metadata",
                "--offline",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(&manifest_arg),
    )?;
    let vendor_start = Instant::now();
    output(
        "cargo vendor",
        cargo()
            .current_dir(&learner)
            .args(["vendor", "--offline", "--locked", "--versioned-dirs"])
            .args(["--sync", "exercises-check/Cargo.toml", "vendor"]),
    )?;
    let vendor_seconds = vendor_start.elapsed().as_secs_f64();
    write(&learner.join(".cargo/config.toml"), CARGO_CONFIG)?;

    let solutions = stage.join(SOLUTIONS);
    copy_dir(&repo.join("solutions"), &solutions.join("solutions"))?;
    write(&solutions.join("README.md"), &solutions_readme(&commit))?;
    write(&solutions.join("COMMIT"), &commit)?;

    let tar_start = Instant::now();
    tar(&learner_archive(), &stage, LEARNER)?;
    tar(&solutions_archive(), &stage, SOLUTIONS)?;
    let tar_seconds = tar_start.elapsed().as_secs_f64();
    let _ = fs::remove_dir_all(&stage);
    println!(
        "bundle: {} ({}), {} ({}); commit {}; cargo vendor {vendor_seconds:.1} s, tar {tar_seconds:.1} s, total {:.1} s",
        learner_archive().display(),
        size(&learner_archive()),
        solutions_archive().display(),
        size(&solutions_archive()),
        commit.trim(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn rust_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    names.sort();
    names
}

/// Builds the bundle, unpacks both archives and checks what they hold: the book (index.html and
/// print.html), the starters (equal to `exercises/`), the grader and the
/// checks, no solution in the learner's archive, every solution in the other, the commit in both,
/// and a vendored dependency set that cargo resolves offline for both lock files.
pub fn check() -> Outcome {
    build()?;
    let start = Instant::now();
    let unpacked = scratch("check");
    let _ = fs::remove_dir_all(&unpacked);
    fs::create_dir_all(&unpacked).map_err(|e| format!("create {}: {e}", unpacked.display()))?;
    for archive in [learner_archive(), solutions_archive()] {
        output(
            "tar -xzf",
            Command::new("tar")
                .arg("-xzf")
                .arg(&archive)
                .arg("-C")
                .arg(&unpacked),
        )?;
    }
    let learner = unpacked.join(LEARNER);
    let solutions = unpacked.join(SOLUTIONS);
    let repo = root();
    let mut problems = Vec::new();
    let commit = commit()?;
    for required in [
        "book/index.html",
        "book/print.html",
        "book/foundations/one-message.html",
        "README.md",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "src/lib.rs",
        "learn/Cargo.toml",
        "learn/src/main.rs",
        "exercises/README.md",
        "exercises-check/Cargo.toml",
        "exercises-check/Cargo.lock",
        "exercises-check/src/lib.rs",
        "exercises-check/starters.toml",
        "learn/build.rs",
        ".cargo/config.toml",
    ] {
        if !learner.join(required).is_file() {
            problems.push(format!("learner archive: no {required}"));
        }
    }
    for (name, dir) in [("learner", &learner), ("solutions", &solutions)] {
        match fs::read_to_string(dir.join("COMMIT")) {
            Ok(text) if text == commit => {}
            Ok(text) => problems.push(format!(
                "{name} archive: COMMIT says {text:?}, expected {commit:?}"
            )),
            Err(_) => problems.push(format!("{name} archive: no COMMIT file")),
        }
    }
    let exercises = rust_files(&repo.join("exercises"));
    if exercises.is_empty() {
        problems.push("exercises/ has no exercises".into());
    }
    for folder in ["exercises", "exercises-check/checks"] {
        let expected = rust_files(&repo.join(folder));
        let found = rust_files(&learner.join(folder));
        if found != expected {
            problems.push(format!(
                "learner archive: {folder} holds {found:?}, expected {expected:?}"
            ));
        }
    }
    for name in &exercises {
        let original = fs::read(repo.join("exercises").join(name)).unwrap_or_default();
        if fs::read(learner.join("exercises").join(name)).ok().as_ref() != Some(&original) {
            problems.push(format!(
                "learner archive: exercises/{name} differs from the repository's"
            ));
        }
    }
    // No solution anywhere in the learner's archive: no solutions/*.rs, and no file with a solution's
    // text (each starts with `// SOLUTION`).
    if !rust_files(&learner.join("solutions")).is_empty() {
        problems.push("learner archive: solutions/ holds Rust files".into());
    }
    for name in &exercises {
        let solution = fs::read_to_string(repo.join("solutions").join(name)).unwrap_or_default();
        if !solution.starts_with("// SOLUTION") {
            problems.push(format!(
                "solutions/{name} does not start with `// SOLUTION`"
            ));
        }
        let text = fs::read_to_string(learner.join("exercises").join(name)).unwrap_or_default();
        if text == solution || text.starts_with("// SOLUTION") {
            problems.push(format!("learner archive: exercises/{name} is a solution"));
        }
        let shipped = fs::read(solutions.join("solutions").join(name)).ok();
        if shipped.as_deref() != Some(solution.as_bytes()) {
            problems.push(format!(
                "solutions archive: solutions/{name} missing or different"
            ));
        }
    }
    // The vendored sources are complete: cargo resolves both lock files from them, offline, unchanged.
    for manifest in ["Cargo.toml", "exercises-check/Cargo.toml"] {
        if let Err(e) = output(
            "cargo metadata in the unpacked bundle",
            cargo()
                .current_dir(&learner)
                .env_remove("CARGO_TARGET_DIR")
                .args([
                    "metadata",
                    "--offline",
                    "--locked",
                    "--format-version",
                    "1",
                    "--manifest-path",
                    manifest,
                ]),
        ) {
            problems.push(format!("learner archive: {manifest}: {e}"));
        }
    }
    let vendored = fs::read_dir(learner.join("vendor"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("loom-"));
    if !vendored {
        problems.push("learner archive: vendor/ has no loom".into());
    }
    let config = fs::read_to_string(learner.join(".cargo/config.toml")).unwrap_or_default();
    if !config.contains("directory = \"vendor\"") {
        problems.push("learner archive: .cargo/config.toml does not use vendor/".into());
    }
    let _ = fs::remove_dir_all(&unpacked);
    println!(
        "bundle: unpacked and inspected in {:.1} s: {} exercises, book with print.html, vendored sources resolve offline",
        start.elapsed().as_secs_f64(),
        exercises.len()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("bundle:\n{}", problems.join("\n")))
    }
}
