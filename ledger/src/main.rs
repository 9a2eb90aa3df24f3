//! `proof-ledger write`: render `book/src/reference/ledger.md` from the records in `target/ledger/`.
//! `proof-ledger check`: fail when the committed page differs from what the records say (the seconds
//! column aside). `cargo xtask ledger [--write]` runs this; the check command runs `check` after the
//! test, loom and shuttle steps, which write the records.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use proof_ledger::{read_records, render, test_exists, without_seconds, workspace_root};

const PAGE: &str = "book/src/reference/ledger.md";

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    let root = workspace_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let result = match command.as_str() {
        "write" | "check" => run(&root, command == "write"),
        _ => Err("usage: proof-ledger write|check".into()),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, write: bool) -> Result<String, String> {
    let mut records = read_records(root)?;
    // A record of a test that was renamed or deleted since it ran is not evidence of anything.
    records.retain(|record| test_exists(root, &record.test));
    if records.is_empty() {
        return Err(
            "target/ledger/ holds no records: run the tests and the model suites first".into(),
        );
    }
    let page = render(&records);
    let path = root.join(PAGE);
    if write {
        fs::write(&path, &page).map_err(|e| format!("{PAGE}: {e}"))?;
        return Ok(format!("wrote {PAGE}: {} entries", records.len()));
    }
    let committed = fs::read_to_string(&path).map_err(|e| format!("{PAGE}: {e}"))?;
    if without_seconds(&committed) == without_seconds(&page) {
        return Ok(format!("{PAGE} is up to date: {} entries", records.len()));
    }
    let new_page = without_seconds(&page);
    let old_page = without_seconds(&committed);
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
        (old_page.lines().collect(), new_page.lines().collect());
    let mut report = String::new();
    for line in new_lines.iter().filter(|l| !old_lines.contains(l)).take(10) {
        report.push_str(&format!("\n  + {line}"));
    }
    for line in old_lines.iter().filter(|l| !new_lines.contains(l)).take(10) {
        report.push_str(&format!("\n  - {line}"));
    }
    Err(format!(
        "{PAGE} is stale (it differs from what the tests recorded in target/ledger/); run the \
         tests and model suites, then `cargo xtask ledger --write`, and read the diff:{report}"
    ))
}
