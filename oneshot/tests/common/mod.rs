//! What the one-shot's tests run: one small program per property, the same under std, loom and
//! shuttle, and the renderer that turns the journal of a failing execution into a numbered trace.
//!
//! Threads are named: `a` sends, the model's main thread receives (`b` receives when the receiver
//! is moved away). The message is a [`Msg`], which counts itself: a message dropped twice fails at
//! once, a message never dropped fails at the end of the execution.

#![allow(dead_code)]

/// The zoo tests' child process and loom's explorer, shared with the steps' model tests.
#[path = "../../../steps/tests/zoo/child.rs"]
pub mod child;
pub use child::spawn;

use std::sync::atomic::{AtomicIsize, Ordering::SeqCst};

use mailslot_oneshot::sync::Ordering::{Acquire, Release};
use mailslot_oneshot::sync::journal::{self, Event};
use mailslot_oneshot::sync::{Arc, AtomicBool, thread};
use mailslot_oneshot::{step1, step2, step3, step4, zoo};

/// Every invariant message starts with this, whichever property broke.
pub const VIOLATED: &str = "invariant violated: ";

/// Messages alive right now: created and not yet dropped. Plain std data, reset by [`begin`].
static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Messages created in this execution.
static CREATED: AtomicIsize = AtomicIsize::new(0);

/// The message. It has no bytes (reading a slot nobody wrote, as some exhibits do, reads nothing),
/// and it counts how many copies of it exist.
pub struct Msg {
    _only_made_by_new: (),
}

impl Msg {
    pub fn new() -> Msg {
        LIVE.fetch_add(1, SeqCst);
        CREATED.fetch_add(1, SeqCst);
        journal::note("creates the message");
        Msg {
            _only_made_by_new: (),
        }
    }
}

impl Drop for Msg {
    fn drop(&mut self) {
        let left = LIVE.fetch_sub(1, SeqCst) - 1;
        journal::note("drops the message");
        if CREATED.load(SeqCst) == 0 {
            panic!("{VIOLATED}a message was received before any was sent");
        }
        assert!(left >= 0, "{VIOLATED}a message was dropped twice");
    }
}

/// Call first in every execution.
pub fn begin() {
    journal::begin();
    LIVE.store(0, SeqCst);
    CREATED.store(0, SeqCst);
}

/// Call last in every execution, after every thread is joined and every channel dropped.
pub fn end() {
    let live = LIVE.load(SeqCst);
    assert!(
        live == 0,
        "{VIOLATED}a message was leaked: {live} never dropped"
    );
}

// --- step 1 ------------------------------------------------------------------------------------

// ANCHOR: step1_model
/// `a` sends; main waits until `is_ready` says yes, then receives. Each unsafe call keeps its
/// contract: one send, one receive, after `is_ready`.
macro_rules! step1_send_then_receive {
    ($chan:path) => {{
        use $chan as chan;
        begin();
        let channel = Arc::new(chan::Channel::<Msg>::new());
        let sender = channel.clone();
        let a = spawn("a", move || unsafe { sender.send(Msg::new()) });
        while !channel.is_ready() {
            thread::yield_now();
        }
        let message = unsafe { channel.receive() };
        journal::note("receive returns the message");
        drop(message);
        a.join().unwrap();
        drop(channel);
        end();
    }};
}
// ANCHOR_END: step1_model

pub fn step1() {
    step1_send_then_receive!(step1);
}

pub fn relaxed() {
    step1_send_then_receive!(zoo::relaxed);
}

// --- step 2 ------------------------------------------------------------------------------------

/// `a` sends (and tries to send a second message, which must come back); main calls `receive`
/// twice, at whatever moments the checker picks. At most one `receive` gets the message, and every
/// message is dropped exactly once: by main, by `a` (the refused second one) or by the channel.
macro_rules! step2_receive_twice {
    ($chan:path) => {{
        use $chan as chan;
        begin();
        let channel = Arc::new(chan::Channel::<Msg>::new());
        let sender = channel.clone();
        let a = spawn("a", move || {
            let first = sender.send(Msg::new());
            assert!(first.is_ok(), "{VIOLATED}the first send was refused");
            let second = sender.send(Msg::new());
            assert!(second.is_err(), "{VIOLATED}a second send was accepted");
            journal::note("the second send is refused");
        });
        let mut received = 0;
        for _ in 0..2 {
            if let Some(message) = channel.receive() {
                received += 1;
                journal::note("receive returns the message");
                drop(message);
            } else {
                journal::note("receive returns None");
            }
        }
        assert!(received <= 1, "{VIOLATED}one message was received twice");
        a.join().unwrap();
        drop(channel);
        end();
    }};
}

pub fn step2() {
    step2_receive_twice!(step2);
}

