//! The scenarios that both model checkers run, written once.
//!
//! A scenario is a small concurrent program that uses the channel and checks, as it goes and at the
//! end, every promise the channel makes. `loom_models.rs` and `shuttle_models.rs` only decide how a
//! scenario is explored: loom explores interleavings within a preemption budget, shuttle samples
//! many at random. Threads come from `thread`, which is loom's or shuttle's, so every lock, wait and
//! notify inside the channel is a point where the checker may switch threads.
//!
//! Everything the scenario itself keeps track of (counters, drop counts, the journal) uses plain
//! `std` types. The checkers do not see those, so they add no interleavings of their own; they are
//! the test's notebook, not part of the program under test.
//!
//! Every failed check panics with a message that starts with "invariant violated:".

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};

use mailslot::{
    Receiver, RecvTimeoutError, SendError, Sender, SyncSender, TryRecvError, TrySendError,
};

#[cfg(loom)]
pub use loom::thread;
#[cfg(shuttle)]
pub use shuttle::thread;

// ---------------------------------------------------------------------------------------------------
// The channel under test, in any of its flavours
// ---------------------------------------------------------------------------------------------------

/// Which kind of channel a scenario opens.
#[derive(Clone, Copy, Debug)]
pub enum Flavor {
    /// `channel()`: no bound.
    Unbounded,
    /// `sync_channel(n)`; `Bounded(0)` is the rendezvous channel.
    Bounded(usize),
}

impl Flavor {
    fn capacity(self) -> Option<usize> {
        match self {
            Flavor::Unbounded => None,
            Flavor::Bounded(n) => Some(n),
        }
    }

    fn open<T>(self) -> (Tx<T>, Receiver<T>) {
        match self {
            Flavor::Unbounded => {
                let (tx, rx) = mailslot::channel();
                (Tx::Unbounded(tx), rx)
            }
            Flavor::Bounded(n) => {
                let (tx, rx) = mailslot::sync_channel(n);
                (Tx::Bounded(tx), rx)
            }
        }
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flavor::Unbounded => write!(f, "unbounded"),
            Flavor::Bounded(0) => write!(f, "rendezvous"),
            Flavor::Bounded(n) => write!(f, "bounded({n})"),
        }
    }
}

/// Either sending handle, so one scenario body serves `channel()` and `sync_channel(n)` alike.
enum Tx<T> {
    Unbounded(Sender<T>),
    Bounded(SyncSender<T>),
}

impl<T> Tx<T> {
    fn send(&self, msg: T) -> Result<(), SendError<T>> {
        match self {
            Tx::Unbounded(tx) => tx.send(msg),
            Tx::Bounded(tx) => tx.send(msg),
        }
    }
}

impl<T> Clone for Tx<T> {
    fn clone(&self) -> Self {
        match self {
            Tx::Unbounded(tx) => Tx::Unbounded(tx.clone()),
            Tx::Bounded(tx) => Tx::Bounded(tx.clone()),
        }
    }
}

/// How the consumer takes messages. Each way must deliver every message exactly once, each
/// producer's in the order sent, and end only when every sender is gone.
#[derive(Clone, Copy, Debug)]
pub enum Receive {
    /// `for msg in &rx`, i.e. `recv()` until it fails.
    Iter,
    /// `try_recv()` in a loop, calling `thread::yield_now()` on `Empty` (without the yield, loom
    /// would see an endless spin and stop at its branch limit).
    TrySpin,
    /// `recv_timeout(t)` until it reports `Disconnected`. Neither checker has a clock that moves,
    /// and their `wait_timeout` never times out, so this proves only that a timed receive delivers
    /// like `recv` does. Whether it really returns `Timeout` once the time is up is a timing
    /// property, left to the ordinary tests.
    Timeout(Duration),
}

impl fmt::Display for Receive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Receive::Iter => write!(f, "for msg in &rx"),
            Receive::TrySpin => write!(f, "try_recv + yield_now"),
            Receive::Timeout(t) if *t == Duration::MAX => write!(f, "recv_timeout(Duration::MAX)"),
            Receive::Timeout(t) => write!(f, "recv_timeout({t:?})"),
        }
    }
}

