//! The guard between the book's words and the proof ledger (`book/src/reference/ledger.md`).
//!
//! Fails when a page:
//! - mentions a test (`tests/FILE.rs::name`, `steps/tests/...`, `PACKAGE/tests/...`) that does not
//!   exist, or that has no entry in the committed ledger;
//! - writes "checked by" a test without linking to that test's ledger entry;
//! - says a checker finds or catches something in a paragraph that cites no broken twin (an entry
//!   whose outcome is "caught" or "not caught").
//!
//! Whether the ledger page itself is what the tests recorded is checked by `cargo xtask ledger`
//! (a step of the check command, after the tests and model suites have written their records).
#![cfg(not(any(loom, shuttle)))]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use proof_ledger::{anchor, citations, finds_claims, links_to_entry, parse_page, test_exists};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// What is wrong with one page's citations and "finds" claims, given the ledger's entries.
fn problems_in(
    page: &str,
    text: &str,
    ledger: &BTreeMap<String, Vec<String>>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    for citation in citations(text) {
        let at = format!("{page}:{}", citation.line);
        let test = &citation.test;
        if !exists(test) {
            problems.push(format!("{at}: cites {test}, which does not exist"));
        } else if !ledger.contains_key(test) {
            problems.push(format!(
                "{at}: cites {test}, which has no entry in the proof ledger (the test must record one \
                 with proof_ledger::record!, see book/CONVENTIONS.md)"
            ));
        } else if citation.checked_by
            && !citation
                .link
                .as_deref()
                .is_some_and(|link| links_to_entry(link, test))
        {
            problems.push(format!(
                "{at}: \"checked by {test}\" is not linked to its ledger entry; write \
                 [`{test}`](../reference/ledger.md#{})",
                anchor(test)
            ));
        }
    }
    for (line, paragraph) in finds_claims(text) {
        let cites_a_twin = citations(&paragraph).iter().any(|c| {
            ledger.get(&c.test).is_some_and(|outcomes| {
                outcomes
                    .iter()
                    .any(|o| o.starts_with("caught") || o.starts_with("not caught"))
            })
        });
        if !cites_a_twin {
            let start: String = paragraph.chars().take(80).collect();
            problems.push(format!(
                "{page}:{line}: says a checker finds or catches something but cites no broken twin \
                 in the ledger: \"{}…\"",
                start.replace('\n', " ")
            ));
        }
    }
    problems
}

fn committed_ledger() -> BTreeMap<String, Vec<String>> {
    let page = fs::read_to_string(root().join("book/src/reference/ledger.md"))
        .expect("book/src/reference/ledger.md exists (cargo xtask ledger --write)");
    parse_page(&page)
}

#[test]
fn every_citation_names_a_ledger_entry_and_every_finds_claim_a_broken_twin() {
    let ledger = committed_ledger();
    assert!(!ledger.is_empty(), "the ledger page has no entries");
    let exists = |test: &str| test_exists(root(), test);
    let mut problems = Vec::new();
    let mut cited = 0;
    for path in pages(&root().join("book/src")) {
        if path.ends_with("reference/ledger.md") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        cited += citations(&text).len();
        let page = path.strip_prefix(root()).unwrap().display().to_string();
        problems.extend(problems_in(&page, &text, &ledger, &exists));
    }
    assert!(
        cited > 0,
        "no page cites a test: the citation parser is broken"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) with the book's citations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_ledger_entry_names_an_existing_test() {
    let missing: Vec<String> = committed_ledger()
        .into_keys()
        .filter(|test| !test_exists(root(), test))
        .collect();
    assert!(
        missing.is_empty(),
        "the ledger lists tests that no longer exist: {missing:?}"
    );
}

/// The guard itself fails on broken citations: a fixture page against a fixture ledger.
#[test]
fn the_guard_fails_on_a_broken_citation() {
    let mut ledger = BTreeMap::new();
    ledger.insert("tests/a.rs::holds".to_string(), vec!["holds".to_string()]);
    ledger.insert(
        "steps/tests/z.rs::twin_is_caught".to_string(),
        vec!["caught: deadlock".to_string()],
    );
    let exists = |test: &str| test != "tests/a.rs::no_such_test";
    let check = |text: &str| problems_in("fixture.md", text, &ledger, &exists);

    let good = "It holds (checked by [`tests/a.rs::holds`](../reference/ledger.md#tests-a-rs--holds)).\n\n\
                Loom finds the deadlock (checked by [`steps/tests/z.rs::twin_is_caught`](../reference/ledger.md#steps-tests-z-rs--twin_is_caught)).\n";
    assert_eq!(check(good), Vec::<String>::new());

    let missing_test = "It holds (checked by [`tests/a.rs::no_such_test`](../reference/ledger.md#tests-a-rs--no_such_test)).\n";
    assert!(check(missing_test)[0].contains("does not exist"));

    let not_in_ledger = "It holds (checked by [`tests/b.rs::unrecorded`](../reference/ledger.md#tests-b-rs--unrecorded)).\n";
    assert!(check(not_in_ledger)[0].contains("no entry in the proof ledger"));

    let unlinked = "It holds (checked by tests/a.rs::holds).\n";
    assert!(check(unlinked)[0].contains("not linked"));

    let wrong_anchor =
        "It holds (checked by [`tests/a.rs::holds`](../reference/ledger.md#tests-a-rs--other)).\n";
    assert!(check(wrong_anchor)[0].contains("not linked"));

    let finds_without_twin = "Shuttle catches this lost wake-up (checked by [`tests/a.rs::holds`](../reference/ledger.md#tests-a-rs--holds)).\n";
    assert!(check(finds_without_twin)[0].contains("no broken twin"));
}
