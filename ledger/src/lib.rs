//! The proof ledger: every checked claim, recorded by the test that checked it.
//!
//! A test calls [`record!`] with an [`Entry`] saying what it checked, with which checker, in which
//! configuration, how many executions that took, and how the checked build differs from the channel
//! that ships. The record lands in `target/ledger/` as JSON. `cargo xtask ledger --write` renders
//! every record into `book/src/reference/ledger.md`; the check command renders them again and fails
//! when the committed page is stale. Nobody types an entry: a claim is in the ledger only because a
//! test that checked it ran.
//!
//! The same crate parses the book's citations ("checked by `tests/FILE.rs::name`") so that
//! `tests/ledger.rs` can fail when a page cites a test that does not exist, is not in the ledger, or
//! is not linked to its entry, and when a page says a checker "finds" or "catches" something without
//! citing a broken twin that the ledger shows being caught.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Which tool checked the claim.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Checker {
    /// loom, every execution it explores within a preemption budget of `bound`.
    Loom { bound: usize },
    /// loom with no preemption bound: every execution of the program, up to loom's partial-order
    /// reduction (only feasible for small programs).
    LoomNoBound,
    /// shuttle, sampling: `scheduler` says which one and its seed (`random, seed 7`, `PCT depth 3`).
    Shuttle { scheduler: String },
    /// An ordinary test run on real threads (one schedule per run, chosen by the OS).
    StdRun,
    /// trybuild: the compiler's real message for a program that must not compile.
    Trybuild,
}

impl Checker {
    fn label(&self) -> String {
        match self {
            Checker::Loom { bound } => format!("loom, bound {bound}"),
            Checker::LoomNoBound => "loom, no bound".into(),
            Checker::Shuttle { scheduler } => format!("shuttle, {scheduler}"),
            Checker::StdRun => "std run".into(),
            Checker::Trybuild => "trybuild".into(),
        }
    }
}

/// What the check showed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The property held in every execution the checker ran.
    Holds,
    /// A broken twin: the checker found a failing execution, as the test expects. The string says
    /// what it found (`deadlock`, `lost message`, ...).
    Caught(String),
    /// A broken twin the checker does not catch, recorded to show a limit of the checker.
    NotCaught(String),
}

impl Outcome {
    /// Whether this entry is about a deliberately broken program (caught or not).
    pub fn is_broken_twin(&self) -> bool {
        !matches!(self, Outcome::Holds)
    }

    fn label(&self) -> String {
        match self {
            Outcome::Holds => "holds".into(),
            Outcome::Caught(what) => format!("caught: {what}"),
            Outcome::NotCaught(what) => format!("not caught: {what}"),
        }
    }
}

/// The same model run again with a smaller preemption bound, and whether it gave the same result
/// (the same set of outputs, or the same verdict).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LowerBound {
    pub bound: usize,
    pub executions: u64,
    pub same_result: bool,
}

/// How a checked build differs from the channel that ships. Use the constants, so the ledger's
/// legend explains each one once.
pub mod differs {
    /// `YIELDS_BEFORE_SLEEP` is 0 under loom unless the model sets it.
    pub const NO_YIELDS: &str = "no yields before sleeping";
    /// The model sets the yield count (`mailslot::model_hooks`) to this many instead of 16.
    pub const ONE_YIELD: &str = "1 yield before sleeping, not 16";
    /// Handles share the channel through std's `Arc`, whose reference counts are not scheduling points.
    pub const STD_ARC: &str = "std's Arc";
    /// The example's `println!` writes to a buffer the model reads (tests/loom_outputs.rs).
    pub const PRINTLN_SHIM: &str = "println shim";
    /// The code is a teaching step in `steps/`, not the shipped `src/`.
    pub const TEACHING_STEP: &str = "teaching step, not src/";
    /// The code is a bug-zoo exhibit: a correct step with one deliberate change.
    pub const ZOO_DIFF: &str = "a zoo diff applied to a step";
    /// A test thread notifies for no reason, standing in for a spurious wake-up.
    pub const SPURIOUS_WAKER: &str = "extra notifier for spurious wake-ups";
}

