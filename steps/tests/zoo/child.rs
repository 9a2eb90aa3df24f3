//! What the model tests of both packages share (the one-shot's `tests/common/mod.rs` takes this file
//! with `#[path]`): named threads, loom's explorer, set up the same way everywhere, and the zoo
//! tests' child process, which explores one exhibit and prints what it found for the parent to read.
//!
//! A zoo test runs each exhibit in a child (the same test binary, re-run with an environment
//! variable): a failing model unwinds through objects that touch the checker's finished execution,
//! and loom then aborts the process. A panic hook prints the failure and its trace first.

use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

// The checker's threads (both packages' `sync::thread` spawn with these).
#[cfg(loom)]
use loom::thread;
#[cfg(shuttle)]
use shuttle::thread;
#[cfg(not(any(loom, shuttle)))]
use std::thread;

/// In the child: the preemption bound being explored (loom only).
pub static BOUND: AtomicUsize = AtomicUsize::new(0);
/// In the child: the execution being explored, counted by the model the child runs.
pub static EXECUTION: AtomicUsize = AtomicUsize::new(0);

/// Spawns a named thread: the name the traces show.
pub fn spawn<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> thread::JoinHandle<T> {
    thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .expect("spawn a model thread")
}

/// A loom explorer with preemption bound `bound` and no other limit: no cap on the executions or
/// the time, and no checkpoint file.
#[cfg(loom)]
pub fn loom_builder(bound: usize) -> loom::model::Builder {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(bound);
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    builder
}

/// In the child: explores `run` with preemption bound 0, then 1, 2, ... up to `max_bound`, and
/// stops at the first failing execution (the panic hook has reported it). A bound that passes
/// prints `ZOO PASSED bound=B executions=N`.
#[cfg(loom)]
pub fn explore_bound_after_bound(max_bound: usize, run: fn()) {
    for bound in 0..=max_bound {
        BOUND.store(bound, SeqCst);
        EXECUTION.store(0, SeqCst);
        loom_builder(bound).check(move || {
            EXECUTION.fetch_add(1, SeqCst);
            run();
        });
        eprintln!(
            "ZOO PASSED bound={bound} executions={}",
            EXECUTION.load(SeqCst)
        );
    }
}

/// In the child: installs the hook that reports the first panic (a failing model may panic again
/// while it unwinds) as `ZOO FOUND [bound=B ]execution=N`, `ZOO FAILURE` and the failure's first
/// line, then the trace `render` makes of the panic message between `ZOO TRACE BEGIN` and `ZOO
/// TRACE END`.
pub fn report_first_failure(render: fn(&str) -> String) {
    static REPORTED: Mutex<bool> = Mutex::new(false);
    std::panic::set_hook(Box::new(move |info| {
        let mut reported = REPORTED.lock().unwrap_or_else(|e| e.into_inner());
        if *reported {
            return;
        }
        *reported = true;
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let trace = render(&message);
        let found = if cfg!(loom) {
            format!(
                "bound={} execution={}",
                BOUND.load(SeqCst),
                EXECUTION.load(SeqCst)
            )
        } else {
            format!("execution={}", EXECUTION.load(SeqCst))
        };
        eprintln!(
            "ZOO FOUND {found}\nZOO FAILURE {}\nZOO TRACE BEGIN\n{trace}ZOO TRACE END",
            message.lines().next().unwrap_or("")
        );
    }));
}

/// In the parent: this test binary again, running only its `zoo_child` test, with `variable` set
/// to `value` to say what to explore.
pub fn child_command(variable: &str, value: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["zoo_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(variable, value)
        .env("RUST_BACKTRACE", "0");
    command
}

/// In the parent: the trace the child printed, if it found a failure.
pub fn trace_in(stderr: &str) -> Option<&str> {
    stderr
        .split("ZOO TRACE BEGIN\n")
        .nth(1)?
        .split("ZOO TRACE END")
        .next()
}
