//! What the zoo's tests run: one small program per exhibit, the same under loom and shuttle, and the
//! renderer that turns the journal of a failing execution into a numbered, readable trace.
//!
//! Threads are named (`a`, `b` send; the model's main thread receives; `w` wakes for nothing), and
//! a message is named after its sender: `a1` is the first message `a` sends.

#![allow(dead_code)]

pub mod child;
pub use child::spawn;

use std::sync::atomic::{AtomicBool, Ordering::SeqCst};

use mailslot_steps::sync::Arc;
use mailslot_steps::sync::journal::{self, Event};
use mailslot_steps::{step1, step2, step3, step4, zoo};

/// Every invariant message starts with this, whichever property broke.
pub const VIOLATED: &str = "invariant violated: ";

/// What a failing execution broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Property {
    /// Every thread is blocked for good: some thread will never return.
    Hang,
    /// `recv` returned with nothing to return.
    EmptyWakeup,
    /// More messages in the queue than the capacity allows.
    CapacityExceeded,
    /// A message was neither delivered nor handed back.
    LostMessage,
}

impl Property {
    pub fn describe(self) -> &'static str {
        match self {
            Property::Hang => "hang",
            Property::EmptyWakeup => "recv woke up to an empty queue",
            Property::CapacityExceeded => "capacity exceeded",
            Property::LostMessage => "lost message",
        }
    }

    /// Reads the property from a failure message (a panic message or a checker's deadlock report).
    pub fn from_failure(message: &str) -> Option<Property> {
        if message.contains("deadlock") {
            Some(Property::Hang)
        } else if message.contains("woke up to an empty queue") {
            Some(Property::EmptyWakeup)
        } else if message.contains("capacity exceeded") {
            Some(Property::CapacityExceeded)
        } else if message.contains("message is lost") || message.contains("vanished") {
            Some(Property::LostMessage)
        } else {
            None
        }
    }
}

/// One exhibit of the zoo.
pub struct Exhibit {
    pub name: &'static str,
    /// The program the checker explores.
    pub run: fn(),
    /// What breaks, or `None` when no checker should find anything (the lesson of the zoo's first
    /// exhibit, and the fixed steps).
    pub breaks: Option<Property>,
    /// One line for the zoo's table.
    pub what: &'static str,
}

pub const EXHIBITS: &[Exhibit] = &[
    Exhibit {
        name: "flag_after_wait",
        run: flag_after_wait,
        breaks: Some(Property::Hang),
        what: "fast stage 1, the receiver's flag set after the wait instead of before",
    },
    Exhibit {
        name: "if_instead_of_while",
        run: if_instead_of_while,
        breaks: None,
        what: "step 1, `if` instead of `while`, 1 sender: nothing to see without a spurious wake-up",
    },
    Exhibit {
        name: "if_instead_of_while_spurious",
        run: if_instead_of_while_spurious,
        breaks: Some(Property::EmptyWakeup),
        what: "step 1, `if` instead of `while`, plus a thread that wakes the receiver for nothing",
    },
    Exhibit {
        name: "notify_before_push",
        run: notify_before_push,
        breaks: Some(Property::Hang),
        what: "step 1, notify before pushing the message",
    },
    Exhibit {
        name: "unlock_before_wait",
        run: unlock_before_wait,
        breaks: Some(Property::Hang),
        what: "step 1, lock released and re-taken between the check and the wait",
    },
    Exhibit {
        name: "no_wakeup_on_disconnect",
        run: no_wakeup_on_disconnect,
        breaks: Some(Property::Hang),
        what: "step 2, no wake-up when the last sender drops",
    },
    Exhibit {
        name: "send_ignores_receiver",
        run: send_ignores_receiver,
        breaks: Some(Property::LostMessage),
        what: "step 2, no error when the receiver is gone",
    },
    Exhibit {
        name: "one_condvar",
        run: one_condvar,
        breaks: Some(Property::Hang),
        what: "step 3, one condvar with notify_one for senders and receiver",
    },
    Exhibit {
        name: "receiver_drop_no_notify",
        run: receiver_drop_no_notify,
        breaks: Some(Property::Hang),
        what: "step 3, the departing receiver does not wake the senders",
    },
    Exhibit {
        name: "if_instead_of_while_bounded",
        run: if_instead_of_while_bounded,
        breaks: Some(Property::CapacityExceeded),
        what: "step 3, a sender waits for room with `if` instead of `while`",
    },
    Exhibit {
        name: "lost_handoff",
        run: lost_handoff,
        breaks: Some(Property::LostMessage),
        what: "step 4, the departing receiver empties the rendezvous slot",
    },
    Exhibit {
        name: "rendezvous_notify_one",
        run: rendezvous_notify_one,
        breaks: Some(Property::Hang),
        what: "step 4, the rendezvous wakes one sender with notify_one",
    },
    Exhibit {
        name: "receive_first",
        run: receive_first,
        breaks: Some(Property::Hang),
        what: "two correct channels, two threads that each wait to receive first",
    },
];