/// The consumer's loop as an iterator, so every scenario can write `for msg in messages(&rx, how)`.
fn messages(rx: &Receiver<Msg>, how: Receive) -> Box<dyn Iterator<Item = Msg> + '_> {
    match how {
        Receive::Iter => Box::new(rx.iter()),
        Receive::TrySpin => Box::new(std::iter::from_fn(move || {
            loop {
                match rx.try_recv() {
                    Ok(msg) => return Some(msg),
                    Err(TryRecvError::Disconnected) => return None,
                    Err(TryRecvError::Empty) => thread::yield_now(),
                }
            }
        })),
        Receive::Timeout(timeout) => Box::new(std::iter::from_fn(move || {
            let called = Instant::now();
            match rx.recv_timeout(timeout) {
                Ok(msg) => Some(msg),
                Err(RecvTimeoutError::Disconnected) => None,
                Err(RecvTimeoutError::Timeout) => {
                    let waited = called.elapsed();
                    assert!(
                        waited >= timeout,
                        "invariant violated: recv_timeout({timeout:?}) reported Timeout after \
                         only {waited:?}"
                    );
                    panic!(
                        "the model ran longer than its own timeout of {timeout:?}: use a longer one"
                    )
                }
            }
        })),
    }
}

// ---------------------------------------------------------------------------------------------------
// Messages that can be traced, and the test's notebook
// ---------------------------------------------------------------------------------------------------

/// Names one message: which producer sent it and its place in that producer's sequence.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Tag {
    producer: usize,
    seq: usize,
}

impl Tag {
    #[cfg_attr(shuttle, allow(dead_code))] // only the loom runner computes orders independently
    /// Message number `seq` of `producer` (both from 0).
    pub fn new(producer: usize, seq: usize) -> Self {
        Tag { producer, seq }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p{}#{}", self.producer, self.seq)
    }
}

/// A message. Its `Drop` counts in the ledger, so the scenario can prove that every message is
/// dropped exactly once, wherever that happens: by the consumer, by a producer that got it back in a
/// `SendError`, or inside the channel when the receiver leaves before taking it.
pub struct Msg {
    tag: Tag,
    ledger: Arc<Ledger>,
}

impl Drop for Msg {
    fn drop(&mut self) {
        let drops = self.ledger.drops[self.ledger.index(self.tag)].fetch_add(1, SeqCst) + 1;
        assert!(
            drops == 1,
            "invariant violated: {} was dropped {drops} times",
            self.tag
        );
    }
}

/// What the scenario knows about one execution.
struct Ledger {
    capacity: Option<usize>,
    per_producer: usize,
    /// Which messages were made, and how often each has been dropped, indexed by `Ledger::index`.
    created: Vec<AtomicBool>,
    drops: Vec<AtomicUsize>,
    /// Sends that have returned `Ok`, counted by the producers right after `send` returns.
    sends_returned: AtomicUsize,
    /// Receive calls the consumer has begun (see `Ledger::receive_begins`).
    receives_begun: AtomicUsize,
    /// Producers that are done sending; each counts itself just before dropping its sender.
    producers_done: AtomicUsize,
    /// Set just before the consumer drops its `Receiver`, and once that drop has returned.
    receiver_dropping: AtomicBool,
    receiver_gone: AtomicBool,
}

impl Ledger {
    fn new(flavor: Flavor, producers: usize, per_producer: usize) -> Arc<Self> {
        Arc::new(Ledger {
            capacity: flavor.capacity(),
            per_producer,
            created: (0..producers * per_producer)
                .map(|_| AtomicBool::new(false))
                .collect(),
            drops: (0..producers * per_producer)
                .map(|_| AtomicUsize::new(0))
                .collect(),
            sends_returned: AtomicUsize::new(0),
            receives_begun: AtomicUsize::new(0),
            producers_done: AtomicUsize::new(0),
            receiver_dropping: AtomicBool::new(false),
            receiver_gone: AtomicBool::new(false),
        })
    }

    fn index(&self, tag: Tag) -> usize {
        tag.producer * self.per_producer + tag.seq
    }