/// One checked claim. Build it with [`Entry::new`] and the setters, then [`record!`] it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Entry {
    /// What was checked, in a few words; empty: the test's name says it.
    pub claim: String,
    pub checker: Checker,
    /// Threads × messages and the channel, e.g. `bounded(1), 2 producers x 2 messages + receiver`.
    pub configuration: String,
    /// Executions the checker ran (loom: after its partial-order reduction), if it counts them.
    pub executions: Option<u64>,
    pub lower_bound: Option<LowerBound>,
    pub differs: Vec<String>,
    pub outcome: Outcome,
    /// Wall-clock seconds; shown in the page but ignored by the staleness check.
    pub seconds: Option<f64>,
}

impl Entry {
    pub fn new(
        claim: impl Into<String>,
        checker: Checker,
        configuration: impl Into<String>,
    ) -> Self {
        Entry {
            claim: claim.into(),
            checker,
            configuration: configuration.into(),
            executions: None,
            lower_bound: None,
            differs: Vec::new(),
            outcome: Outcome::Holds,
            seconds: None,
        }
    }

    pub fn executions(mut self, executions: usize) -> Self {
        self.executions = Some(executions as u64);
        self
    }

    pub fn lower_bound(mut self, bound: usize, executions: usize, same_result: bool) -> Self {
        self.lower_bound = Some(LowerBound {
            bound,
            executions: executions as u64,
            same_result,
        });
        self
    }

    pub fn differs(mut self, differences: &[&str]) -> Self {
        self.differs
            .extend(differences.iter().map(|d| d.to_string()));
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    pub fn seconds(mut self, elapsed: std::time::Duration) -> Self {
        self.seconds = Some(elapsed.as_secs_f64());
        self
    }
}

/// A recorded entry with the test that recorded it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Record {
    /// `tests/FILE.rs::name`, exactly as pages cite it.
    pub test: String,
    pub entry: Entry,
}

/// Records `entry` for the test that is running. Call it on the test's own thread (not inside a
/// spawned or model thread): the test's name is the name libtest gives that thread.
///
/// ```text
/// proof_ledger::record!(Entry::new("claim", Checker::StdRun, "1 sender x 1 message"));
/// ```
#[macro_export]
macro_rules! record {
    ($entry:expr) => {
        $crate::record_at(env!("CARGO_MANIFEST_DIR"), env!("CARGO_CRATE_NAME"), $entry)
    };
}

/// What [`record!`] expands to: `manifest_dir` and `crate_name` locate the test file
/// (`<package>/tests/<crate_name>.rs`).
pub fn record_at(manifest_dir: &str, crate_name: &str, entry: Entry) {
    let thread = std::thread::current();
    let name = thread
        .name()
        .filter(|n| *n != "main")
        .expect("proof_ledger::record! must run on the test's own thread");
    let root = workspace_root(Path::new(manifest_dir));
    let package = Path::new(manifest_dir)
        .strip_prefix(&root)
        .expect("the package is inside the workspace");
    let file = package.join("tests").join(format!("{crate_name}.rs"));
    let file = file.to_string_lossy().replace('\\', "/");
    let record = Record {
        test: format!("{file}::{name}"),
        entry,
    };
    write_record(&root, &record);
}

/// Where the records live.
pub fn records_dir(root: &Path) -> PathBuf {
    root.join("target").join("ledger")
}

fn write_record(root: &Path, record: &Record) {
    // One file per (test, checker, configuration): a re-run overwrites its own record.
    let mut hasher = DefaultHasher::new();
    (
        record.entry.checker.label(),
        &record.entry.configuration,
        &record.entry.claim,
    )
        .hash(&mut hasher);
    let file = format!("{}--{:016x}.json", anchor(&record.test), hasher.finish());
    let dir = records_dir(root);
    fs::create_dir_all(&dir).expect("create target/ledger");
    let json = serde_json::to_string_pretty(record).expect("a record serializes");
    fs::write(dir.join(file), json).expect("write a ledger record");
}