pub fn exhibit(name: &str) -> &'static Exhibit {
    EXHIBITS
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no exhibit called {name}"))
}

fn expect_message(got: &str, want: &str) {
    assert!(got == want, "{VIOLATED}received {got}, expected {want}");
}

// --- step 1 and its bugs ----------------------------------------------------------------------------

/// `a` sends one message; main receives it.
macro_rules! one_message {
    ($chan:path) => {{
        use $chan as chan;
        journal::begin();
        let (tx, rx) = chan::channel::<String>();
        let a = spawn("a", move || {
            tx.send("a1".to_string());
            journal::note("send returns");
        });
        let got = rx.recv();
        journal::note(&format!("recv returns {got}"));
        expect_message(&got, "a1");
        a.join().unwrap();
    }};
}

// ANCHOR: spurious
/// Like `one_message`, plus a thread `w` that wakes the receiver once for no reason: a spurious
/// wake-up, at a moment the checker chooses.
macro_rules! one_message_and_a_spurious_wakeup {
    ($chan:path) => {{
        use $chan as chan;
        journal::begin();
        let (tx, rx) = chan::channel::<String>();
        let waker = tx.clone();
        let a = spawn("a", move || {
            tx.send("a1".to_string());
            journal::note("send returns");
        });
        let w = spawn("w", move || {
            waker.wake_for_nothing();
        });
        let got = rx.recv();
        journal::note(&format!("recv returns {got}"));
        expect_message(&got, "a1");
        a.join().unwrap();
        w.join().unwrap();
    }};
}
// ANCHOR_END: spurious

pub fn step1_one_message() {
    one_message!(step1);
}

pub fn step1_spurious() {
    one_message_and_a_spurious_wakeup!(step1);
}

pub fn if_instead_of_while() {
    one_message!(zoo::if_instead_of_while);
}

pub fn if_instead_of_while_spurious() {
    one_message_and_a_spurious_wakeup!(zoo::if_instead_of_while);
}

pub fn notify_before_push() {
    one_message!(zoo::notify_before_push);
}

pub fn unlock_before_wait() {
    one_message!(zoo::unlock_before_wait);
}

// --- step 2 and its bugs ----------------------------------------------------------------------------

/// `a` sends one message and leaves; main receives until the channel says every sender is gone.
macro_rules! last_sender_leaves {
    ($chan:path) => {{
        use $chan as chan;
        journal::begin();
        let (tx, rx) = chan::channel::<String>();
        let a = spawn("a", move || {
            tx.send("a1".to_string()).unwrap();
            drop(tx);
            journal::note("drops its sender");
        });
        let got = rx.recv().unwrap();
        journal::note(&format!("recv returns {got}"));
        expect_message(&got, "a1");
        assert!(rx.recv().is_err(), "{VIOLATED}a message after a1");
        journal::note("recv returns Err: every sender is gone");
        a.join().unwrap();
    }};
}

