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
example_under_loom!(concurrency_threads);
example_under_loom!(many_messages);
example_under_loom!(rendezvous);
example_under_loom!(check_between_chores);
example_under_loom!(channel_deadlock);

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

#[test]
fn outputs_rendezvous() {
    let bound = 3;
    let explored = explore(bound, rendezvous::run);
    let (s1, s2) = ("sender: handing over the letter", "sender: hand-over done");
    let (r1, r2) = ("receiver: at the slot", "receiver: got the letter");
    // Every merge of the two threads' lines, minus those a rendezvous forbids: `send` returns only
    // once the receiver has come to the slot, and a letter is received only after it was handed over.
    let position = |output: &[String], line: &str| output.iter().position(|l| l == line).unwrap();
    let expected: BTreeSet<Vec<String>> = interleavings(&[&[s1, s2], &[r1, r2]])
        .into_iter()
        .filter(|o| position(o, r1) < position(o, s2) && position(o, s1) < position(o, r2))
        .collect();
    assert_eq!(expected.len(), 4, "6 merges, minus 'done before the receiver came' and 'got before handed'");
    assert_eq!(explored.outputs, expected, "loom must reach exactly the rendezvous-respecting orders");
    for output in &explored.outputs {
        assert!(position(output, r1) < position(output, s2), "send returned before the receiver came");
    }
    println!("loom: rendezvous: {} executions, bound {bound}", explored.executions);
    assert_outputs_snapshot("all_outputs_rendezvous", &render("capacity 0, 1 sender x 1 letter", bound, &explored));
}

#[test]
fn outputs_check_between_chores() {
    let bound = 3;
    let explored = explore(bound, check_between_chores::run);
    // The report can turn up at the look after chore 1, 2 or 3, or only in the final `recv`.
    let mut expected = BTreeSet::new();
    for arrives_at in 1..=4 {
        let mut output = Vec::new();
        for chore in 1..=3 {
            output.push(format!("main: chore {chore}"));
            if chore < arrives_at {
                output.push("main: nothing yet".to_string());
            } else if chore == arrives_at {
                output.push("main: report arrived".to_string());
            }
        }
        if arrives_at == 4 {
            output.push("main: chores done, waiting".to_string());
            output.push("main: report arrived".to_string());
        }
        expected.insert(output);
    }
    assert_eq!(explored.outputs, expected, "loom must reach each point where the report can turn up");
    println!("loom: check_between_chores: {} executions, bound {bound}", explored.executions);
    assert_outputs_snapshot(
        "all_outputs_check_between_chores",
        &render("1 worker x 1 letter, 3 looks with try_recv", bound, &explored),
    );
}

/// The channel_deadlock example under loom, where `recv_timeout` never times out: each thread waits
/// for the other, so loom must report a deadlock. Its report is rendered readably for the book.
#[test]
fn deadlock_channel_deadlock() {
    let bound = 2;
    let executions = Arc::new(AtomicUsize::new(0));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(bound);
    builder.location = true; // report where each blocked thread is waiting
    let counted = Arc::clone(&executions);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.check(move || {
            counted.fetch_add(1, Ordering::Relaxed);
            channel_deadlock::run();
        })
    }));
    let payload = result.expect_err("loom must report a deadlock");
    let report = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    println!("loom report: {report}");
    assert!(report.contains("deadlock"), "expected a deadlock, loom said: {report}");
}

#[test]
fn outputs_concurrency_threads() {
    let bound = 2;
    let explored = explore(bound, concurrency_threads::run);
    // The two workers' lines in either order, then the total, which main prints after both joins.
    let expected: BTreeSet<Vec<String>> = interleavings(&[
        &["low worker: 1..=500 adds up to 125250"],
        &["high worker: 501..=1000 adds up to 375250"],
    ])
    .into_iter()
    .map(|mut lines| {
        lines.push("main: both workers are done, 1..=1000 adds up to 500500".to_string());
        lines
    })
    .collect();
    assert_eq!(explored.outputs, expected, "loom must reach both orders of the workers, total last");
    println!("loom: concurrency_threads: {} executions, bound {bound}", explored.executions);
    assert_outputs_snapshot(
        "all_outputs_concurrency_threads",
        &render("2 workers, each printing one line", bound, &explored),
    );
}

/// Curriculum item 5: the receive loop in many_messages never ends early (every execution prints all
/// three messages before the loop ends) and always ends (loom reports a deadlock if, in any schedule,
/// the receiver could wait forever, so every explored execution reaching the end proves termination).
#[test]
fn outputs_many_messages() {
    let bound = 3;
    let explored = explore(bound, many_messages::run);
    let expected = interleavings(&[&[
        "received 1",
        "received 2",
        "received 3",
        "the loop ended: no sender is left",
    ]]);
    assert_eq!(explored.outputs, expected, "one output only: all messages, in order, then the end");
    println!("loom: many_messages: {} executions, bound {bound}", explored.executions);
    assert_outputs_snapshot(
        "all_outputs_many_messages",
        &render("1 producer x 3 messages, receive loop", bound, &explored),
    );
}


#[test]
fn tmp_probe_many_messages_bounds() {
    for bound in 8..=14 {
        let e = explore(bound, many_messages::run);
        println!("PROBE bound {bound}: {} executions", e.executions);
    }
}
