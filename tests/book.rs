//! Guards for the book's single source of truth. mdbook fails open (a missing include file only logs,
//! a missing anchor renders an empty block), so these checks read book/src the way mdbook would:
//! - every `{{#include}}` / `{{#rustdoc_include}}` names an existing file and an existing anchor or range;
//! - every ```rust, ```text and ```diff block holds nothing but includes: code, output and the bug
//!   zoo's diffs are never typed;
//! - every snapshot and every example is shown somewhere, and every example is in the index;
//! - every predict-then-check answer is backed by a snapshot or a named test that exists;
//! - every page is in SUMMARY.md.
#![cfg(not(any(loom, shuttle)))]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_with_extension(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The book's pages, with their text.
fn pages() -> Vec<(PathBuf, String)> {
    let pages: Vec<_> = files_with_extension(&root().join("book/src"), "md")
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    assert!(pages.len() > 1, "book/src has no pages");
    pages
}

/// One `{{#include ...}}` or `{{#rustdoc_include ...}}` directive.
struct Include {
    page: PathBuf,
    /// The file, resolved against the page's folder like mdbook does.
    file: PathBuf,
    /// What follows the path: an anchor name, a line range, or nothing.
    selector: Option<String>,
}

fn includes_in(page: &Path, text: &str) -> Vec<Include> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices("{{#") {
        let rest = &text[start + 3..];
        let Some(end) = rest.find("}}") else { continue };
        let directive = rest[..end].trim();
        let Some(argument) = directive
            .strip_prefix("include ")
            .or_else(|| directive.strip_prefix("rustdoc_include "))
        else {
            continue;
        };
        let argument = argument.trim();
        let (path, selector) = match argument.split_once(':') {
            Some((path, selector)) => (path, Some(selector.to_string())),
            None => (argument, None),
        };
        found.push(Include {
            page: page.to_path_buf(),
            file: page.parent().unwrap().join(path),
            selector,
        });
    }
    found
}

fn all_includes() -> Vec<Include> {
    pages()
        .iter()
        .flat_map(|(page, text)| includes_in(page, text))
        .collect()
}

/// Why an include would render wrongly, if it would.
fn include_problem(include: &Include) -> Option<String> {
    let Ok(content) = fs::read_to_string(&include.file) else {
        return Some(format!("file {} does not exist", include.file.display()));
    };
    let selector = include.selector.as_deref()?;
    let is_range = selector.chars().all(|c| c.is_ascii_digit() || c == ':');
    if is_range {
        let first: usize = selector.split(':').next().unwrap().parse().unwrap_or(1);
        let lines = content.lines().count();
        return (first > lines).then(|| format!("line {first} is past the end ({lines} lines)"));
    }
    let has_start = content
        .lines()
        .any(|l| l.trim_end().ends_with(&format!("ANCHOR: {selector}")));
    let has_end = content
        .lines()
        .any(|l| l.trim_end().ends_with(&format!("ANCHOR_END: {selector}")));
    match (has_start, has_end) {
        (true, true) => None,
        _ => Some(format!(
            "anchor `{selector}` is missing or unclosed in {}",
            include.file.display()
        )),
    }
}

#[test]
fn every_include_names_an_existing_file_and_anchor() {
    let includes = all_includes();
    assert!(!includes.is_empty(), "the book includes nothing");
    let problems: Vec<String> = includes
        .iter()
        .filter_map(|inc| include_problem(inc).map(|p| format!("{}: {p}", inc.page.display())))
        .collect();
    assert!(
        problems.is_empty(),
        "broken includes:\n{}",
        problems.join("\n")
    );
}

/// Fenced blocks as (info string, body lines, page).
fn fenced_blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String, Vec<String>)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let fence = "```".to_string()
                        + &info.chars().take_while(|&c| c == '`').collect::<String>();
                    current = Some((
                        info.trim_start_matches('`').trim().to_string(),
                        fence,
                        Vec::new(),
                    ));
                }
            }
            Some((info, fence, body)) => {
                if trimmed.starts_with(fence.as_str())
                    && trimmed.trim_start_matches('`').trim().is_empty()
                {
                    blocks.push((info.clone(), std::mem::take(body)));
                    current = None;
                } else {
                    body.push(line.to_string());
                }
            }
        }
    }
    blocks
}

