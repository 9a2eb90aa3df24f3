//! Run buttons: the listings the book marks `rust,mdbook-runnable` (mdBook's Run button, which
//! sends the shown code to the Rust playground) are exactly std programs, and print what the
//! book says they print.
//!
//! A runnable listing is made of include lines only: line ranges of one example, and
//! `book/src/games/use_std_mpsc.rs` (`use std::sync::mpsc;`) where the example has
//! `use mailslot as mpsc;`. This test rebuilds the shown text the way mdBook 0.5 does (each
//! include's lines joined by newlines, one include per line), and checks that
//! - putting `use mailslot as mpsc;` back gives exactly the example's `all` anchor as the book
//!   showed it before (anchor lines dropped): so the mailslot side of the listing *is* the
//!   example, whose output tests/examples_output.rs snapshots;
//! - exactly the shown bytes build against std alone (a project with no dependencies) and, run,
//!   print that same snapshot (or one of the outputs loom enumerated for the example);
//! - every listing of Parts 1, 2 and 5 that shows a whole example (its `all` anchor, whether as
//!   `:all` or as the line ranges a runnable listing uses) is runnable, unless it is listed in
//!   `NOT_RUNNABLE` with the reason.
#![cfg(not(any(loom, shuttle)))]

mod example_runs;

use example_runs::{Expected, build_std_only, expected, render, root};
use proof_ledger::{Checker, Entry, Outcome, record};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const STD_LINE_FILE: &str = "games/use_std_mpsc.rs";
const STD_IMPORT: &str = "use std::sync::mpsc;";
const MAILSLOT_IMPORT: &str = "use mailslot as mpsc;";

/// Whole-example listings that stay without a Run button, and why. Empty: every example that
/// Parts 1, 2 and 5 show whole uses only std's API once its import is swapped (tests/examples_std.rs
/// builds each one against std), and each one's `all` anchor starts at its imports, so the shown
/// part is a complete program.
const NOT_RUNNABLE: &[(&str, &str)] = &[];

struct Listing {
    page: PathBuf,
    example: String,
    /// The text the reader sees, and the playground runs.
    shown: String,
}

fn pages() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root().join("book/src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// `(info string, body lines)` of every fenced block.
fn blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        match &mut current {
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    current = Some((info.trim().to_string(), Vec::new()));
                }
            }
            Some((info, body)) => {
                if line.trim() == "```" {
                    found.push((info.clone(), std::mem::take(body)));
                    current = None;
                } else {
                    body.push(line.to_string());
                }
            }
        }
    }
    found
}

/// What `{{#include PATH}}` or `{{#include PATH:FIRST:LAST}}` puts in place of its line.
fn expand(page: &Path, line: &str) -> Result<(String, Option<String>), String> {
    let argument = line
        .trim()
        .strip_prefix("{{#include ")
        .and_then(|rest| rest.strip_suffix("}}"))
        .ok_or_else(|| format!("not an include line: {line}"))?;
    let (path, range) = match argument.split_once(':') {
        Some((path, range)) => (path, Some(range)),
        None => (argument, None),
    };
    let file = page.parent().unwrap().join(path);
    let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    let example = file
        .strip_prefix(root().join("book/src/../../examples"))
        .ok()
        .or_else(|| {
            file.to_str()
                .and_then(|f| f.split("/examples/").nth(1).map(Path::new))
        })
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned());
    let chosen = match range {
        None => lines.join("\n"),
        Some(range) => {
            let (first, last) = range
                .split_once(':')
                .ok_or_else(|| format!("{line}: a runnable listing uses FIRST:LAST ranges"))?;
            let (first, last): (usize, usize) = (
                first.parse().map_err(|_| format!("{line}: bad range"))?,
                last.parse().map_err(|_| format!("{line}: bad range"))?,
            );
            if first == 0 || last < first || last > lines.len() {
                return Err(format!(
                    "{line}: lines {first} to {last} of {} lines",
                    lines.len()
                ));
            }
            lines[first - 1..last].join("\n")
        }
    };
    Ok((chosen, example))
}

