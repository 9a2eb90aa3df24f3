//! Every output the book's nondeterministic examples can print, enumerated by loom.
//!
//! Each example runs inside `loom::model`, which re-runs it under many thread schedules: with no
//! preemption bound (loom's exhaustive search, up to its partial-order reduction) where that is small
//! enough, otherwise within a preemption *budget*, which explores only a subset of the schedules.
//! `println!` is captured per execution, and the set of distinct outputs is snapshot-tested (the book
//! includes the snapshot). Each test also compares the set with one computed independently of loom
//! (for example every interleaving that keeps each producer's own order), which is what makes a
//! bounded set complete. tests/examples_output.rs then checks that a real run prints one of them.
//!
//! Run with `cargo xtask loom outputs`.
#![cfg(loom)]

use proof_ledger::{Checker, Entry, Outcome, differs, record};
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
/// `println!` captured by the shim module named second (`shim` unless given), and exposes its `main`
/// as `run`.
macro_rules! example_under_loom {
    ($name:ident) => {
        example_under_loom!($name, shim);
    };
    ($name:ident, $shim:ident) => {
        mod $name {
            #[allow(unused_imports)]
            use crate::$shim::println;
            include!(concat!(
                env!("OUT_DIR"),
                "/loom_examples/",
                stringify!($name),
                ".rs"
            ));
            pub fn run() {
                main()
            }
        }
    };
}

example_under_loom!(several_producers);
example_under_loom!(many_messages);
example_under_loom!(check_between_chores);
example_under_loom!(channel_deadlock);

/// What a loom run of one example found.
struct Explored {
    executions: usize,
    outputs: BTreeSet<Vec<String>>,
}