/// `a` sends two messages while main drops the receiver: a send that starts after the receiver is
/// gone must fail and hand its message back.
macro_rules! receiver_leaves {
    ($chan:path) => {{
        use $chan as chan;
        journal::begin();
        let (tx, rx) = chan::channel::<String>();
        let gone = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&gone);
        let a = spawn("a", move || {
            for label in ["a1", "a2"] {
                let was_gone = seen.load(SeqCst);
                let sent = tx.send(label.to_string());
                journal::note(if sent.is_ok() { "send returns Ok" } else { "send returns Err" });
                assert!(
                    !(was_gone && sent.is_ok()),
                    "{VIOLATED}send of {label} returned Ok after the receiver was gone: the message is lost"
                );
            }
        });
        drop(rx);
        gone.store(true, SeqCst);
        journal::note("drops the receiver");
        a.join().unwrap();
    }};
}

pub fn step2_last_sender() {
    last_sender_leaves!(step2);
}

pub fn step2_receiver_leaves() {
    receiver_leaves!(step2);
}

pub fn no_wakeup_on_disconnect() {
    last_sender_leaves!(zoo::no_wakeup_on_disconnect);
}

pub fn send_ignores_receiver() {
    receiver_leaves!(zoo::send_ignores_receiver);
}

// ANCHOR: receive_first
/// Two correct channels; `alice` and `bob` each wait for the other's message before sending their
/// own. No lock is held by anyone while they wait.
pub fn receive_first() {
    journal::begin();
    let (to_alice, alice_inbox) = step2::channel::<String>();
    let (to_bob, bob_inbox) = step2::channel::<String>();
    let alice = spawn("alice", move || {
        let got = alice_inbox.recv();
        to_bob.send("alice1".to_string()).ok();
        got.is_ok()
    });
    let bob = spawn("bob", move || {
        let got = bob_inbox.recv();
        to_alice.send("bob1".to_string()).ok();
        got.is_ok()
    });
    alice.join().unwrap();
    bob.join().unwrap();
}
// ANCHOR_END: receive_first

// --- steps 3 and 4 and their bugs -------------------------------------------------------------------

/// `a` and `b` send `per_sender` messages each through `sync_channel(capacity)`; main receives
/// them all, checking each sender's order.
macro_rules! bounded_delivery {
    ($chan:path, $capacity:expr, $per_sender:expr) => {{
        use $chan as chan;
        journal::begin();
        let (tx, rx) = chan::sync_channel::<String>($capacity);
        let mut senders = Vec::new();
        for name in ["a", "b"] {
            let tx = tx.clone();
            journal::note("clones the sender");
            senders.push(spawn(name, move || {
                for i in 1..=$per_sender {
                    tx.send(format!("{name}{i}")).unwrap();
                    journal::note("send returns");
                }
            }));
        }
        drop(tx);
        journal::note("drops its own sender");
        let mut next = [1, 1];
        for _ in 0..2 * $per_sender {
            let got = rx.recv().unwrap();
            journal::note(&format!("recv returns {got}"));
            let who = usize::from(got.starts_with('b'));
            expect_message(&got, &format!("{}{}", ["a", "b"][who], next[who]));
            next[who] += 1;
        }
        for sender in senders {
            sender.join().unwrap();
        }
    }};
}

/// A rendezvous: `a` sends one message, main drops the receiver without receiving. `a` must get
/// an error carrying its message.
macro_rules! rendezvous_receiver_leaves {
    ($chan:path) => {{
        use $chan as chan;
        journal::begin();
        let (tx, rx) = chan::sync_channel::<String>(0);
        let a = spawn("a", move || match tx.send("a1".to_string()) {
            Ok(()) => panic!("{VIOLATED}a rendezvous send returned Ok, but nobody received a1"),
            Err(back) => {
                journal::note("send returns Err, with a1 handed back");
                assert_eq!(back.0, "a1");
            }
        });
        drop(rx);
        journal::note("drops the receiver");
        a.join().unwrap();
    }};
}