    fn message(self: &Arc<Self>, producer: usize, seq: usize) -> Msg {
        let tag = Tag { producer, seq };
        self.created[self.index(tag)].store(true, SeqCst);
        Msg {
            tag,
            ledger: Arc::clone(self),
        }
    }

    /// The consumer is about to ask the channel for the next message.
    fn receive_begins(&self) {
        self.receives_begun.fetch_add(1, SeqCst);
    }

    /// A producer's `send` has just returned `Ok`: check that the channel never held more than its
    /// capacity.
    ///
    /// The queue is private, so this is judged from outside, with two counters chosen so that the
    /// check can never fire on a correct channel:
    /// - every send counted in `sends_returned` has already pushed its message, so at least that
    ///   many messages have gone in;
    /// - a bounded channel hands out at most one message each time the consumer asks for the next
    ///   one (`recv`, or a `try_recv` spin until it gets one), and the consumer counts each ask in
    ///   `receives_begun` before making it, so at most that many messages have come out. (An
    ///   unbounded channel may hand a whole batch to the receiver at once: no capacity to check.)
    ///
    /// So at the moment the last of the counted messages went in, the queue held at least
    /// `sends_returned - receives_begun` messages (the receiver is still there: a send that finds it
    /// gone fails), and a correct bounded channel keeps that at or below its capacity. For a
    /// rendezvous channel (capacity 0) it says: a send returns only after the receiver has taken
    /// its message.
    ///
    /// The check looks only at moments where the difference grows: it can only go up when a send
    /// returns. Because the model checkers switch threads only at their own operations, counting
    /// right after `send` returns is as good as counting inside it.
    fn send_returned_ok(&self) {
        let returned = self.sends_returned.fetch_add(1, SeqCst) + 1;
        let begun = self.receives_begun.load(SeqCst);
        match self.capacity {
            None => {}
            Some(0) => assert!(
                returned <= begun,
                "invariant violated: {returned} rendezvous sends have returned, but the receiver \
                 has asked for only {begun} messages: a send returned before its message was taken"
            ),
            Some(capacity) => assert!(
                returned <= begun + capacity,
                "invariant violated: {returned} sends have returned, but the receiver has asked for \
                 only {begun} messages: the channel held more than its capacity of {capacity}"
            ),
        }
    }

    /// A producer is done sending and is about to drop its sender.
    fn producer_done(&self) {
        self.producers_done.fetch_add(1, SeqCst);
    }

    /// The receive loop has ended: the channel said "disconnected". That is only allowed once every
    /// sender is gone (each producer counts itself *before* dropping its sender, so after the last
    /// drop all of them have been counted).
    fn check_disconnect_is_real(&self, producers: usize) {
        let done = self.producers_done.load(SeqCst);
        assert!(
            done == producers,
            "invariant violated: the receiver saw the channel disconnected while {} of {producers} \
             producers were still sending",
            producers - done
        );
    }

    /// At the end, with every thread joined and both ends dropped: every message that was made
    /// has been dropped exactly once (none leaked, none dropped twice).
    fn check_every_message_dropped_once(&self) {
        for (index, drops) in self.drops.iter().enumerate() {
            let tag = Tag {
                producer: index / self.per_producer,
                seq: index % self.per_producer,
            };
            let expected = usize::from(self.created[index].load(SeqCst));
            let drops = drops.load(SeqCst);
            assert!(
                drops == expected,
                "invariant violated: {tag} was dropped {drops} times, expected {expected}"
            );
        }
    }
}

