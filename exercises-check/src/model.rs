//! Running a check under the model checker, and explaining a failure in words.
//!
//! [`check`] runs a scenario under `loom::model` with an explicit preemption bound, so nothing in the
//! environment can quietly change what "passed" means. The bound is a budget (loom 0.7.2,
//! `rt/path.rs`, `Schedule::backtrack`): once an execution has spent it, loom adds no alternatives, so
//! a pass means "no failure in the executions loom explored within this budget", not "every
//! schedule". The report says so, with loom's count of executions. When a schedule fails, loom's raw report
//! (`deadlock; threads = [(Id(0), Blocked(..)), ...]`, or a bare panic) is turned into sentences that
//! name the threads, and the check fails with that text. `cargo learn` shows it to the learner.
//!
//! Without `--cfg loom` the scenario runs once, on real threads: handy for trying a solution by hand,
//! but it proves nothing about other schedules.

/// How many times loom may switch away from a thread that could have gone on, per execution. Bound 2
/// catches every mistake in the project's bug zoo and in this grader's catalogue of wrong solutions
/// (`cargo learn verify-catalogue`), in well under a second per check here.
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

/// Spawns the checker's "spurious waker": a thread that, at a moment loom chooses, wakes every
/// condition variable the learner's code has created, for no reason. Real condition variables may
/// do that (std's documentation says so); loom never does, so without this thread an `if` where a
/// `while` belongs around a wait would pass.
pub fn spurious_waker() -> crate::thread::JoinHandle<()> {
    spawn("the checker's spurious waker", || {
        crate::sync::wake_everyone();
    })
}

/// Runs `scenario` in every execution loom explores within [`PREEMPTION_BOUND`].
pub fn check(cast: &[&str], scenario: impl Fn() + Send + Sync + 'static) {
    check_explained(cast, "", scenario);
}

/// Runs `scenario` once on real threads: without `--cfg loom` nothing is explored.
#[cfg(not(loom))]
pub fn check_explained(cast: &[&str], means: &str, scenario: impl Fn() + Send + Sync + 'static) {
    let _ = (cast, means);
    crate::record::begin();
    scenario();
}

#[cfg(loom)]
pub use with_loom::check_explained;

/// At most this many threads besides the check's own: loom 0.7 models at most 5 in all.
pub const MAX_SPAWNED: usize = 4;

#[cfg(loom)]
mod with_loom {
    use super::PREEMPTION_BOUND;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::{Arc, Mutex};

    /// The first failure of the run, recorded by our panic hook: the message, and the file and line
    /// it came from. Loom runs every thread of a model as a coroutine on the test's own OS thread,
    /// and `cargo learn` runs tests one at a time, so one global slot is enough.
    static FIRST_FAILURE: Mutex<Option<Failure>> = Mutex::new(None);

    struct Failure {
        message: String,
        /// `file:line`, when the panic has a location.
        location: Option<String>,
    }