/// `a` sends into `sync_channel($capacity)` until a send fails; main receives `$take` messages
/// (fewer than `a` sends) and drops the receiver. Capacity plus `$take` sends can succeed, so
/// the next one must fail: `a` is then asleep on a full queue or finds the receiver gone, and
/// either way must get its message back and finish.
macro_rules! receiver_leaves_while_full {
    ($chan:path, $capacity:expr, $take:expr) => {{
        use $chan as chan;
        let (capacity, take): (usize, usize) = ($capacity, $take);
        journal::begin();
        let (tx, rx) = chan::sync_channel::<String>(capacity);
        let a = spawn("a", move || {
            for i in 1..=capacity + take + 1 {
                let label = format!("a{i}");
                match tx.send(label.clone()) {
                    Ok(()) => journal::note("send returns Ok"),
                    Err(back) => {
                        journal::note(&format!("send returns Err, with {label} handed back"));
                        assert!(back.0 == label, "{VIOLATED}{label} came back as {}", back.0);
                        return;
                    }
                }
            }
            panic!(
                "{VIOLATED}{} sends returned Ok into capacity {} with {} taken: a message is lost",
                capacity + take + 1,
                capacity,
                take
            );
        });
        for i in 1..=take {
            let got = rx.recv().unwrap();
            journal::note(&format!("recv returns {got}"));
            expect_message(&got, &format!("a{i}"));
        }
        drop(rx);
        journal::note("drops the receiver");
        a.join().unwrap();
    }};
}

pub fn step3_receiver_leaves_while_full_taking_0() {
    receiver_leaves_while_full!(step3, 1, 0);
}

pub fn step3_receiver_leaves_while_full_taking_1() {
    receiver_leaves_while_full!(step3, 1, 1);
}

pub fn step4_receiver_leaves_while_full_taking_0() {
    receiver_leaves_while_full!(step4, 1, 0);
}

pub fn step4_receiver_leaves_while_full_taking_1() {
    receiver_leaves_while_full!(step4, 1, 1);
}

pub fn step3_two_senders() {
    bounded_delivery!(step3, 1, 1);
}

pub fn step4_two_senders_rendezvous() {
    bounded_delivery!(step4, 0, 1);
}

pub fn step4_two_senders_rendezvous_twice() {
    bounded_delivery!(step4, 0, 2);
}

pub fn step4_rendezvous_receiver_leaves() {
    rendezvous_receiver_leaves!(step4);
}

pub fn one_condvar() {
    bounded_delivery!(zoo::one_condvar, 1, 2);
}

pub fn if_instead_of_while_bounded() {
    bounded_delivery!(zoo::if_instead_of_while_bounded, 1, 2);
}

pub fn lost_handoff() {
    rendezvous_receiver_leaves!(zoo::lost_handoff);
}

pub fn receiver_drop_no_notify() {
    receiver_leaves_while_full!(zoo::receiver_drop_no_notify, 1, 0);
}

pub fn rendezvous_notify_one() {
    bounded_delivery!(zoo::rendezvous_notify_one, 0, 1);
}

pub fn flag_after_wait() {
    bounded_delivery!(zoo::flag_after_wait, 1, 2);
}

// --- the stages of the fast channel -----------------------------------------------------------------