/// Every producer's messages arrived exactly once each, in the order that producer sent them.
fn check_fifo_exactly_once(received: &[Tag], producers: usize, per_producer: usize) {
    for producer in 0..producers {
        let seqs: Vec<usize> = received
            .iter()
            .filter(|t| t.producer == producer)
            .map(|t| t.seq)
            .collect();
        let expected: Vec<usize> = (0..per_producer).collect();
        assert!(
            seqs == expected,
            "invariant violated: producer {producer}'s messages arrived as {seqs:?}, expected \
             {expected:?} (each exactly once, in the order sent); everything received: {received:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------------
// The journal: a readable trace of a failing execution
// ---------------------------------------------------------------------------------------------------

// What each thread did in the current execution, printed when the execution fails. Both checkers
// run all of a model's threads as coroutines on the test's own OS thread, so a thread-local holds
// exactly one execution's events, even when tests run in parallel.
thread_local! {
    static JOURNAL: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Starts a new execution's journal, and makes sure that a failure prints it.
fn begin_execution() {
    static PRINT_JOURNAL_ON_PANIC: Once = Once::new();
    PRINT_JOURNAL_ON_PANIC.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            report(info);
            // Loom ends its coroutines by unwinding them with a payload of its own; only a panic
            // with a message (a failed check, or loom's or shuttle's "deadlock") is a failure.
            let payload = info.payload();
            if !(payload.is::<&str>() || payload.is::<String>()) {
                return;
            }
            let events = JOURNAL
                .try_with(|journal| {
                    journal
                        .try_borrow_mut()
                        .map(|mut j| std::mem::take(&mut *j))
                })
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default();
            if !events.is_empty() {
                eprintln!("what the threads did in this execution, in order:");
                for event in events {
                    eprintln!("    {event}");
                }
            }
        }));
    });
    JOURNAL.with(|journal| journal.borrow_mut().clear());
}

/// Records one event, for example `note("producer-1", format_args!("send({tag}) returned Ok"))`.
/// Blocking calls get a note before ("calls ...") and after ("... returned"): in a deadlock, a
/// thread's last note says where it is stuck.
fn note(who: &str, what: fmt::Arguments<'_>) {
    JOURNAL.with(|journal| journal.borrow_mut().push(format!("{who}: {what}")));
}

fn spawn_named<T: Send + 'static>(
    name: String,
    body: impl FnOnce() -> T + Send + 'static,
) -> thread::JoinHandle<T> {
    thread::Builder::new()
        .name(name)
        .spawn(body)
        .expect("the model checker spawns threads")
}

// ---------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------

/// `producers` threads each send `per_producer` tagged messages; the consumer (the model's main
/// thread) receives them `how` until the channel reports that every sender is gone.
///
/// Proves, in every execution explored:
/// - no message is lost or duplicated, and each producer's messages arrive in the order sent;
/// - every send succeeds (the receiver is alive throughout);
/// - the receive loop ends, and only once every sender is gone and every message is in;
/// - a bounded channel never holds more than its capacity, and a rendezvous send returns only
///   after its message was taken (see `Ledger::send_returned_ok`);
/// - every message is dropped exactly once, and every thread finishes.
///
/// Returns the order in which the messages arrived, so a runner can count the distinct orders.
pub fn deliver_all(
    flavor: Flavor,
    producers: usize,
    per_producer: usize,
    how: Receive,
) -> Vec<Tag> {
    begin_execution();
    let ledger = Ledger::new(flavor, producers, per_producer);
    let (tx, rx) = flavor.open();

    let handles: Vec<_> = (0..producers)
        .map(|producer| {
            let (tx, ledger) = (tx.clone(), Arc::clone(&ledger));
            let name = format!("producer-{producer}");
            spawn_named(name.clone(), move || {
                for seq in 0..per_producer {
                    let msg = ledger.message(producer, seq);
                    let tag = msg.tag;
                    note(&name, format_args!("calls send({tag})"));
                    if let Err(SendError(msg)) = tx.send(msg) {
                        panic!(
                            "invariant violated: send({}) failed while the receiver was alive",
                            msg.tag
                        );
                    }
                    note(&name, format_args!("send({tag}) returned Ok"));
                    ledger.send_returned_ok();
                }
                ledger.producer_done();
                note(&name, format_args!("drops its sender"));
                drop(tx);
            })
        })
        .collect();
    // The main thread's own sender must go too, or the loop below could never end.
    drop(tx);

    let mut received = Vec::new();
    note("consumer", format_args!("waits for a message ({how})"));
    ledger.receive_begins();
    for msg in messages(&rx, how) {
        note("consumer", format_args!("received {}", msg.tag));
        received.push(msg.tag);
        drop(msg);
        if flavor.capacity().is_some() {
            // The consumer is busy with the message for a moment. Without this yield there would be
            // no switch point between one receive returning and the next beginning, so the checker
            // could never run the producers while the consumer holds a message and has not asked
            // for the next: exactly when a bounded channel that overfills is caught by
            // `send_returned_ok`. (An unbounded channel cannot overfill; there the checker's budget
            // goes to schedules where the consumer sleeps.)
            thread::yield_now();
        }
        ledger.receive_begins();
    }
    note("consumer", format_args!("saw the channel disconnected"));
    ledger.check_disconnect_is_real(producers);
    check_fifo_exactly_once(&received, producers, per_producer);

    // Once disconnected, it stays so, for every way of receiving.
    assert!(
        matches!(rx.try_recv(), Err(TryRecvError::Disconnected)) && rx.recv().is_err(),
        "invariant violated: a disconnected, empty channel did not stay disconnected"
    );
    for handle in handles {
        handle.join().expect("producers do not panic");
    }
    drop(rx);
    ledger.check_every_message_dropped_once();
    received
}

