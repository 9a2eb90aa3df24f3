//! Running a check in every schedule, and explaining a failure in words.
//!
//! [`check`] runs a scenario under `loom::model` with an explicit preemption bound, so nothing in the
//! environment can quietly change what "passed" means. When a schedule fails, loom's raw report
//! (`deadlock; threads = [(Id(0), Blocked(..)), ...]`, or a bare panic) is turned into sentences that
//! name the threads, and the check fails with that text. `cargo learn` shows it to the learner.
//!
//! Without `--cfg loom` the scenario runs once, on real threads: handy for trying a solution by hand,
//! but it proves nothing about other schedules.

/// How many times loom may switch away from a thread that could have gone on. Bound 2 catches every
/// mistake in the project's bug zoo and explores every arrival order of the small scenarios here,
/// in well under a second each (see shared/TECH-NOTES.md for the measurements).
pub const PREEMPTION_BOUND: usize = 2;

/// Spawns a named thread, so reports can say who did what.
pub fn spawn<T: Send + 'static>(
    name: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> crate::thread::JoinHandle<T> {
    crate::thread::Builder::new()
        .name(name.to_string())
        .spawn(body)
        .expect("the test can spawn a thread")
}

/// Runs `scenario` in every schedule loom explores. `cast` names the threads in the order they are
/// created: `cast[0]` is the scenario's own thread, `cast[1]` the first one spawned (by the test or
/// by the learner's code), and so on. The names appear when a schedule deadlocks.
#[cfg(not(loom))]
pub fn check(cast: &[&str], scenario: impl Fn() + Send + Sync + 'static) {
    let _ = cast;
    scenario();
}

#[cfg(loom)]
pub use with_loom::check;

#[cfg(loom)]
mod with_loom {
    use super::PREEMPTION_BOUND;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::{Arc, Mutex};

    /// The first failure message of the run, recorded by our panic hook. Loom runs every thread of
    /// a model as a coroutine on the test's own OS thread, and `cargo learn` runs tests one at a
    /// time, so one global slot is enough.
    static FIRST_FAILURE: Mutex<Option<String>> = Mutex::new(None);

    pub fn check(cast: &[&str], scenario: impl Fn() + Send + Sync + 'static) {
        let schedules = Arc::new(AtomicUsize::new(0));
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(PREEMPTION_BOUND);
        // These would stop early and still count as a pass, or flood the learner: never let the
        // environment set them.
        builder.max_permutations = None;
        builder.max_duration = None;
        builder.checkpoint_file = None;
        builder.log = false;

        *FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let default_hook = panic::take_hook();
        let cast_names: Vec<String> = cast.iter().map(|s| s.to_string()).collect();
        // Keep loom's and the threads' own panic output quiet: we print one explanation instead.
        // Loom also unwinds finished coroutines with a payload that is not a message: ignore those.
        // `EXERCISES_RAW_PANICS=1` shows every raw panic too, for whoever debugs the checks.
        let raw_panics = std::env::var_os("EXERCISES_RAW_PANICS").is_some();
        panic::set_hook(Box::new(move |info| {
            if raw_panics {
                eprintln!("raw panic: {info}");
            }
            let payload = info.payload();
            let message = if let Some(s) = payload.downcast_ref::<&str>() {
                s.to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                return;
            };
            if message == "panic in a destructor during cleanup" {
                abandon_run(cast_names.as_slice());
            }
            let mut slot = FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner());
            if slot.is_none() {
                *slot = Some(message);
            }
        }));

        let counter = Arc::clone(&schedules);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            builder.check(move || {
                counter.fetch_add(1, SeqCst);
                scenario();
            })
        }));
        panic::set_hook(default_hook);

        let explored = schedules.load(SeqCst);
        match outcome {
            Ok(()) => println!(
                "model check passed: loom explored {explored} schedules (preemption bound {PREEMPTION_BOUND})"
            ),
            Err(_) => {
                let raw = FIRST_FAILURE
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_else(|| "a thread panicked".to_string());
                panic!(
                    "model check failed in schedule {explored} (loom, preemption bound {PREEMPTION_BOUND}):\n{}",
                    explain(&raw, cast)
                );
            }
        }
    }

    /// The last resort after a deadlock. Loom unwinds the deadlocked threads, and a destructor on the
    /// way (for example a `Receiver`'s, which takes the channel's loom lock) may panic again; Rust
    /// then aborts the whole test program, and the learner would see only "aborting". So at that
    /// moment we write the explanation ourselves, straight to stderr (past the test harness's output
    /// capture), in the harness's own format, so `cargo learn` reads it like any failure, and exit.
    /// The exercise's remaining tests do not run.
    fn abandon_run(cast: &[String]) -> ! {
        use std::io::Write;
        let raw = FIRST_FAILURE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(|| "a thread panicked".to_string());
        let cast: Vec<&str> = cast.iter().map(String::as_str).collect();
        let test = std::thread::current()
            .name()
            .unwrap_or("this check")
            .to_string();
        let report = format!(
            "\ntest {test} ... FAILED\n\n---- {test} stdout ----\n\
             model check failed (loom, preemption bound {PREEMPTION_BOUND}):\n{}\n\
             (The exercise's remaining checks were not run: loom cannot carry on after this.)\n\n\
             failures:\n",
            explain(&raw, &cast)
        );
        let _ = std::io::stderr().write_all(report.as_bytes());
        std::process::exit(101);
    }

    /// Turns loom's raw failure message into sentences.
    fn explain(raw: &str, cast: &[&str]) -> String {
        if let Some(threads) = raw.strip_prefix("deadlock; threads = ") {
            let mut text = String::from(
                "deadlock: every thread that has not finished is waiting, and none of them can \
                 ever wake the others.\n",
            );
            for (id, state) in parse_threads(threads) {
                let who = cast
                    .get(id)
                    .map(|name| name.to_string())
                    .unwrap_or_else(|| format!("thread {id} (spawned by your code)"));
                let what = match state.as_str() {
                    "Terminated" => "had finished",
                    "Blocked" => "was blocked: waiting for a lock, a message, a notify or a join",
                    _ => "could still run",
                };
                text.push_str(&format!("  - {who}: {what}\n"));
            }
            text.push_str(
                "Some thread waits for something that never comes: a message nobody will send, a \
                 notify nobody will make, or the end of a loop that needs every sender dropped.",
            );
            return text;
        }
        if raw.starts_with("not yet implemented") || raw.starts_with("not implemented") {
            return format!("  {raw}: a `todo!()` is still in your code; replace it");
        }
        if raw.starts_with("invariant violated") || raw.starts_with("assertion") {
            return format!("  {raw}");
        }
        let why = if raw.contains("SendError") {
            "\n  (a `send` failed because the receiver was gone: handle the `Err` instead of unwrapping it)"
        } else if raw.contains("RecvError") {
            "\n  (a `recv` failed because every sender was gone and the channel was empty)"
        } else {
            ""
        };
        format!("  a thread panicked: {raw}{why}")
    }

    /// Parses `[(Id(0), Blocked(Location(None))), (Id(1), Terminated)]` into `(0, "Blocked")` pairs.
    fn parse_threads(list: &str) -> Vec<(usize, String)> {
        list.split("(Id(")
            .skip(1)
            .filter_map(|part| {
                let (id, rest) = part.split_once(')')?;
                let state: String = rest
                    .trim_start_matches([',', ' '])
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                Some((id.parse().ok()?, state))
            })
            .collect()
    }
}
