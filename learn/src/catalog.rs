//! The exercises, in order, with what `cargo learn` needs to know about each: how its check runs,
//! which chapter to read first, and three graded hints (a nudge, the concept, almost the answer).
//!
//! The exercise files themselves are `exercises/NAME.rs` (the learner's copy, whose pristine text is
//! pinned in `exercises-check/starters.toml` for `reset`) and `solutions/NAME.rs` (the reference);
//! their checks are `exercises-check/checks/NAME.rs`, and the grader's own test cases
//! `exercises-check/catalogue/NAME/`. `cargo learn verify-all` proves that this table and those files
//! agree; `learn/CONTRIBUTING.md` says how to add an exercise.

/// How an exercise's checks are built and run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Plain tests on real threads: for exercises with no schedule to explore.
    Std,
    /// Built with `--cfg loom`: every test is a model, run in every execution loom explores within
    /// the preemption bound.
    Loom,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Std => "std",
            Mode::Loom => "loom",
        }
    }
}

pub struct Exercise {
    /// The file name without `.rs`, for example `ex01_first_message`.
    pub name: &'static str,
    pub title: &'static str,
    pub mode: Mode,
    /// The chapter to read first, relative to `book/src/` and without `.md`.
    pub chapter: &'static str,
    /// False only for an exercise whose starter is a compile error to fix.
    pub starter_compiles: bool,
    /// A nudge, the concept, almost the answer.
    pub hints: [&'static str; 3],
}

impl Exercise {
    /// The exercise's number as the learner sees it (1-based).
    pub fn number(&self) -> usize {
        EXERCISES
            .iter()
            .position(|e| e.name == self.name)
            .map_or(0, |i| i + 1)
    }

    pub fn file_name(&self) -> String {
        format!("{}.rs", self.name)
    }