/// What `try_send_delivers` saw, for the runners' coverage checks.
pub struct TrySends {
    /// `try_send` calls that returned `Ok`.
    pub ok: usize,
    /// `try_send` calls that reported `Full` (and handed the message back).
    pub full: usize,
}

/// `producers` threads each hand `per_producer` tagged messages to `sync_channel(capacity)`: first
/// with `try_send`, and when that reports `Full`, with `send`. The consumer receives them all with
/// `recv`. (A producer that retried `try_send` in a loop would spin, and loom would stop at its
/// branch limit; falling back to `send` covers both of `try_send`'s answers without spinning.)
///
/// Proves, in every execution explored:
/// - `try_send` never reports `Disconnected` while the receiver is alive, and `Full` hands back the
///   very message it was given;
/// - no message is lost or duplicated, and each producer's messages arrive in the order sent;
/// - the channel never holds more than its capacity; for a rendezvous channel a `try_send` returns
///   `Ok` only once the receiver has asked for the message (it succeeds only when the receiver is
///   asleep in `recv`, and that receiver then takes it);
/// - every message is dropped exactly once, and every thread finishes (no lost wake-up).
pub fn try_send_delivers(capacity: usize, producers: usize, per_producer: usize) -> TrySends {
    begin_execution();
    let flavor = Flavor::Bounded(capacity);
    let ledger = Ledger::new(flavor, producers, per_producer);
    let (tx, rx) = mailslot::sync_channel::<Msg>(capacity);

    let handles: Vec<_> = (0..producers)
        .map(|producer| {
            let (tx, ledger) = (tx.clone(), Arc::clone(&ledger));
            let name = format!("producer-{producer}");
            spawn_named(name.clone(), move || {
                let (mut ok, mut full) = (0, 0);
                for seq in 0..per_producer {
                    let msg = ledger.message(producer, seq);
                    let tag = msg.tag;
                    note(&name, format_args!("calls try_send({tag})"));
                    match tx.try_send(msg) {
                        Ok(()) => {
                            note(&name, format_args!("try_send({tag}) returned Ok"));
                            ok += 1;
                        }
                        Err(TrySendError::Full(back)) => {
                            note(&name, format_args!("try_send({tag}) returned Full"));
                            assert!(
                                back.tag == tag,
                                "invariant violated: try_send({tag}) was Full and handed back {}",
                                back.tag
                            );
                            full += 1;
                            note(&name, format_args!("calls send({tag})"));
                            if tx.send(back).is_err() {
                                panic!("invariant violated: send({tag}) failed while the receiver was alive");
                            }
                            note(&name, format_args!("send({tag}) returned Ok"));
                        }
                        Err(TrySendError::Disconnected(back)) => panic!(
                            "invariant violated: try_send({}) reported Disconnected while the \
                             receiver was alive",
                            back.tag
                        ),
                    }
                    ledger.send_returned_ok();
                }
                ledger.producer_done();
                note(&name, format_args!("drops its sender"));
                drop(tx);
                (ok, full)
            })
        })
        .collect();
    drop(tx);

    let mut received = Vec::new();
    loop {
        ledger.receive_begins();
        note("consumer", format_args!("calls recv()"));
        let Ok(msg) = rx.recv() else { break };
        note("consumer", format_args!("received {}", msg.tag));
        received.push(msg.tag);
        drop(msg);
        // Busy with the message for a moment: a switch point between one receive and the next.
        thread::yield_now();
    }
    note("consumer", format_args!("saw the channel disconnected"));
    ledger.check_disconnect_is_real(producers);
    check_fifo_exactly_once(&received, producers, per_producer);
    let (mut ok, mut full) = (0, 0);
    for handle in handles {
        let (o, f) = handle.join().expect("producers do not panic");
        ok += o;
        full += f;
    }
    drop(rx);
    ledger.check_every_message_dropped_once();
    TrySends { ok, full }
}