#[test]
fn rust_and_output_blocks_are_only_includes() {
    let mut problems = Vec::new();
    for (page, text) in pages() {
        for (info, body) in fenced_blocks(&text) {
            let language = info.split(',').next().unwrap_or("").trim();
            if language.is_empty() {
                problems.push(format!(
                    "{}: untagged code block (mdbook compiles those as Rust)",
                    page.display()
                ));
                continue;
            }
            if !["rust", "text", "diff"].contains(&language) {
                continue;
            }
            let lines: Vec<&String> = body.iter().filter(|l| !l.trim().is_empty()).collect();
            let only_includes = !lines.is_empty()
                && lines.iter().all(|l| {
                    let l = l.trim();
                    l.starts_with("{{#include ") || l.starts_with("{{#rustdoc_include ")
                });
            if !only_includes {
                problems.push(format!(
                    "{}: a ```{language} block that is not only includes",
                    page.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "typed code or output in the book:\n{}",
        problems.join("\n")
    );
}

fn included_files() -> BTreeSet<PathBuf> {
    all_includes()
        .iter()
        .filter_map(|inc| fs::canonicalize(&inc.file).ok())
        .collect()
}

#[test]
fn every_snapshot_is_shown_in_the_book() {
    let shown = included_files();
    // The crate's own snapshots, those of the steps package (Parts 3 and 4) and of the one-shot
    // (part "Below the Mutex").
    let unused: Vec<_> = [
        "tests/snapshots",
        "steps/tests/snapshots",
        "oneshot/tests/snapshots",
    ]
    .into_iter()
    .flat_map(|dir| files_with_extension(&root().join(dir), "snap"))
    .filter(|snap| !shown.contains(&fs::canonicalize(snap).unwrap()))
    .map(|snap| snap.display().to_string())
    .collect();
    assert!(
        unused.is_empty(),
        "snapshots no page includes:\n{}",
        unused.join("\n")
    );
}

#[test]
fn every_compiler_error_listing_is_shown_in_the_book() {
    let shown = included_files();
    let unused: Vec<_> = ["tests/compile_fail", "oneshot/tests/compile_fail"]
        .into_iter()
        .flat_map(|dir| files_with_extension(&root().join(dir), "stderr"))
        .filter(|stderr| !shown.contains(&fs::canonicalize(stderr).unwrap()))
        .map(|stderr| stderr.display().to_string())
        .collect();
    assert!(
        unused.is_empty(),
        "compiler errors no page includes:\n{}",
        unused.join("\n")
    );
}

#[test]
fn every_example_is_shown_and_indexed() {
    let shown = included_files();
    let index = fs::read_to_string(root().join("book/src/reference/examples.md")).unwrap();
    let mut problems = Vec::new();
    for example in files_with_extension(&root().join("examples"), "rs") {
        let name = example.file_stem().unwrap().to_string_lossy().into_owned();
        if !shown.contains(&fs::canonicalize(&example).unwrap()) {
            problems.push(format!("examples/{name}.rs is not included by any chapter"));
        }
        if !index.contains(&format!("--example {name}`"))
            && !index.contains(&format!("--example {name}\n"))
        {
            problems.push(format!(
                "reference/examples.md does not list `cargo run --example {name}`"
            ));
        }
        let snapshot = |prefix: &str| root().join(format!("tests/snapshots/{prefix}{name}.snap"));
        if !snapshot("example_").exists() && !snapshot("all_outputs_").exists() {
            problems.push(format!("examples/{name}.rs has no output snapshot"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The test a `checked by tests/FILE.rs::NAME` reference points to, if it exists (the proof
/// ledger's rule: `fn NAME(`, or NAME as a whole word for a test a macro generates).
fn named_test_exists(reference: &str) -> bool {
    proof_ledger::test_exists(root(), reference)
}

#[test]
fn every_prediction_is_backed_by_a_check() {
    let mut count = 0;
    let mut problems = Vec::new();
    for (page, text) in pages() {
        for block in text.split("<details class=\"predict\">").skip(1) {
            count += 1;
            let answer = block.split("</details>").next().unwrap();
            let shows_snapshot =
                answer.contains("{{#include") && answer.contains("tests/snapshots/");
            let references: Vec<&str> = answer
                .split("checked by")
                .skip(1)
                .map(|rest| {
                    // Plain, or linked to the ledger: "checked by [`tests/F.rs::name`](...)",
                    // perhaps with a line break after "by".
                    rest.trim_start()
                        .trim_start_matches(['[', '`'])
                        .split(['`', ']', ')', ' ', '\n'])
                        .next()
                        .unwrap()
                })
                .collect();
            let bad: Vec<&&str> = references
                .iter()
                .filter(|r| !named_test_exists(r))
                .collect();
            if !bad.is_empty() {
                problems.push(format!("{}: no such test: {bad:?}", page.display()));
            } else if !shows_snapshot && references.is_empty() {
                problems.push(format!(
                    "{}: an answer with neither a snapshot nor a named test",
                    page.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(count > 0, "the book has no predict-then-check prompts");
}

#[test]
fn every_page_is_in_the_summary() {
    let summary = fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let src = root().join("book/src");
    let missing: Vec<_> = pages()
        .iter()
        .map(|(page, _)| {
            page.strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|page| page != "SUMMARY.md" && !summary.contains(&format!("({page})")))
        .collect();
    assert!(missing.is_empty(), "pages not in SUMMARY.md: {missing:?}");
}

#[test]
fn the_guards_themselves_detect_problems() {
    let page = root().join("book/src/foundations/one-message.md");
    let bad_anchor = Include {
        page: page.clone(),
        file: root().join("examples/first_message.rs"),
        selector: Some("no_such_anchor".into()),
    };
    assert!(include_problem(&bad_anchor).is_some());
    let bad_file = Include {
        page: page.clone(),
        file: root().join("examples/nope.rs"),
        selector: None,
    };
    assert!(include_problem(&bad_file).is_some());
    let past_end = Include {
        page,
        file: root().join("tests/snapshots/example_first_message.snap"),
        selector: Some("400:".into()),
    };
    assert!(include_problem(&past_end).is_some());
    let blocks =
        fenced_blocks("text\n```rust\nfn main() {}\n```\n```text\n{{#include a.snap:4:}}\n```\n");
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].0, "rust");
    assert!(named_test_exists(
        "tests/book.rs::the_guards_themselves_detect_problems"
    ));
    assert!(!named_test_exists("tests/book.rs::no_such_test"));
}

#[test]
fn every_exercise_is_listed_in_the_book() {
    let page = fs::read_to_string(root().join("book/src/reference/exercises.md")).unwrap();
    let exercises = files_with_extension(&root().join("exercises"), "rs");
    assert!(exercises.len() >= 12, "expected at least 12 exercises");
    let missing: Vec<String> = exercises
        .iter()
        .map(|e| e.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|name| !page.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "exercises missing from reference/exercises.md: {missing:?}"
    );
}