fn runnable_listings() -> Result<Vec<Listing>, String> {
    let mut found = Vec::new();
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        for (info, body) in blocks(&text) {
            if !info.split(',').any(|w| w.trim() == "mdbook-runnable") {
                continue;
            }
            let where_ = page.display().to_string();
            if info != "rust,mdbook-runnable" {
                return Err(format!(
                    "{where_}: a runnable block is ```rust,mdbook-runnable, not ```{info}"
                ));
            }
            let mut shown = Vec::new();
            let mut examples = Vec::new();
            for line in body.iter().filter(|l| !l.trim().is_empty()) {
                let (text, example) = expand(&page, line).map_err(|e| format!("{where_}: {e}"))?;
                if let Some(example) = example {
                    examples.push(example);
                } else if !line.contains(STD_LINE_FILE) {
                    return Err(format!(
                        "{where_}: {line}: include an example or {STD_LINE_FILE}"
                    ));
                }
                shown.push(text);
            }
            examples.dedup();
            let [example] = examples.as_slice() else {
                return Err(format!(
                    "{where_}: a runnable listing shows exactly one example, not {examples:?}"
                ));
            };
            found.push(Listing {
                page: page.clone(),
                example: example.clone(),
                shown: shown.join("\n") + "\n",
            });
        }
    }
    Ok(found)
}

/// The example's `all` anchor as mdBook shows it: the lines between `ANCHOR: all` and
/// `ANCHOR_END: all`, without any anchor lines.
fn anchored_all(example: &str) -> Option<String> {
    let text = fs::read_to_string(root().join(format!("examples/{example}.rs"))).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_end().ends_with("ANCHOR: all"))?;
    let end = lines
        .iter()
        .position(|l| l.trim_end().ends_with("ANCHOR_END: all"))?;
    let kept: Vec<&str> = lines[start + 1..end]
        .iter()
        .filter(|l| !l.contains("ANCHOR: ") && !l.contains("ANCHOR_END: "))
        .copied()
        .collect();
    Some(kept.join("\n") + "\n")
}

/// The include lines that show example `name`'s `all` anchor with std's channel: line ranges
/// that skip anchor lines, and the std import in place of mailslot's.
fn suggested_block(name: &str) -> String {
    let text = fs::read_to_string(root().join(format!("examples/{name}.rs"))).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_end().ends_with("ANCHOR: all"));
    let end = lines
        .iter()
        .position(|l| l.trim_end().ends_with("ANCHOR_END: all"));
    let (Some(start), Some(end)) = (start, end) else {
        return String::new();
    };
    let mut block = String::new();
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, block: &mut String| {
        if let Some((first, last)) = run.take() {
            let _ = writeln!(
                block,
                "{{{{#include ../../../examples/{name}.rs:{first}:{last}}}}}"
            );
        }
    };
    for (i, line) in lines.iter().enumerate().take(end).skip(start + 1) {
        let number = i + 1;
        if line.contains("ANCHOR") {
            flush(&mut run, &mut block);
        } else if *line == MAILSLOT_IMPORT {
            flush(&mut run, &mut block);
            let _ = writeln!(block, "{{{{#include ../{STD_LINE_FILE}}}}}");
        } else {
            run = Some(run.map_or((number, number), |(first, _)| (first, number)));
        }
    }
    flush(&mut run, &mut block);
    block
}