/// Runs `example` under every schedule loom explores with `preemption_bound` (`None`: no bound, so
/// loom's search is exhaustive), collecting each execution's printed lines.
fn explore(preemption_bound: Option<usize>, example: fn()) -> Explored {
    // The captured output is one global buffer, so explorations must not overlap when the test
    // harness runs tests in parallel. A test that failed while holding this lock poisons it; the
    // buffer is cleared at every execution's start, so carrying on is safe.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _exclusive = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let executions = Arc::new(AtomicUsize::new(0));
    let outputs = Arc::new(Mutex::new(BTreeSet::new()));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = preemption_bound;
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
    Explored {
        executions: executions.load(Ordering::Relaxed),
        outputs,
    }
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
fn render(setup: &str, bound: Option<usize>, explored: &Explored) -> String {
    let bound = match bound {
        Some(bound) => format!("preemption bound {bound}"),
        None => String::from("no preemption bound (its exhaustive search)"),
    };
    let mut text = format!(
        "{setup}, explored by loom with {bound}: {} executions, {} distinct output{}.\n",
        explored.executions,
        explored.outputs.len(),
        if explored.outputs.len() == 1 { "" } else { "s" }
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
    let explored = explore(Some(bound), several_producers::run);
    let expected = interleavings(&[&["a1", "a2"], &["b1", "b2"]]);
    assert_eq!(
        explored.outputs, expected,
        "loom must reach exactly the FIFO-respecting interleavings"
    );
    println!(
        "loom: several_producers: {} executions, bound {bound}",
        explored.executions
    );
    record!(
        Entry::new(
            "exactly the 6 FIFO-respecting orders, equal to the set computed without loom",
            Checker::Loom { bound },
            "unbounded, 2 producers x 2 messages + receiver (examples/several_producers.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_several_producers",
        &render("2 producers x 2 messages", Some(bound), &explored),
    );
}

#[test]
fn interleavings_are_counted_correctly() {
    // 2 sequences of 2: C(4,2) = 6 merges; of 1 and 3: 4; a single sequence: itself.
    assert_eq!(interleavings(&[&["a1", "a2"], &["b1", "b2"]]).len(), 6);
    assert_eq!(interleavings(&[&["a"], &["b1", "b2", "b3"]]).len(), 4);
    assert_eq!(
        interleavings(&[&["x", "y"]]),
        BTreeSet::from([vec!["x".to_string(), "y".to_string()]])
    );
}

/// A `println!` for examples in which several threads print. With the plain shim, code between two loom
/// operations runs without a thread switch, so lines printed by different threads would come out in
/// fewer orders than a real run can print. Here every line first touches one shared loom object that
/// stands for stdout, so loom explores every order of the threads' lines.
mod shim_shared_stdout {
    loom::lazy_static! {
        pub static ref STDOUT: loom::sync::atomic::AtomicUsize = loom::sync::atomic::AtomicUsize::new(0);
    }

    macro_rules! println_on_shared_stdout {
        ($($arg:tt)*) => {{
            $crate::shim_shared_stdout::STDOUT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            $crate::shim::println!($($arg)*)
        }};
    }
    pub(crate) use println_on_shared_stdout as println;
}

example_under_loom!(rendezvous, shim_shared_stdout);
example_under_loom!(concurrency_threads, shim_shared_stdout);

#[test]
fn outputs_rendezvous() {
    // No preemption bound: loom's search is exhaustive (one execution per class of equivalent
    // schedules after its partial-order reduction), and small enough to finish at once.
    let bound = None;
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
    assert_eq!(
        expected.len(),
        4,
        "6 merges, minus 'done before the receiver came' and 'got before handed'"
    );
    assert_eq!(
        explored.outputs, expected,
        "loom must reach exactly the rendezvous-respecting orders"
    );
    for output in &explored.outputs {
        assert!(
            position(output, r1) < position(output, s2),
            "send returned before the receiver came"
        );
    }
    println!(
        "loom: rendezvous: {} executions, bound {bound:?}",
        explored.executions
    );
    record!(
        Entry::new(
            "exactly the 4 orders a rendezvous allows: 'hand-over done' never before 'at the slot'",
            Checker::LoomNoBound,
            "bounded(0), 1 sender x 1 letter + receiver, println as a scheduling point (examples/rendezvous.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_rendezvous",
        &render("capacity 0, 1 sender x 1 letter", bound, &explored),
    );
}

#[test]
fn outputs_check_between_chores() {
    // No preemption bound: loom's search is exhaustive (one execution per class of equivalent
    // schedules after its partial-order reduction), and small enough to finish at once.
    let bound = None;
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
    assert_eq!(
        explored.outputs, expected,
        "loom must reach each point where the report can turn up"
    );
    println!(
        "loom: check_between_chores: {} executions, bound {bound:?}",
        explored.executions
    );
    record!(
        Entry::new(
            "exactly 4 outputs: the report found after chore 1, 2 or 3, or by the final recv",
            Checker::LoomNoBound,
            "unbounded, 1 worker x 1 letter, 3 try_recv looks + recv (examples/check_between_chores.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_check_between_chores",
        &render(
            "1 worker x 1 letter, 3 looks with try_recv",
            bound,
            &explored,
        ),
    );
}

/// The channel_deadlock example under loom, where `recv_timeout` never times out: each thread waits
/// for the other, so loom must report a deadlock. Its report is rendered readably for the book.
///
/// The model runs in a child process (this same test binary, re-run with an environment variable):
/// after loom reports the deadlock it unwinds the blocked threads, their `Receiver`s' `Drop` touches a
/// loom mutex outside any execution, and the process aborts, which `catch_unwind` cannot stop.
#[test]
fn deadlock_channel_deadlock() {
    const CHILD: &str = "MAILSLOT_LOOM_DEADLOCK_CHILD";
    let bound = 2;
    if std::env::var_os(CHILD).is_some() {
        let executions = AtomicUsize::new(0);
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(bound);
        builder.location = true; // report where each blocked thread waits
        builder.check(move || {
            eprintln!(
                "child: execution {}",
                executions.fetch_add(1, Ordering::Relaxed) + 1
            );
            channel_deadlock::run();
        });
        eprintln!("child: no deadlock found");
        return;
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "deadlock_channel_deadlock",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("re-run this test binary");
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(!child.status.success(), "the model must fail:\n{stderr}");
    assert!(!stderr.contains("child: no deadlock found"), "{stderr}");
    let report = stderr
        .lines()
        .find(|line| line.starts_with("deadlock; threads = "))
        .unwrap_or_else(|| panic!("loom must report a deadlock, it said:\n{stderr}"));
    let executions = stderr.matches("child: execution ").count();

    // Each entry: `(Id(N), STATE)`; a blocked thread's state carries the place it waits at.
    let example = include_str!("../examples/channel_deadlock.rs");
    let names = ["main", "alice", "bob"];
    let entries: Vec<&str> = report.split("(Id(").skip(1).collect();
    assert_eq!(entries.len(), names.len(), "main, alice and bob: {report}");
    let mut text = format!(
        "channel_deadlock under loom (preemption bound {bound}; under loom recv_timeout never times out).\n\
         loom reported a deadlock in execution {executions}: no thread can run, none has finished.\n\n"
    );
    for (id, (entry, name)) in entries.iter().zip(names).enumerate() {
        assert!(
            entry.starts_with(&format!("{id}), Blocked(")),
            "thread {id} must be blocked: {report}"
        );
        let file = entry
            .split("file: \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("");
        let line: usize = entry
            .split("line: ")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let place = if file.ends_with("loom_examples/channel_deadlock.rs") {
            let code = example.lines().nth(line - 1).unwrap_or("").trim();
            format!("blocked at examples/channel_deadlock.rs:{line}: {code}")
        } else if file.ends_with("sync/condvar.rs") {
            String::from(
                "blocked in Condvar::wait, asleep inside the channel until a message arrives",
            )
        } else {
            format!("blocked at {file}:{line}")
        };
        text += &format!("thread {id} ({name}): {place}\n");
    }
    println!("{text}");
    assert_outputs_snapshot("deadlock_channel_deadlock", &text);
    record!(
        Entry::new(
            "two threads that each receive before sending: loom reports one deadlocked schedule",
            Checker::Loom { bound },
            "unbounded x 2 channels, 2 threads + main (examples/channel_deadlock.rs)",
        )
        .executions(executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
        .outcome(Outcome::Caught("deadlock".into()))
    );
}

/// Curriculum item 1: two workers print at the same time; main prints the total after joining both.
#[test]
fn outputs_concurrency_threads() {
    // No preemption bound: loom's search is exhaustive (one execution per class of equivalent
    // schedules after its partial-order reduction), and small enough to finish at once.
    let bound = None;
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
    assert_eq!(
        explored.outputs, expected,
        "loom must reach both orders of the workers, total last"
    );
    println!(
        "loom: concurrency_threads: {} executions, bound {bound:?}",
        explored.executions
    );
    record!(
        Entry::new(
            "both orders of the two workers' lines, the total always last",
            Checker::LoomNoBound,
            "2 workers + main, println as a scheduling point (examples/concurrency_threads.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_concurrency_threads",
        &render("2 workers, each printing one line", bound, &explored),
    );
}

/// Curriculum item 5: the receive loop in many_messages never ends early (every execution prints all
/// three messages before the loop ends) and always ends (loom reports a deadlock if, in any schedule,
/// the receiver could wait forever, so every explored execution reaching the end proves termination).
/// The bound is high enough to cut nothing: one preemption less explores exactly as many executions,
/// so no schedule of this program needs the last one, and the exploration is complete.
#[test]
fn outputs_many_messages() {
    // No preemption bound: loom's search is exhaustive (one execution per class of equivalent
    // schedules after its partial-order reduction), and small enough to finish at once.
    let bound = None;
    let explored = explore(bound, many_messages::run);
    let expected = interleavings(&[&[
        "received 1",
        "received 2",
        "received 3",
        "the loop ended: no sender is left",
    ]]);
    assert_eq!(
        explored.outputs, expected,
        "one output only: all messages, in order, then the end"
    );
    println!(
        "loom: many_messages: {} executions, bound {bound:?}",
        explored.executions
    );
    record!(
        Entry::new(
            "one output: all three messages in order, then the end; every execution finishes",
            Checker::LoomNoBound,
            "unbounded, 1 producer x 3 messages + receive loop (examples/many_messages.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_many_messages",
        &render("1 producer x 3 messages, receive loop", bound, &explored),
    );
}

example_under_loom!(producer_stops);

/// errors.md's answer: the producer gets letter 4 back in every schedule, not only in the run the
/// snapshot recorded.
#[test]
fn outputs_producer_stops() {
    // No preemption bound: loom's search is exhaustive.
    let bound = None;
    let explored = explore(bound, producer_stops::run);
    // A rendezvous hands each letter from hand to hand, so the producer is never ahead: letters 1 to
    // 3 are taken, and `send(4)` is the one that fails when the receiver leaves.
    let expected = BTreeSet::from([vec![
        "received 1".to_string(),
        "received 2".to_string(),
        "received 3".to_string(),
        "the producer stopped; letter 4 came back to it unsent".to_string(),
    ]]);
    assert_eq!(
        explored.outputs, expected,
        "letter 4, and only letter 4, comes back in every schedule"
    );
    println!(
        "loom: producer_stops: {} executions, bound {bound:?}",
        explored.executions
    );
    record!(
        Entry::new(
            "one output in every schedule: letter 4 comes back to the producer",
            Checker::LoomNoBound,
            "bounded(0), 1 producer sending until refused, receiver leaves after 3 (examples/producer_stops.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_producer_stops",
        &render(
            "capacity 0, 1 producer sending until refused, receiver leaves after 3",
            bound,
            &explored,
        ),
    );
}

example_under_loom!(stop_signal);

/// coordinating.md's answer: `Stop`, sent last by the only sender, never overtakes a request, in
/// every schedule.
#[test]
fn outputs_stop_signal() {
    // No preemption bound: loom's search is exhaustive.
    let bound = None;
    let explored = explore(bound, stop_signal::run);
    let expected = BTreeSet::from([vec![
        "squares: [9, 16, 25]".to_string(),
        "the worker stopped after serving 3 requests".to_string(),
    ]]);
    assert_eq!(
        explored.outputs, expected,
        "the worker serves all three requests before it sees Stop, in every schedule"
    );
    println!(
        "loom: stop_signal: {} executions, bound {bound:?}",
        explored.executions
    );
    record!(
        Entry::new(
            "one output in every schedule: all three requests served before Stop",
            Checker::LoomNoBound,
            "unbounded, 1 sender x 3 requests + Stop, 1 worker (examples/stop_signal.rs)",
        )
        .executions(explored.executions)
        .differs(&[differs::NO_YIELDS, differs::STD_ARC, differs::PRINTLN_SHIM])
    );
    assert_outputs_snapshot(
        "all_outputs_stop_signal",
        &render(
            "1 sender x 3 requests then Stop, 1 worker",
            bound,
            &explored,
        ),
    );
}