    /// [`super::check`], with a sentence added to any failure: what it means in this check.
    pub fn check_explained(
        cast: &[&str],
        means: &str,
        scenario: impl Fn() + Send + Sync + 'static,
    ) {
        let executions = Arc::new(AtomicUsize::new(0));
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(PREEMPTION_BOUND);
        // These would stop early and still count as a pass, or flood the learner: never let the
        // environment set them.
        builder.max_permutations = None;
        builder.max_duration = None;
        builder.checkpoint_file = None;
        builder.log = false;

        *FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner()) = None;
        crate::record::forget_panicked();
        let default_hook = panic::take_hook();
        let cast_names: Vec<String> = cast.iter().map(|s| s.to_string()).collect();
        let means_text = means.to_string();
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
                abandon_run(cast_names.as_slice(), &means_text);
            }
            let mut slot = FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner());
            if slot.is_none() {
                *slot = Some(Failure {
                    message,
                    location: info
                        .location()
                        .map(|l| format!("{}:{}", l.file(), l.line())),
                });
            }
        }));

        let counter = Arc::clone(&executions);
        // The most threads any execution ran, the check's own included: the configuration explored.
        let threads = Arc::new(AtomicUsize::new(1));
        let most_threads = Arc::clone(&threads);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            builder.check(move || {
                counter.fetch_add(1, SeqCst);
                crate::record::begin();
                crate::loom_sync::forget_all();
                let note = crate::record::NotePanic("#0".into());
                scenario();
                drop(note);
                most_threads.fetch_max(1 + crate::record::now().spawned, SeqCst);
                crate::loom_sync::forget_all();
            })
        }));
        panic::set_hook(default_hook);

        let explored = executions.load(SeqCst);
        match outcome {
            Ok(()) => println!(
                "model check passed: loom, {} threads, {explored} executions within preemption bound \
                 {PREEMPTION_BOUND}",
                threads.load(SeqCst)
            ),
            Err(_) => {
                let failure = FIRST_FAILURE
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take();
                panic!(
                    "model check failed in execution {explored} (loom, preemption bound {PREEMPTION_BOUND}):\n{}",
                    explain(failure, cast, means)
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
    fn abandon_run(cast: &[String], means: &str) -> ! {
        use std::io::Write;
        let failure = FIRST_FAILURE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
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
            explain(failure, &cast, means)
        );
        let _ = std::io::stderr().write_all(report.as_bytes());
        std::process::exit(101);
    }

    /// Turns loom's raw failure message into sentences, never showing loom's own internals.
    fn explain(failure: Option<Failure>, cast: &[&str], means: &str) -> String {
        let text = explain_raw(failure, cast);
        if means.is_empty() {
            text
        } else {
            format!("{text}\n  {means}")
        }
    }

    fn explain_raw(failure: Option<Failure>, cast: &[&str]) -> String {
        let Some(Failure { message, location }) = failure else {
            return "  a thread panicked, and the checker could not tell which or why".into();
        };
        let raw = message.as_str();
        // Only a location in the learner's own file is worth showing.
        let yours = location
            .as_deref()
            .and_then(|l| l.split_once("/exercises/").map(|(_, rest)| rest))
            .map(|rest| format!("exercises/{rest}"));
        let at = yours
            .as_deref()
            .map(|l| format!(" (at {l})"))
            .unwrap_or_default();
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
                    "Blocked" => {
                        "was blocked: waiting for a lock, a message, a notify, an unpark or a join"
                    }
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
        if raw.contains("maximum number of branches") {
            return "  one execution took more steps than the checker follows (loom's limit is 1,000 \
                    thread switches and lock operations): usually a loop that spins on `try_recv` or \
                    on a lock without ever blocking. Block on `recv` or a condition variable instead, \
                    or call `thread::yield_now()` inside the loop."
                .into();
        }
        if raw.contains("self.threads.len() < self.max()") {
            return format!(
                "  your code started more threads than the checker can follow: loom models at most \
                 {} threads besides the check's own, and the check uses some of them. Spawn fewer.",
                super::MAX_SPAWNED
            );
        }
        if raw.starts_with("not yet implemented") || raw.starts_with("not implemented") {
            return format!("  {raw}{at}: a `todo!()` is still in your code; replace it");
        }
        if raw.starts_with("invariant violated") || raw.starts_with("assertion") {
            return format!("  {raw}{at}\n  (in {})", who_panicked(cast));
        }
        // loom's `UnsafeCell` found two accesses that no happens-before orders: a data race in the
        // code under check, reported from inside loom (so not the "checker could not go on" case).
        if raw.starts_with("Causality violation") {
            return format!(
                "  {} touched shared memory (an `UnsafeCell`) that another thread also touches, and \
                 nothing orders the two accesses (no happens-before between them): a data race.\n  \
                 loom's words: {raw}",
                who_panicked(cast)
            );
        }
        // `unwrap()`, or an `expect("...")` whose message ends with the error it got.
        let unwrapped = raw.starts_with("called `Result::unwrap()`")
            || raw.starts_with("called `Option::unwrap()`")
            || (yours.is_some() && (raw.ends_with(": RecvError") || raw.contains(": SendError")));
        // Advice about `unwrap` only where the learner's own code unwrapped.
        let why = match (&yours, unwrapped) {
            (Some(_), true) if raw.contains("SendError") => {
                "\n  (your code's `send` failed because the receiver was gone: a `send` can fail; \
                 decide what your code should do then)"
            }
            (Some(_), true) if raw.contains("RecvError") => {
                "\n  (your code's `recv` failed because every sender was gone and the channel was \
                 empty: nothing will ever arrive there)"
            }
            (Some(_), true) if raw.contains("None") => {
                "\n  (your code unwrapped a `None`: something you expected was not there, for example \
                 a queue that was empty after a wake-up)"
            }
            (None, _) if location.as_deref().is_some_and(|l| l.contains("/loom-")) => {
                "\n  (the model checker itself could not go on: this usually means the code under \
                 check used something the checker cannot follow, such as std's threads or locks \
                 instead of `mailslot_exercises`' ones)"
            }
            (None, true) => {
                "\n  (this `unwrap` is in the check's code, not yours: the check expected your code to \
                 have done something it had not)"
            }
            _ => "",
        };
        format!("  {} panicked{at}: {raw}{why}", who_panicked(cast))
    }

    /// The thread that panicked first, by the name the check gave it.
    fn who_panicked(cast: &[&str]) -> String {
        match crate::record::panicked_thread() {
            Some(label) => match label
                .strip_prefix('#')
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(n) => cast
                    .get(n)
                    .map(|name| name.to_string())
                    .unwrap_or_else(|| format!("thread {n} (spawned by your code)")),
                None => format!("the thread named {label:?}"),
            },
            None => "a thread".into(),
        }
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