/// The first ancestor of `start` holding `Cargo.lock`: the workspace root.
pub fn workspace_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").exists())
        .expect("a Cargo.lock above the package")
        .to_path_buf()
}

/// Every record in `target/ledger/`, sorted by test, then checker and configuration.
pub fn read_records(root: &Path) -> Result<Vec<Record>, String> {
    let dir = records_dir(root);
    let mut records = Vec::new();
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(records);
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let record: Record =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            records.push(record);
        }
    }
    records.sort_by(|a, b| {
        (
            &a.test,
            a.entry.checker.label(),
            &a.entry.configuration,
            &a.entry.claim,
        )
            .cmp(&(
                &b.test,
                b.entry.checker.label(),
                &b.entry.configuration,
                &b.entry.claim,
            ))
    });
    Ok(records)
}

/// The HTML id of a test's entry in the ledger page: the citation with every character that is not
/// a letter, digit or `_` replaced by `-`.
pub fn anchor(test: &str) -> String {
    test.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Whether the test a citation names exists: its file has `fn NAME(`, or names it as a whole word
/// (a test generated by a macro, such as `bounded_stage_models!(stage, NAME, ...)`).
pub fn test_exists(root: &Path, test: &str) -> bool {
    let Some((file, name)) = test.split_once("::") else {
        return false;
    };
    let name = name.rsplit("::").next().unwrap_or(name);
    let Ok(source) = fs::read_to_string(root.join(file)) else {
        return false;
    };
    // A macro argument: whitespace or `(` before the name, `,` `)` or whitespace after it (so a
    // name inside a string or a path, like this file's own examples, does not count).
    source.contains(&format!("fn {name}("))
        || source.match_indices(name).any(|(at, _)| {
            let before = source[..at].chars().next_back();
            let after = source[at + name.len()..].chars().next();
            before.is_some_and(|c| c.is_whitespace() || c == '(')
                && after.is_some_and(|c| c.is_whitespace() || c == ',' || c == ')')
        })
}

const PAGE_HEADER: &str = "\
# The proof ledger

<!-- Generated by `cargo xtask ledger --write` from the records the tests wrote in target/ledger/.
     Do not edit: the check command fails when this page differs from what the tests recorded. -->

<div class=\"speaker-notes\">

**Timing:** 0 min: not presented. When a learner asks \"how do you know?\", open the row of the test
the chapter cites: checker, configuration, bound, executions, and how the checked build differs from
the shipped one.

</div>

Every claim the book says is checked, with what checked it. Each row was written by the test it
names, when that test ran; nothing here is typed. Pages cite a row as \"checked by
`tests/FILE.rs::name`\" and link to it.

How to read a row:

- **checker**: *loom, bound k* explores executions within a preemption *budget* of k: once an
  execution has used k unforced switches, loom adds no alternatives at all (bound 0 is exactly one
  execution). *loom, no bound* explores every execution of the program, up to loom's partial-order
  reduction (feasible only for small programs). A bounded run is a subset of all schedules; an output set is complete only because the
  test compares it with an independently computed set. *shuttle* samples schedules (random or PCT,
  with a fixed seed): it proves nothing about the schedules it did not try. *std run* is an ordinary
  test on real threads: one schedule per run, chosen by the operating system. *trybuild* compares the
  compiler's real message.
- **threads × messages**: the configuration the claim was checked in, and no other.
- **executions**: loom's count after its partial-order reduction (not a number of schedules), or
  shuttle's number of sampled runs.
- **lower bound**: the same model at a smaller bound, its executions, and whether it gave the same
  result (`same`) or not (`differs`). Same at a lower bound is evidence about loom's search, not a
  theorem.
- **differs from shipped**: how the checked build is not the channel that ships. *no yields before
  sleeping*: `YIELDS_BEFORE_SLEEP` is 0 under loom; *1 yield before sleeping, not 16*: a model of the
  shipped yield loops with the count lowered; *std's Arc*: the handles share the channel through std's
  `Arc`, whose reference counts are not scheduling points; *println shim*: the example's `println!`
  writes to a buffer the model reads; *teaching step, not src/*: a build-it step; *a zoo diff applied
  to a step*: a deliberately broken twin; *extra notifier for spurious wake-ups*: a thread that
  notifies for no reason. No checker here wakes a waiter spuriously on its own.
- **outcome**: *holds* in every execution run; *caught: …* a broken twin failed as the test expects;
  *not caught: …* a broken twin that passes, recorded to show a limit.
- **seconds**: wall-clock time of the last run that wrote this page (machine-dependent; ignored
  when the page is checked for staleness).
";

/// The ledger page for `records`, grouped by test file.
pub fn render(records: &[Record]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in records {
        let file = record.test.split("::").next().unwrap_or(&record.test);
        by_file.entry(file).or_default().push(record);
    }
    let mut page = String::from(PAGE_HEADER);
    for (file, records) in by_file {
        let _ = write!(
            page,
            "\n## `{file}`\n\n\
             | test | claim | checker | threads × messages | executions | lower bound | differs from shipped | outcome | seconds |\n\
             | --- | --- | --- | --- | ---: | --- | --- | --- | ---: |\n"
        );
        let mut previous = None;
        for record in records {
            let name = record.test.split_once("::").map_or("", |(_, n)| n);
            let test_cell = if previous == Some(&record.test) {
                "〃".to_string()
            } else {
                format!("<a id=\"{}\"></a>`{name}`", anchor(&record.test))
            };
            previous = Some(&record.test);
            let e = &record.entry;
            let executions = e.executions.map_or("–".into(), group_thousands);
            let lower = e.lower_bound.as_ref().map_or("–".into(), |l| {
                format!(
                    "bound {}: {}, {}",
                    l.bound,
                    group_thousands(l.executions),
                    if l.same_result { "same" } else { "differs" }
                )
            });
            let differs = if e.differs.is_empty() {
                "–".into()
            } else {
                e.differs.join("; ")
            };
            let seconds = e.seconds.map_or("–".into(), |s| format!("{s:.1}"));
            // A test whose name says it all may leave the claim empty.
            let claim = if e.claim.is_empty() {
                name.rsplit("::").next().unwrap_or(name).replace('_', " ")
            } else {
                e.claim.clone()
            };
            let _ = writeln!(
                page,
                "| {test_cell} | {} | {} | {} | {executions} | {lower} | {differs} | {} | {seconds} |",
                cell(&claim),
                cell(&e.checker.label()),
                cell(&e.configuration),
                cell(&e.outcome.label()),
            );
        }
    }
    page
}

/// A table cell: no line breaks, `|` escaped, and `<` `>` `&` as entities (a test's words such as
/// `Mutex<Vec>` are text, not HTML).
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// `12345` as `12,345`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The page with the seconds column blanked, for the staleness comparison.
pub fn without_seconds(page: &str) -> String {
    page.lines()
        .map(|line| {
            if line.starts_with("| ") && line.ends_with(" |") && !line.starts_with("| test ") {
                let trimmed = line.trim_end_matches(" |");
                match trimmed.rfind(" | ") {
                    Some(i) => format!("{} | · |", &trimmed[..i]),
                    None => line.to_string(),
                }
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the committed ledger page says about each test: the outcomes of its rows.
pub fn parse_page(page: &str) -> BTreeMap<String, Vec<String>> {
    let mut tests: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut file = String::new();
    let mut last = None::<String>;
    for line in page.lines() {
        if let Some(heading) = line.strip_prefix("## `") {
            file = heading.trim_end_matches('`').to_string();
            last = None;
            continue;
        }
        if !line.starts_with("| ") {
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").collect();
        if cells.len() < 9 {
            continue;
        }
        let first = cells[0].trim_start_matches("| ");
        let test = if first == "〃" {
            last.clone()
        } else {
            first
                .split("</a>`")
                .nth(1)
                .map(|name| format!("{file}::{}", name.trim_end_matches('`')))
        };
        if let Some(test) = test {
            tests
                .entry(test.clone())
                .or_default()
                .push(cells[7].to_string());
            last = Some(test);
        }
    }
    tests
}

/// A reference to a test in a page: `tests/FILE.rs::name` (or `steps/tests/...`, or any
/// `PACKAGE/tests/...`), and whether it is a "checked by" citation linked to its ledger entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub test: String,
    pub line: usize,
    /// Preceded by "checked by".
    pub checked_by: bool,
    /// The link target that follows (`](TARGET)`), if any.
    pub link: Option<String>,
}

/// Every test reference in `text` outside fenced code blocks.
pub fn citations(text: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    let mut in_fence = false;
    let lines: Vec<&str> = text.lines().collect();
    for (number, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        for (at, _) in line.match_indices(".rs::") {
            let start = line[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || "_-/".contains(c)))
                .map_or(0, |i| i + 1);
            let path = &line[start..at];
            if !path.contains("tests/") {
                continue;
            }
            let rest = &line[at + 5..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let name = rest[..end].trim_end_matches(':');
            if name.is_empty() {
                continue;
            }
            let mut before = line[..start].trim_end_matches(['`', '[']).trim_end();
            if before.is_empty() && number > 0 {
                // "checked by" at the end of the line before.
                before = lines[number - 1].trim_end();
            }
            let checked_by = before.to_lowercase().ends_with("checked by");
            let after = rest[end..].trim_start_matches('`');
            let link = after
                .strip_prefix("](")
                .and_then(|l| l.split(')').next())
                .map(str::to_string);
            found.push(Citation {
                test: format!("{path}.rs::{name}"),
                line: number + 1,
                checked_by,
                link,
            });
        }
    }
    found
}

/// Whether `link` (relative to the page) points at `test`'s entry in the ledger page.
pub fn links_to_entry(link: &str, test: &str) -> bool {
    link.split_once('#').is_some_and(|(page, fragment)| {
        (page.ends_with("reference/ledger.md") || page == "ledger.md") && fragment == anchor(test)
    })
}

/// Paragraphs (outside code fences) that say a checker finds or catches something: a sentence, not a
/// question, in which loom / shuttle / checker / model is followed within six words by find(s) /
/// found / catch(es) / caught. Returns each paragraph with its first line.
pub fn finds_claims(text: &str) -> Vec<(usize, String)> {
    let mut claims = Vec::new();
    let mut paragraph = String::new();
    let mut first_line = 0;
    let mut in_fence = false;
    let lines: Vec<&str> = text.lines().collect();
    for (number, line) in lines.iter().enumerate() {
        let fence = line.trim_start().starts_with("```");
        if fence {
            in_fence = !in_fence;
        }
        let blank = line.trim().is_empty();
        if !fence && !in_fence && !blank {
            if paragraph.is_empty() {
                first_line = number + 1;
            }
            paragraph.push_str(line);
            paragraph.push('\n');
        }
        if (blank || fence || number + 1 == lines.len()) && !paragraph.is_empty() {
            if sentences(&paragraph).any(claims_finding) {
                claims.push((first_line, paragraph.clone()));
            }
            paragraph.clear();
        }
    }
    claims
}

/// The sentences of `paragraph`, each with its closing punctuation.
fn sentences(paragraph: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        // A sentence ends at . ? or ! (perhaps followed by closing quotes or brackets) and a space.
        let closing = bytes[i + 1..]
            .iter()
            .take_while(|c| matches!(c, b'"' | b'\'' | b')' | b'*' | b'`'))
            .count();
        let ends = matches!(b, b'.' | b'?' | b'!')
            && bytes
                .get(i + 1 + closing)
                .is_none_or(|next| next.is_ascii_whitespace());
        if ends && i + 1 + closing > start {
            found.push(&paragraph[start..i + 1 + closing]);
            start = i + 1 + closing;
        }
    }
    found.push(&paragraph[start..]);
    found.into_iter()
}

/// Whether a sentence (not a question) says a checker finds or catches something.
fn claims_finding(sentence: &str) -> bool {
    const SUBJECTS: &[&str] = &[
        "loom",
        "loom's",
        "shuttle",
        "shuttle's",
        "checker",
        "checkers",
        "model",
        "models",
    ];
    const VERBS: &[&str] = &["find", "finds", "found", "catch", "catches", "caught"];
    let end = sentence
        .trim_end()
        .trim_end_matches(['"', '\'', ')', '*', '`']);
    if end.ends_with('?') {
        return false;
    }
    let words: Vec<String> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        SUBJECTS.contains(&w.as_str())
            && words[i + 1..]
                .iter()
                .take(6)
                .any(|v| VERBS.contains(&v.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_parsed_with_their_links() {
        let text = "Proven (checked by [`tests/loom_models.rs::a_b`](../reference/ledger.md#tests-loom_models-rs--a_b)).\n\
                    Also checked by steps/tests/zoo_loom.rs::x_is_caught, and `tests/book.rs::y`.\n\
                    Checked by\n`tests/c.rs::on_the_next_line`.\n\
                    ```text\nchecked by tests/no.rs::inside_a_fence\n```\n";
        let found = citations(text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[3].checked_by && found[3].link.is_none());
        assert_eq!(found[0].test, "tests/loom_models.rs::a_b");
        assert!(found[0].checked_by);
        assert!(links_to_entry(
            found[0].link.as_deref().unwrap(),
            &found[0].test
        ));
        assert_eq!(found[1].test, "steps/tests/zoo_loom.rs::x_is_caught");
        assert!(found[1].checked_by && found[1].link.is_none());
        assert!(!found[2].checked_by);
        assert!(!links_to_entry(
            "../reference/ledger.md#tests-loom_models-rs--other",
            "tests/loom_models.rs::a_b"
        ));
    }

    #[test]
    fn a_page_round_trips_through_render_and_parse() {
        let records = vec![
            Record {
                test: "tests/x.rs::holds".into(),
                entry: Entry::new("c", Checker::Loom { bound: 2 }, "2 x 2").executions(1234),
            },
            Record {
                test: "tests/x.rs::holds".into(),
                entry: Entry::new("c", Checker::Loom { bound: 3 }, "2 x 2").executions(12345),
            },
            Record {
                test: "steps/tests/z.rs::twin".into(),
                entry: Entry::new("c", Checker::StdRun, "1 x 1")
                    .outcome(Outcome::Caught("deadlock".into())),
            },
        ];
        let page = render(&records);
        assert!(page.contains("12,345"));
        let parsed = parse_page(&page);
        assert_eq!(parsed["tests/x.rs::holds"], vec!["holds", "holds"]);
        assert_eq!(parsed["steps/tests/z.rs::twin"], vec!["caught: deadlock"]);
        let mut timed = records.clone();
        timed[0].entry.seconds = Some(9.9);
        assert_ne!(render(&timed), page);
        assert_eq!(without_seconds(&render(&timed)), without_seconds(&page));
    }

    #[test]
    fn finds_claims_are_detected() {
        let text = "Loom finds this deadlock at once.\n\nThe test passes.\n\nshuttle, with PCT,\ncatches it too.\n\nDoes loom find it? Nobody knows.\n\nAsk: \"does loom find it?\" Then vote.\n";
        let claims = finds_claims(text);
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert_eq!(claims[0].0, 1);
        assert_eq!(claims[1].0, 5);
    }
}