    /// Where to read first, as it exists where `cargo learn` runs: in the repository, the Markdown
    /// source and the page of the book `cargo xtask book` serves; in the offline course bundle
    /// (a rendered `book/`, no `book/src/`, no xtask), the page to open in a browser.
    pub fn reading(&self, root: &std::path::Path) -> String {
        chapter_path(root, self.chapter)
    }
}

/// A chapter (relative to `book/src/`, without `.md`), named as it exists under `root`.
pub fn chapter_path(root: &std::path::Path, chapter: &str) -> String {
    if root.join("book/src").is_dir() {
        format!(
            "book/src/{chapter}.md (the page {chapter}.html of the book `cargo xtask book` serves)"
        )
    } else {
        format!("book/{chapter}.html (open it in a browser)")
    }
}

pub static EXERCISES: &[Exercise] = &[
    Exercise {
        name: "ex01_first_message",
        title: "your first message",
        mode: Mode::Loom,
        chapter: "foundations/one-message",
        starter_compiles: true,
        hints: [
            "Three steps: make a channel, spawn a thread that sends, receive on the calling thread.",
            "`mpsc::channel()` returns `(Sender, Receiver)`. `thread::spawn(move || ...)` moves the \
             sender into the new thread; `rx.recv()` waits for the message and returns a `Result`.",
            "let (tx, rx) = mpsc::channel();\n  thread::spawn(move || tx.send(GREETING.to_string()).unwrap());\n  rx.recv().unwrap()",
        ],
    },
    Exercise {
        name: "ex02_drain",
        title: "draining a channel",
        mode: Mode::Loom,
        chapter: "foundations/many-messages",
        starter_compiles: true,
        hints: [
            "The producer thread needs `numbers` and `tx`; the receiving side needs a loop that ends \
             by itself.",
            "`for n in rx` (or `rx.iter()`) yields each message in order and ends once every sender \
             is dropped and the queue is empty. The producer's `tx` is dropped when its closure ends.",
            "thread::spawn(move || { for n in numbers { tx.send(n).unwrap(); } });\n  for n in rx { received.push(n); }",
        ],
    },
    Exercise {
        name: "ex03_forgotten_sender",
        title: "the forgotten sender",
        mode: Mode::Loom,
        chapter: "patterns/pitfalls",
        starter_compiles: true,
        hints: [
            "The report says main is blocked and every worker has finished. What is main waiting for?",
            "`for _ in rx` ends only when every `Sender` is gone. The workers' clones are dropped when \
             they finish; which sender is still alive?",
            "The original `tx` lives until the end of the function. Add `drop(tx);` right after the \
             spawning loop.",
        ],
    },
    Exercise {
        name: "ex04_several_producers",
        title: "several producers",
        mode: Mode::Loom,
        chapter: "foundations/several-producers",
        starter_compiles: true,
        hints: [
            "Each producer thread needs its own sender.",
            "Clone the sender inside the loop (`let tx = tx.clone();`) and move the clone into the \
             thread. The partial sums arrive in any order, which does not matter for a sum. Then make \
             sure the receiving loop can end (exercise 3).",
            "for chunk in chunks { let tx = tx.clone(); thread::spawn(move || tx.send(chunk.iter().sum::<u64>()).unwrap()); }\n  drop(tx);\n  rx.iter().sum()",
        ],
    },
    Exercise {
        name: "ex05_polling",
        title: "polling with try_recv and recv_timeout",
        mode: Mode::Std,
        chapter: "working/blocking",
        starter_compiles: true,
        hints: [
            "Each function is one `match` with three arms.",
            "`try_recv` returns `Ok(msg)`, `Err(TryRecvError::Empty)` or \
             `Err(TryRecvError::Disconnected)`; `recv_timeout` returns `Ok(msg)`, \
             `Err(RecvTimeoutError::Timeout)` or `Err(RecvTimeoutError::Disconnected)`.",
            "match rx.try_recv() {\n      Ok(letter) => Mail::Letter(letter),\n      Err(TryRecvError::Empty) => Mail::NothingYet,\n      Err(TryRecvError::Disconnected) => Mail::Closed,\n  }",
        ],
    },
    Exercise {
        name: "ex06_back_pressure",
        title: "back-pressure with sync_channel",
        mode: Mode::Loom,
        chapter: "working/bounded",
        starter_compiles: true,
        hints: [
            "`mailbox` is one call; `offer` is one `match`.",
            "`mpsc::sync_channel(CAPACITY)` makes a bounded channel. `try_send` never waits: it returns \
             `Err(TrySendError::Full(job))` or `Err(TrySendError::Disconnected(job))`, handing the \
             job back.",
            "match tx.try_send(job) {\n      Ok(()) => Offer::Accepted,\n      Err(TrySendError::Full(job)) => Offer::Busy(job),\n      Err(TrySendError::Disconnected(job)) => Offer::Closed(job),\n  }",
        ],
    },
    Exercise {
        name: "ex07_send_moves",
        title: "sending moves the value",
        mode: Mode::Std,
        chapter: "working/ownership",
        starter_compiles: false,
        hints: [
            "Read the compiler's message: which value is used after it was moved, and where was it \
             moved?",
            "`send(letter)` takes `letter` by value: after that line, `letter` belongs to the channel. \
             Anything you need from it must be read before the send.",
            "let bytes = letter.len();\n  tx.send(letter).unwrap();\n  log.push(format!(\"sent {bytes} bytes\"));",
        ],
    },
    Exercise {
        name: "ex08_receiver_gone",
        title: "when the receiver is gone",
        mode: Mode::Loom,
        chapter: "working/errors",
        starter_compiles: true,
        hints: [
            "Replace the `unwrap` with a `match` or `if let Err(..)`.",
            "`send` returns `Err(SendError(letter))` when the receiver is gone: the letter is in \
             `.0`. Iterate with `letters.into_iter()` kept in a variable so you can collect the rest \
             when a send fails.",
            "let mut letters = letters.into_iter();\n  while let Some(letter) = letters.next() {\n      if let Err(e) = tx.send(letter) {\n          let mut back = vec![e.0];\n          back.extend(letters);\n          return Err(back);\n      }\n      delivered += 1;\n  }",
        ],
    },
    Exercise {
        name: "ex09_worker_pool",
        title: "a worker pool and its done-signal",
        mode: Mode::Loom,
        chapter: "working/coordinating",
        starter_compiles: true,
        hints: [
            "Two loops must end: each worker's (when the job channel closes) and the collecting one \
             (when the results channel closes). Each ends only when its last sender is dropped.",
            "In the worker: `let job = job_rx.lock().unwrap().recv();` then `match job`. Then send the \
             jobs, `drop(job_tx)`, and `drop(result_tx)`: the original results sender is not a \
             worker's, and would keep the collecting loop waiting forever.",
            "loop {\n      let job = job_rx.lock().unwrap().recv();\n      match job { Ok(n) => result_tx.send(n * n).unwrap(), Err(_) => break }\n  }\n  ... after the spawning loop: drop(result_tx); for job in jobs { job_tx.send(job).unwrap(); } drop(job_tx);",
        ],
    },
    Exercise {
        name: "ex10_actor",
        title: "an actor with reply channels",
        mode: Mode::Loom,
        chapter: "patterns/production",
        starter_compiles: true,
        hints: [
            "The bank thread loops over its receiver; `balance` needs a channel of its own for the \
             answer.",
            "`for request in rx { match request { ... } }` ends when every client's sender is gone, \
             then the thread returns `balance`. For `Balance(reply)`, send the balance on `reply`. In \
             `balance`, make `(reply_tx, reply_rx)`, send `Request::Balance(reply_tx)`, then \
             `reply_rx.recv()`.",
            "for request in rx {\n      match request {\n          Request::Deposit(amount) => balance += amount,\n          Request::Balance(reply) => { let _ = reply.send(balance); }\n      }\n  }",
        ],
    },
    Exercise {
        name: "ex11_pipeline",
        title: "a pipeline with clean shutdown",
        mode: Mode::Loom,
        chapter: "patterns/production",
        starter_compiles: true,
        hints: [
            "`stage` is a `for` loop over its input; `pipeline` needs three channels and two threads.",
            "A stage must not `unwrap` its sends: when `output.send(..)` fails, nobody listens \
             downstream, so return. In `pipeline`, drop the first sender after feeding the numbers: \
             the close then travels stage by stage to the end.",
            "for n in input { if output.send(work(n)).is_err() { return; } }\n  --\n  let (source, a_in) = mpsc::channel(); let (a_out, b_in) = mpsc::channel(); let (b_out, results) = mpsc::channel();\n  thread::spawn(move || stage(a_in, a_out, double)); thread::spawn(move || stage(b_in, b_out, add_one));",
        ],
    },
    Exercise {
        name: "ex12_build_channel",
        title: "build a channel: send and recv",
        mode: Mode::Loom,
        chapter: "build/queue-mutex-condvar",
        starter_compiles: true,
        hints: [
            "`send`: lock, push, notify. `recv`: lock, wait until there is something, pop.",
            "`Condvar::wait(guard)` releases the lock while asleep and returns the guard, re-locked. \
             Wait in a `while queue.is_empty()` loop, not an `if`: being woken up proves nothing.",
            "let mut queue = self.queue.lock().unwrap();\n  while queue.is_empty() { queue = self.not_empty.wait(queue).unwrap(); }\n  queue.pop_front().unwrap()",
        ],
    },
    Exercise {
        name: "ex13_disconnection",
        title: "disconnection: counting senders",
        mode: Mode::Loom,
        chapter: "build/disconnection",
        starter_compiles: true,
        hints: [
            "Two gaps: `Drop` does not count down, and `recv` never gives up.",
            "In `drop`: lock, `senders -= 1`; if that was the last one, `notify_one` so a sleeping \
             receiver wakes. In `recv`: loop { pop and return `Some`; else if `senders == 0` return \
             `None`; else wait }.",
            "let mut state = self.shared.state.lock().unwrap();\n  state.senders -= 1;\n  let last = state.senders == 0;\n  drop(state);\n  if last { self.shared.changed.notify_one(); }",
        ],
    },
    Exercise {
        name: "ex14_bounded",
        title: "the bounded channel",
        mode: Mode::Loom,
        chapter: "build/bounded",
        starter_compiles: true,
        hints: [
            "It is exercise 12 twice: one wait per side, one notify per side.",
            "`send` waits on `not_full` while `queue.len() == self.capacity`, pushes, then notifies \
             `not_empty`. `recv` waits on `not_empty` while the queue is empty, pops, then notifies \
             `not_full`.",
            "let mut queue = self.queue.lock().unwrap();\n  while queue.len() == self.capacity { queue = self.not_full.wait(queue).unwrap(); }\n  queue.push_back(msg);\n  drop(queue);\n  self.not_empty.notify_one();",
        ],
    },
    Exercise {
        name: "ex15_fix_the_bug",
        title: "find and fix the bug",
        mode: Mode::Loom,
        chapter: "proving/bug-zoo",
        starter_compiles: true,
        hints: [
            "The report says a send returned while the queue was over capacity. Read `send` line by \
             line: where does it decide there is room?",
            "When a sleeping sender is woken, the slot it was woken for may already be taken by \
             another sender that got the lock first. After waking, the condition must be checked \
             again.",
            "Change `if queue.len() >= self.capacity` to `while queue.len() >= self.capacity`.",
        ],
    },
    Exercise {
        name: "ex16_oneshot_orderings",
        title: "the one-shot's orderings",
        mode: Mode::Loom,
        chapter: "below/oneshot",
        starter_compiles: true,
        hints: [
            "The report says the receiver read the message's slot without being ordered after the \
             sender's write. Which two operations connect the sender and the receiver?",
            "The flag is atomic, the message is not. For `ready == true` to carry the write of the \
             message with it, the store that raises the flag must be `Release` and the operation \
             that sees it must be `Acquire`.",
            "In `send`: `self.channel.ready.store(true, Release);`. In `try_receive`: \
             `.compare_exchange(true, false, Acquire, Relaxed)`.",
        ],
    },
    Exercise {
        name: "ex17_wake_from_trace",
        title: "read the trace, fix the wake-up",
        mode: Mode::Loom,
        chapter: "below/oneshot-zoo",
        starter_compiles: true,
        hints: [
            "The report says the receiver is parked for good and the sender has finished. The \
             sender did unpark it: when, compared with setting `ready`?",
            "An unpark that comes before the park is kept as a token, so it is not lost. But a \
             receiver woken before `ready` is set looks, finds nothing, and parks again, and no \
             second unpark comes. Change the state first, then wake.",
            "In `send`, store `ready` (Release) first, then call `self.receiving_thread.unpark()`.",
        ],
    },
    Exercise {
        name: "ex18_dining_philosophers",
        title: "dining philosophers, with a waiter and channels",
        mode: Mode::Loom,
        chapter: "below/oneshot-in-use",
        starter_compiles: true,
        hints: [
            "The report shows a deadlock. Which fork does each philosopher hold, and which one is each \
             waiting for?",
            "Each philosopher holds their left fork and waits for the right one, which their \
             neighbour holds: a cycle. If every philosopher takes the lower-numbered of their two \
             forks first, the cycle cannot close.",
            "let (first, second) = (left.min(right), left.max(right));",
        ],
    },
];

/// Finds an exercise by number (`3`), short name (`ex03`, `03`), full name (`ex03_forgotten_sender`)
/// or topic (`forgotten_sender`).
pub fn find(query: &str) -> Option<&'static Exercise> {
    let query = query.trim().trim_end_matches(".rs");
    if let Ok(number) = query.trim_start_matches("ex").parse::<usize>() {
        return number.checked_sub(1).and_then(|i| EXERCISES.get(i));
    }
    EXERCISES.iter().find(|e| {
        e.name == query
            || e.name
                .split_once('_')
                .is_some_and(|(_, topic)| topic == query)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exercises_are_found_by_number_and_name() {
        assert_eq!(find("3").map(|e| e.name), Some("ex03_forgotten_sender"));
        assert_eq!(find("ex03").map(|e| e.name), Some("ex03_forgotten_sender"));
        assert_eq!(find("03").map(|e| e.name), Some("ex03_forgotten_sender"));
        assert_eq!(
            find("forgotten_sender").map(|e| e.name),
            Some("ex03_forgotten_sender")
        );
        assert_eq!(
            find("ex03_forgotten_sender.rs").map(|e| e.name),
            Some("ex03_forgotten_sender")
        );
    }

    #[test]
    fn unknown_exercises_are_not_found() {
        for bad in ["0", "99", "", "nope", "ex", "-1", "1e3"] {
            assert!(find(bad).is_none(), "{bad:?} should not match");
        }
    }

    #[test]
    fn names_are_numbered_in_order_and_chapters_exist() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (i, exercise) in EXERCISES.iter().enumerate() {
            assert!(
                exercise.name.starts_with(&format!("ex{:02}_", i + 1)),
                "{} is number {}",
                exercise.name,
                i + 1
            );
            let chapter = root.join(format!("book/src/{}.md", exercise.chapter));
            assert!(chapter.exists(), "{} does not exist", chapter.display());
        }
    }
}