/// The listing with mailslot put back, as the example itself has it.
fn on_mailslot(shown: &str) -> String {
    shown
        .lines()
        .map(|l| if l == STD_IMPORT { MAILSLOT_IMPORT } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Problems with one listing's text, before anything is compiled.
fn text_problems(listing: &Listing) -> Vec<String> {
    let mut problems = Vec::new();
    let name = format!("{} ({})", listing.example, listing.page.display());
    if listing
        .shown
        .lines()
        .any(|l| l.contains("mailslot") || l.contains("ANCHOR"))
    {
        problems.push(format!(
            "{name}: the shown code mentions mailslot or an anchor"
        ));
    }
    match anchored_all(&listing.example) {
        None => problems.push(format!(
            "{name}: examples/{}.rs has no `all` anchor",
            listing.example
        )),
        Some(all) if all != on_mailslot(&listing.shown) => problems.push(format!(
            "{name}: with `{MAILSLOT_IMPORT}` put back, the listing is not the example's `all` \
             anchor: did the example change? Its block should now read\n\
             ```rust,mdbook-runnable\n{}```\nlisting:\n{}\nexample:\n{all}",
            suggested_block(&listing.example),
            on_mailslot(&listing.shown)
        )),
        Some(_) => {}
    }
    problems
}

#[test]
fn runnable_listings_are_the_examples_on_std_and_print_the_same() {
    let listings = runnable_listings().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        listings.len() >= 10,
        "only {} runnable listings",
        listings.len()
    );
    let problems: Vec<String> = listings.iter().flat_map(text_problems).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let binary = build_on_std(&listings);
    let mut failures = String::new();
    for listing in &listings {
        let output = Command::new(&binary)
            .arg(&listing.example)
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap();
        let printed = without_panic_location(&render(output));
        match expected(&listing.example) {
            Some(Expected::Fixed(snapshot))
                if without_panic_location(&snapshot).trim_end() == printed.trim_end() => {}
            Some(Expected::OneOf(outputs))
                if outputs.iter().any(|o| without_panic_location(o) == printed) => {}
            _ => writeln!(
                failures,
                "{}: the shown code on std printed:\n{printed}\nwhich is not what the book shows",
                listing.example
            )
            .unwrap(),
        }
    }
    assert!(failures.is_empty(), "{failures}");
    println!(
        "{} runnable listings: std-only, and print the book's output",
        listings.len()
    );
    record!(
        Entry::new(
            "the runnable listings are exactly std programs (built with no dependencies) and print what the book shows",
            Checker::StdRun,
            format!("{} listings, one run each", listings.len()),
        )
        .outcome(Outcome::Holds)
    );
}

/// A panic message names the file and line it came from: the example's in the book's snapshot, the
/// listing's own here (and `src/main.rs` on the playground). Everything else must be the same.
fn without_panic_location(output: &str) -> String {
    output
        .lines()
        .map(|line| match line.split_once("panicked at ") {
            Some((before, after)) => {
                let rest = after.rsplit_once(".rs:").map_or(after, |(_, tail)| tail);
                let message = rest.split_once(": ").map_or("", |(_, m)| m);
                let colon = if rest.ends_with(':') { ":" } else { "" };
                format!("{before}panicked at <location>:{message}{colon}")
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if output.ends_with('\n') { "\n" } else { "" }
}

/// The Parts whose whole-example listings must be runnable: 1 (foundations), 2 (working) and 5
/// (patterns), the ones written against std's API alone.
const STD_ONLY_PARTS: [&str; 3] = ["foundations", "working", "patterns"];

fn std_only_pages() -> Vec<PathBuf> {
    pages()
        .into_iter()
        .filter(|p| {
            STD_ONLY_PARTS
                .iter()
                .any(|part| p.parent().unwrap().ends_with(part))
        })
        .collect()
}

/// The example that a block's include lines show whole, if they do: an `:all` include, or the
/// include lines a runnable listing uses, which (with mailslot's import put back) are exactly the
/// example's `all` anchor.
fn whole_example_shown(page: &Path, body: &[String]) -> Option<String> {
    if let Some(line) = body
        .iter()
        .find(|l| l.contains("/examples/") && l.contains(".rs:all}}"))
    {
        return line
            .split("examples/")
            .nth(1)
            .and_then(|r| r.split(".rs").next())
            .map(str::to_string);
    }
    let mut shown = Vec::new();
    let mut examples = Vec::new();
    for line in body.iter().filter(|l| !l.trim().is_empty()) {
        let (text, example) = expand(page, line).ok()?;
        match example {
            Some(example) => examples.push(example),
            None if line.contains(STD_LINE_FILE) => {}
            None => return None,
        }
        shown.push(text);
    }
    examples.dedup();
    let [example] = examples.as_slice() else {
        return None;
    };
    (anchored_all(example)? == on_mailslot(&(shown.join("\n") + "\n"))).then(|| example.clone())
}

/// `page: example` for every Rust block of `text` that shows a whole example without a Run button
/// and is not excused in `NOT_RUNNABLE`.
fn whole_examples_without_button(page: &Path, text: &str) -> Vec<String> {
    let mut missing = Vec::new();
    for (info, body) in blocks(text) {
        let words: Vec<&str> = info.split(',').map(str::trim).collect();
        if !words.contains(&"rust") || words.contains(&"mdbook-runnable") {
            continue;
        }
        if let Some(example) = whole_example_shown(page, &body)
            && !NOT_RUNNABLE.iter().any(|(n, _)| *n == example)
        {
            missing.push(format!("{}: {example}", page.display()));
        }
    }
    missing
}

/// Every listing of Parts 1, 2 and 5 that shows a whole example is runnable, or is listed in
/// `NOT_RUNNABLE` with its reason.
#[test]
fn whole_examples_in_parts_1_2_and_5_are_runnable() {
    for (example, reason) in NOT_RUNNABLE {
        assert!(
            root().join(format!("examples/{example}.rs")).exists(),
            "NOT_RUNNABLE lists `{example}` ({reason}), but examples/{example}.rs does not exist"
        );
    }
    let missing: Vec<String> = std_only_pages()
        .iter()
        .flat_map(|page| whole_examples_without_button(page, &fs::read_to_string(page).unwrap()))
        .collect();
    assert!(
        missing.is_empty(),
        "whole examples without a Run button:\n{}",
        missing.join("\n")
    );
}

/// The check above can fail: take the Run button off every runnable listing of Parts 1, 2 and 5
/// (the info string back to plain `rust`), and each one is reported, by name.
#[test]
fn a_listing_that_lost_its_button_is_caught() {
    let listings = runnable_listings().unwrap();
    let mut reported = Vec::new();
    for page in std_only_pages() {
        let text = fs::read_to_string(&page).unwrap();
        let demoted = text.replace("```rust,mdbook-runnable", "```rust");
        reported.extend(whole_examples_without_button(&page, &demoted));
    }
    let mut expected: Vec<String> = listings
        .iter()
        .map(|l| format!("{}: {}", l.page.display(), l.example))
        .collect();
    expected.sort();
    reported.sort();
    assert_eq!(reported, expected);
    assert!(expected.len() >= 21, "only {} listings", expected.len());
}

/// The text checks can fail: a listing whose ranges no longer match its example, and one that
/// still imports mailslot, are both reported.
#[test]
fn a_wrong_listing_is_caught() {
    let listings = runnable_listings().unwrap();
    let good = &listings[0];
    assert!(text_problems(good).is_empty());
    let shifted = Listing {
        page: good.page.clone(),
        example: good.example.clone(),
        shown: good.shown.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n",
    };
    let problems = text_problems(&shifted);
    assert!(!problems.is_empty(), "a listing missing a line passes");
    // The message says how the block should read, and that block is the real one.
    let page = fs::read_to_string(&good.page).unwrap();
    assert!(
        page.contains(&suggested_block(&good.example)),
        "{}",
        problems[0]
    );
    let mailslot = Listing {
        page: good.page.clone(),
        example: good.example.clone(),
        shown: on_mailslot(&good.shown),
    };
    assert!(
        !text_problems(&mailslot).is_empty(),
        "a listing importing mailslot passes"
    );
}

/// One binary with every listing as a module, built with no dependencies at all: a listing that
/// needed mailslot could not compile here.
fn build_on_std(listings: &[Listing]) -> PathBuf {
    let programs: Vec<(String, String)> = listings
        .iter()
        .map(|listing| (listing.example.clone(), listing.shown.clone()))
        .collect();
    build_std_only("runnable-listings", "listings", &programs).unwrap_or_else(|errors| {
        panic!("the runnable listings do not build against std alone:\n{errors}")
    })
}