pub fn no_ready_check() {
    step2_receive_twice!(zoo::no_ready_check);
}

pub fn double_take() {
    step2_receive_twice!(zoo::double_take);
}

pub fn leaked() {
    step2_receive_twice!(zoo::leaked);
}

pub fn dropped_twice() {
    step2_receive_twice!(zoo::dropped_twice);
}

// --- step 3 ------------------------------------------------------------------------------------

/// `a` sends; main tries to receive once, and leaves if the message is not there yet.
pub fn step3() {
    begin();
    let (sender, receiver) = step3::channel::<Msg>();
    let a = spawn("a", move || sender.send(Msg::new()));
    match receiver.try_receive() {
        Ok(message) => {
            journal::note("try_receive returns the message");
            drop(message);
        }
        Err(receiver) => {
            journal::note("try_receive finds nothing; main drops the receiver");
            drop(receiver);
        }
    }
    a.join().unwrap();
    end();
}

// --- step 4 ------------------------------------------------------------------------------------

/// `a` sends; main waits in `recv` and must get the message.
macro_rules! step4_send_and_recv {
    ($chan:path) => {{
        use $chan as chan;
        begin();
        let (sender, receiver) = chan::channel::<Msg>();
        let a = spawn("a", move || sender.send(Msg::new()));
        let got = receiver.recv();
        assert!(
            got.is_ok(),
            "{VIOLATED}recv failed although a message was sent"
        );
        journal::note("recv returns the message");
        drop(got);
        a.join().unwrap();
        end();
    }};
}

pub fn step4_send() {
    step4_send_and_recv!(step4);
}

pub fn unpark_before_store() {
    step4_send_and_recv!(zoo::unpark_before_store);
}

/// `a` drops its sender without sending; main's `recv` must return `Err`.
pub fn step4_sender_leaves() {
    begin();
    let (sender, receiver) = step4::channel::<Msg>();
    let a = spawn("a", move || drop(sender));
    let got = receiver.recv();
    assert!(
        got.is_err(),
        "{VIOLATED}recv returned a message nobody sent"
    );
    journal::note("recv returns Err(RecvError)");
    a.join().unwrap();
    end();
}

/// `a` sends while main drops the receiver without receiving: the message is dropped once, by
/// whichever side lets go of the channel last.
///
/// Main waits for `a` by spinning on a flag, not in `join`: `send` unparks main, and loom 0.7 wakes
/// a thread blocked in `join` on any unpark, which breaks its `join` (std's `unpark` only ever
/// affects `park`). After `done`, `a` unparks nobody, and `join` is safe.
pub fn step4_receiver_leaves() {
    begin();
    let done = Arc::new(AtomicBool::new(false));
    let (sender, receiver) = step4::channel::<Msg>();
    let a = spawn("a", {
        let done = done.clone();
        move || {
            sender.send(Msg::new());
            done.store(true, Release);
        }
    });
    drop(receiver);
    journal::note("main drops the receiver");
    while !done.load(Acquire) {
        thread::yield_now();
    }
    a.join().unwrap();
    end();
}

/// Only for the exhibit whose receiver is `Send`: it moves to `b`, which waits in `recv`.
pub fn receiver_sent_away() {
    begin();
    let (sender, receiver) = zoo::receiver_sent_away::channel::<Msg>();
    let b = spawn("b", move || {
        let got = receiver.recv();
        assert!(
            got.is_ok(),
            "{VIOLATED}recv failed although a message was sent"
        );
        journal::note("recv returns the message");
    });
    let a = spawn("a", move || sender.send(Msg::new()));
    a.join().unwrap();
    b.join().unwrap();
    end();
}

// --- traces --------------------------------------------------------------------------------------

/// The journal as a numbered table, then what went wrong in one line.
pub fn render(events: &[Event], failure: &str) -> String {
    let width = events.iter().map(|e| e.what.len()).max().unwrap_or(0);
    let mut out = format!("step  thread  {:<width$}\n", "operation");
    for (i, event) in events.iter().enumerate() {
        out += format!("{:>4}  {:<6}  {}\n", i + 1, event.thread, event.what).trim_end();
        out.push('\n');
    }
    out += &format!("what went wrong: {}\n", explain(failure));
    out
}

/// One readable line for a failure: loom's own words for a causality violation or a deadlock, the
/// invariant's message otherwise.
pub fn explain(failure: &str) -> String {
    let first = failure.lines().next().unwrap_or("").trim();
    if let Some(rest) = first.strip_prefix(VIOLATED) {
        rest.to_string()
    } else if first.contains("Causality violation") {
        format!("loom: \"{first}\": the two accesses to the cell are not ordered by happens-before")
    } else if first.contains("deadlock") {
        "loom: deadlock: every thread left is parked, and no unpark will come".to_string()
    } else {
        first.to_string()
    }
}