/// The receiver is (in many executions) already asleep in `recv` when the senders leave: every
/// producer but the last drops its sender without sending; the last one sends one message, then
/// drops its sender.
///
/// Proves that `recv` returns that one message, then fails (rather than sleeping forever) once
/// the last sender is gone, and fails only then; and that `try_recv` and `recv_timeout` agree.
pub fn last_sender_leaves(flavor: Flavor, producers: usize) {
    begin_execution();
    let ledger = Ledger::new(flavor, producers, 1);
    let (tx, rx) = flavor.open();
    let last = producers - 1;

    let handles: Vec<_> = (0..producers)
        .map(|producer| {
            let (tx, ledger) = (tx.clone(), Arc::clone(&ledger));
            let name = format!("producer-{producer}");
            spawn_named(name.clone(), move || {
                if producer == last {
                    let msg = ledger.message(producer, 0);
                    let tag = msg.tag;
                    note(&name, format_args!("calls send({tag})"));
                    assert!(
                        tx.send(msg).is_ok(),
                        "invariant violated: send({tag}) failed while the receiver was alive"
                    );
                    note(&name, format_args!("send({tag}) returned Ok"));
                    ledger.send_returned_ok();
                }
                ledger.producer_done();
                note(&name, format_args!("drops its sender"));
                drop(tx);
            })
        })
        .collect();
    drop(tx);

    let expected = Tag {
        producer: last,
        seq: 0,
    };
    note("consumer", format_args!("calls recv()"));
    ledger.receive_begins();
    match rx.recv() {
        Ok(msg) => {
            note("consumer", format_args!("received {}", msg.tag));
            assert!(
                msg.tag == expected,
                "invariant violated: received {}, expected {expected}",
                msg.tag
            );
        }
        Err(_) => panic!("invariant violated: recv failed before {expected} arrived"),
    }

    note("consumer", format_args!("calls recv() again"));
    ledger.receive_begins();
    if let Ok(msg) = rx.recv() {
        panic!("invariant violated: received {} from nowhere", msg.tag);
    }
    note("consumer", format_args!("saw the channel disconnected"));
    ledger.check_disconnect_is_real(producers);
    assert!(
        matches!(rx.try_recv(), Err(TryRecvError::Disconnected))
            && matches!(
                rx.recv_timeout(Duration::from_secs(3600)),
                Err(RecvTimeoutError::Disconnected)
            ),
        "invariant violated: try_recv or recv_timeout disagree with recv about disconnection"
    );

    for handle in handles {
        handle.join().expect("producers do not panic");
    }
    drop(rx);
    ledger.check_every_message_dropped_once();
}

/// What `receiver_leaves_early` saw, for the runners' coverage checks.
pub struct Departure {
    /// Sends that were already under way when the receiver began to leave, and came back with
    /// `SendError`: the "sender blocked while the receiver drops" case (for bounded channels).
    pub failed_in_flight: usize,
}

