//! Every output the book's nondeterministic examples can print, enumerated by loom.
//!
//! Each example runs inside `loom::model`, which re-runs it under every thread schedule within the
//! stated preemption bound. `println!` is captured per execution, and the set of distinct outputs is
//! snapshot-tested (the book includes the snapshot). Because a bound could hide outputs, each test
//! also compares the set with one computed independently of loom: every interleaving that keeps each
//! producer's own order. tests/examples_output.rs then checks that a real run prints one of them.
//!
//! Run with `cargo xtask loom outputs`.
#![cfg(loom)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Replacements the examples are compiled with here: `println!` appends to this execution's output.
mod shim {
    use std::sync::Mutex;

    /// The lines printed so far in the current loom execution.
    pub static OUTPUT: Mutex<Vec<String>> = Mutex::new(Vec::new());

    macro_rules! capture_println {
        ($($arg:tt)*) => {
            $crate::shim::OUTPUT.lock().unwrap().push(format!($($arg)*))
        };
    }
    pub(crate) use capture_println as println;
}

/// Includes `examples/NAME.rs` as a module, with `std::thread` swapped for loom's by build.rs and
/// `println!` captured, and exposes its `main` as `run`.
macro_rules! example_under_loom {
    ($name:ident) => {
        mod $name {
            #[allow(unused_imports)]
            use crate::shim::println;
            include!(concat!(env!("OUT_DIR"), "/loom_examples/", stringify!($name), ".rs"));
            pub fn run() {
                main()
            }
        }
    };
}

example_under_loom!(several_producers);

/// What a loom run of one example found.
struct Explored {
    executions: usize,
    outputs: BTreeSet<Vec<String>>,
}

/// Runs `example` under every schedule loom explores with `preemption_bound`, collecting each
/// execution's printed lines.
fn explore(preemption_bound: usize, example: fn()) -> Explored {
    let executions = Arc::new(AtomicUsize::new(0));
    let outputs = Arc::new(Mutex::new(BTreeSet::new()));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(preemption_bound);
    {
        let (executions, outputs) = (Arc::clone(&executions), Arc::clone(&outputs));
        builder.check(move || {
            shim::OUTPUT.lock().unwrap().clear();
            example();
            executions.fetch_add(1, Ordering::Relaxed);
            let printed = std::mem::take(&mut *shim::OUTPUT.lock().unwrap());
            outputs.lock().unwrap().insert(printed);
        });
    }
    let outputs = std::mem::take(&mut *outputs.lock().unwrap());
    Explored { executions: executions.load(Ordering::Relaxed), outputs }
}

/// Every merge of `sequences` that keeps each sequence's own order: the outputs a channel with
/// per-producer FIFO may deliver. Computed by plain recursion, independently of loom.
fn interleavings(sequences: &[&[&str]]) -> BTreeSet<Vec<String>> {
    fn go(rest: &mut Vec<&[&str]>, prefix: &mut Vec<String>, all: &mut BTreeSet<Vec<String>>) {
        if rest.iter().all(|s| s.is_empty()) {
            all.insert(prefix.clone());
            return;
        }
        for i in 0..rest.len() {
            if let Some((first, tail)) = rest[i].split_first() {
                let saved = rest[i];
                rest[i] = tail;
                prefix.push(first.to_string());
                go(rest, prefix, all);
                prefix.pop();
                rest[i] = saved;
            }
        }
    }
    let mut all = BTreeSet::new();
    go(&mut sequences.to_vec(), &mut Vec::new(), &mut all);
    all
}

/// The snapshot text: a summary line, then each output under an `output N of M:` header (the format
/// tests/examples_output.rs parses).
fn render(setup: &str, bound: usize, explored: &Explored) -> String {
    let mut text = format!(
        "{setup}, explored by loom with preemption bound {bound}: {} executions, {} distinct outputs.\n",
        explored.executions,
        explored.outputs.len()
    );
    for (i, output) in explored.outputs.iter().enumerate() {
        text += &format!("\noutput {} of {}:\n", i + 1, explored.outputs.len());
        for line in output {
            text += line;
            text += "\n";
        }
    }
    text
}

fn assert_outputs_snapshot(name: &str, text: &str) {
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn outputs_several_producers() {
    let bound = 2;
    let explored = explore(bound, several_producers::run);
    let expected = interleavings(&[&["a1", "a2"], &["b1", "b2"]]);
    assert_eq!(explored.outputs, expected, "loom must reach exactly the FIFO-respecting interleavings");
    println!("loom: several_producers: {} executions, bound {bound}", explored.executions);
    assert_outputs_snapshot(
        "all_outputs_several_producers",
        &render("2 producers x 2 messages", bound, &explored),
    );
}

#[test]
fn interleavings_are_counted_correctly() {
    // 2 sequences of 2: C(4,2) = 6 merges; of 1 and 3: 4; a single sequence: itself.
    assert_eq!(interleavings(&[&["a1", "a2"], &["b1", "b2"]]).len(), 6);
    assert_eq!(interleavings(&[&["a"], &["b1", "b2", "b3"]]).len(), 4);
    assert_eq!(interleavings(&[&["x", "y"]]), BTreeSet::from([vec!["x".to_string(), "y".to_string()]]));
}