/// The programs step 4's models run, for one bounded stage of the fast channel: each stage is checked
/// by exactly the models of the step it changes.
macro_rules! bounded_stage {
    ($stage:ident) => {
        pub mod $stage {
            use super::*;

            pub fn receiver_leaves_while_full_taking_0() {
                receiver_leaves_while_full!(mailslot_steps::fast::$stage, 1, 0);
            }
            pub fn receiver_leaves_while_full_taking_1() {
                receiver_leaves_while_full!(mailslot_steps::fast::$stage, 1, 1);
            }
            pub fn two_senders_rendezvous() {
                bounded_delivery!(mailslot_steps::fast::$stage, 0, 1);
            }
            pub fn rendezvous_receiver_leaves() {
                rendezvous_receiver_leaves!(mailslot_steps::fast::$stage);
            }
        }
    };
}

bounded_stage!(notify_only_a_sleeper);
bounded_stage!(waker_uncounts);
bounded_stage!(yield_before_sleeping);

/// Step 2's programs, for the batch-draining stage (unbounded).
pub mod batch_drain {
    use super::*;

    pub fn last_sender() {
        last_sender_leaves!(mailslot_steps::fast::batch_drain);
    }
    pub fn receiver_leaves() {
        receiver_leaves!(mailslot_steps::fast::batch_drain);
    }
}

// --- traces -----------------------------------------------------------------------------------------

/// Turns a failing execution's journal into numbered steps, ending with what went wrong.
pub fn render(events: &[Event], failure: &str) -> String {
    let channels = events.iter().map(|e| e.queues.len()).max().unwrap_or(0);
    // With a single channel, `not_empty#1` is simply `not_empty`.
    let name = |condvar: &str| -> String {
        if channels <= 1 {
            condvar.trim_end_matches("#1").to_string()
        } else {
            condvar.to_string()
        }
    };
    let clean = |what: &str| -> String {
        let mut what = what.to_string();
        for n in 1..=channels {
            for field in ["not_empty", "not_full", "cond"] {
                what = what.replace(&format!("{field}#{n}"), &name(&format!("{field}#{n}")));
            }
        }
        what
    };
    let width = events
        .iter()
        .map(|e| e.thread.len())
        .max()
        .unwrap_or(4)
        .max(6);
    let what_width = events
        .iter()
        .map(|e| clean(&e.what).len())
        .max()
        .unwrap_or(10)
        .max(9);
    let mut out = format!(
        "step  {:width$}  {:what_width$}  {}\n",
        "thread", "operation", "afterwards"
    );
    for (i, event) in events.iter().enumerate() {
        let queues: Vec<String> = event
            .queues
            .iter()
            .enumerate()
            .map(|(n, queue)| {
                let label = if channels <= 1 {
                    "queue".to_string()
                } else {
                    format!("queue#{}", n + 1)
                };
                format!("{label} [{}]", queue.join(", "))
            })
            .collect();
        let mut after = queues.join("  ");
        if !event.asleep.is_empty() {
            let asleep: Vec<String> = event
                .asleep
                .iter()
                .map(|(who, on)| format!("{who} on {}", name(on)))
                .collect();
            after += &format!("  asleep: {}", asleep.join(", "));
        }
        let line = format!(
            "{:>4}  {:width$}  {:what_width$}  {}",
            i + 1,
            event.thread,
            clean(&event.what),
            after
        );
        out += line.trim_end();
        out.push('\n');
    }
    out += &format!("what went wrong: {}\n", explain(events, failure));
    out
}

/// One sentence on what the failure means.
fn explain(events: &[Event], failure: &str) -> String {
    match Property::from_failure(failure) {
        Some(Property::Hang) => {
            let asleep = events.last().map(|e| e.asleep.clone()).unwrap_or_default();
            let who: Vec<String> = asleep.iter().map(|(who, _)| who.clone()).collect();
            if who.is_empty() {
                "hang: no thread can ever run again".to_string()
            } else {
                format!(
                    "hang: {} asleep, and no thread is left that could wake {}",
                    who.join(" and "),
                    if who.len() == 1 { "it" } else { "them" }
                )
            }
        }
        _ => failure
            .lines()
            .next()
            .unwrap_or(failure)
            .trim_start_matches(VIOLATED)
            .to_string(),
    }
}