/// The consumer receives `keep` messages and then drops the `Receiver`, while `producers` threads
/// keep sending up to `per_producer` messages each.
///
/// Proves, in every execution explored:
/// - `send` fails exactly when the receiver is gone: never before it starts to leave, always once it
///   has left, and never again succeeds after one failure;
/// - a failed send hands back the very message it was given;
/// - nothing is lost: every message is received, returned in a `SendError`, or (accepted but never
///   received) dropped with the channel, and every message is dropped exactly once;
/// - messages accepted but never received fit in the capacity (none for a rendezvous channel,
///   whose sends return only once their message was taken);
/// - what was received is, per producer, the first messages it sent, in order;
/// - no sender stays blocked when the receiver goes (every thread finishes).
pub fn receiver_leaves_early(
    flavor: Flavor,
    producers: usize,
    per_producer: usize,
    keep: usize,
) -> Departure {
    assert!(
        keep <= producers * per_producer,
        "cannot receive more than is sent"
    );
    begin_execution();
    let ledger = Ledger::new(flavor, producers, per_producer);
    let (tx, rx) = flavor.open();

    let handles: Vec<_> = (0..producers)
        .map(|producer| {
            let (tx, ledger) = (tx.clone(), Arc::clone(&ledger));
            let name = format!("producer-{producer}");
            spawn_named(name.clone(), move || {
                // For each message: was it accepted (`true`) or handed back (`false`)?
                let mut accepted = Vec::new();
                let mut failed_in_flight = 0;
                for seq in 0..per_producer {
                    let msg = ledger.message(producer, seq);
                    let tag = msg.tag;
                    let receiver_was_gone = ledger.receiver_gone.load(SeqCst);
                    let receiver_was_leaving = ledger.receiver_dropping.load(SeqCst);
                    note(&name, format_args!("calls send({tag})"));
                    match tx.send(msg) {
                        Ok(()) => {
                            note(&name, format_args!("send({tag}) returned Ok"));
                            assert!(
                                !receiver_was_gone,
                                "invariant violated: send({tag}) succeeded after the receiver was dropped"
                            );
                            assert!(
                                !accepted.contains(&false),
                                "invariant violated: send({tag}) succeeded after an earlier send failed"
                            );
                            ledger.send_returned_ok();
                            accepted.push(true);
                        }
                        Err(SendError(back)) => {
                            note(&name, format_args!("send({tag}) returned Err({})", back.tag));
                            assert!(
                                ledger.receiver_dropping.load(SeqCst),
                                "invariant violated: send({tag}) failed while the receiver was alive"
                            );
                            assert!(
                                back.tag == tag,
                                "invariant violated: send({tag}) failed and handed back {}",
                                back.tag
                            );
                            if !receiver_was_leaving {
                                failed_in_flight += 1;
                            }
                            accepted.push(false);
                            drop(back);
                        }
                    }
                }
                ledger.producer_done();
                note(&name, format_args!("drops its sender"));
                drop(tx);
                (accepted, failed_in_flight)
            })
        })
        .collect();
    drop(tx);

    let mut received = Vec::new();
    for _ in 0..keep {
        ledger.receive_begins();
        note("consumer", format_args!("calls recv()"));
        // Producers keep sending until a send fails, and no send fails while we are here, so
        // there is always a message to come.
        let Ok(msg) = rx.recv() else {
            panic!("invariant violated: recv failed although producers were still sending");
        };
        note("consumer", format_args!("received {}", msg.tag));
        received.push(msg.tag);
    }
    note("consumer", format_args!("drops the receiver"));
    ledger.receiver_dropping.store(true, SeqCst);
    drop(rx);
    ledger.receiver_gone.store(true, SeqCst);
    note("consumer", format_args!("has dropped the receiver"));

    let mut failed_in_flight = 0;
    let mut accepted_not_received = 0;
    for (producer, handle) in handles.into_iter().enumerate() {
        let (accepted, failed) = handle.join().expect("producers do not panic");
        failed_in_flight += failed;
        let accepted = accepted.iter().take_while(|&&ok| ok).count();
        let got: Vec<usize> = received
            .iter()
            .filter(|t| t.producer == producer)
            .map(|t| t.seq)
            .collect();
        assert!(
            got == (0..got.len()).collect::<Vec<_>>() && got.len() <= accepted,
            "invariant violated: from producer {producer}, which had {accepted} messages accepted, \
             the receiver got {got:?}: it must be the first ones, in order, each once"
        );
        accepted_not_received += accepted - got.len();
    }
    // Accepted but never received means: still queued when the receiver left, all at once.
    if let Some(capacity) = flavor.capacity() {
        assert!(
            accepted_not_received <= capacity,
            "invariant violated: {accepted_not_received} accepted messages were never received, \
             more than the capacity of {capacity} (a rendezvous send must not return Ok untaken)"
        );
    }
    ledger.check_every_message_dropped_once();
    Departure { failed_in_flight }
}
