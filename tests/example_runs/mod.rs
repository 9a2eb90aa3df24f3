//! What tests/examples_output.rs and tests/examples_std.rs share: the list of examples, and how a
//! run's output is rendered and compared with the snapshots the book includes.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The names of all examples, from the files in examples/.
pub fn example_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Renders what a run printed as the snapshot shows it: stdout, then stderr and the exit status
/// when they are not empty and 0.
pub fn render(output: Output) -> String {
    let mut text = String::from_utf8(output.stdout).expect("utf-8 stdout");
    let stderr = normalize(&String::from_utf8(output.stderr).expect("utf-8 stderr"));
    if !stderr.is_empty() {
        text += &format!("--- stderr ---\n{stderr}");
    }
    if !output.status.success() {
        text += &format!(
            "--- exit status: {} ---\n",
            output.status.code().unwrap_or(-1)
        );
    }
    text
}

/// Removes what differs from run to run: rustc 1.95 prints `thread 'main' (12345) panicked`.
pub fn normalize(stderr: &str) -> String {
    stderr
        .lines()
        .map(|line| match (line.find("' ("), line.find(") panicked")) {
            (Some(open), Some(close)) if open < close => {
                format!("{}'{}", &line[..open], &line[close + 1..])
            }
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}

/// The snapshot a run of example `name` must match: `Fixed` (example_NAME.snap, its body), or
/// `OneOf` the outputs listed in all_outputs_NAME.snap, written by tests/loom_outputs.rs.
pub enum Expected {
    Fixed(String),
    OneOf(Vec<String>),
}

pub fn expected(name: &str) -> Option<Expected> {
    let snapshots = root().join("tests/snapshots");
    if let Ok(all) = std::fs::read_to_string(snapshots.join(format!("all_outputs_{name}.snap"))) {
        let outputs = enumerated_outputs(&all);
        assert!(
            !outputs.is_empty(),
            "all_outputs_{name}.snap lists no outputs"
        );
        return Some(Expected::OneOf(outputs));
    }
    let fixed = std::fs::read_to_string(snapshots.join(format!("example_{name}.snap"))).ok()?;
    Some(Expected::Fixed(snapshot_body(&fixed)))
}

/// An insta snapshot's body: everything after its `---` ... `---` header.
pub fn snapshot_body(snapshot: &str) -> String {
    let rest = snapshot.strip_prefix("---\n").expect("insta header");
    let (_header, body) = rest.split_once("\n---\n").expect("insta header end");
    body.to_string()
}

/// The outputs listed in an `all_outputs_NAME.snap` written by tests/loom_outputs.rs.
pub fn enumerated_outputs(snapshot: &str) -> Vec<String> {
    let mut outputs = Vec::new();
    for block in snapshot.split("\noutput ").skip(1) {
        let (_header, body) = block.split_once(":\n").expect("`output N of M:` header");
        outputs.push(body.trim_end_matches('\n').to_string() + "\n");
    }
    outputs
}
