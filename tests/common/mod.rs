#![cfg(not(any(loom, shuttle)))]
//! Helpers shared by the test files: one way to build every channel flavour, and a way to wait until
//! another thread is really asleep inside a blocking call, without guessing with `sleep`.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc as std_mpsc};
use std::thread;

use mailslot::{Receiver, SendError, Sender, SyncSender, TrySendError};

/// Which constructor a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// `channel()`.
    Unbounded,
    /// `sync_channel(n)`; `Bounded(0)` is the rendezvous channel.
    Bounded(usize),
}

impl Flavour {
    /// How many messages can be sent without a receiver taking any (`None`: unlimited).
    pub fn capacity(self) -> Option<usize> {
        match self {
            Flavour::Unbounded => None,
            Flavour::Bounded(n) => Some(n),
        }
    }

    /// How many messages a test may send without blocking, up to `wanted`.
    pub fn fits(self, wanted: usize) -> usize {
        self.capacity().map_or(wanted, |cap| cap.min(wanted))
    }

    /// Builds a channel of this flavour.
    pub fn make<T>(self) -> (Tx<T>, Receiver<T>) {
        match self {
            Flavour::Unbounded => {
                let (tx, rx) = mailslot::channel();
                (Tx::Unbounded(tx), rx)
            }
            Flavour::Bounded(n) => {
                let (tx, rx) = mailslot::sync_channel(n);
                (Tx::Bounded(tx), rx)
            }
        }
    }
}

/// The sending half of either flavour, so one test body covers them all.
pub enum Tx<T> {
    /// From `channel()`.
    Unbounded(Sender<T>),
    /// From `sync_channel(n)`.
    Bounded(SyncSender<T>),
}

impl<T> Tx<T> {
    /// `Sender::send` or `SyncSender::send`.
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        match self {
            Tx::Unbounded(tx) => tx.send(msg),
            Tx::Bounded(tx) => tx.send(msg),
        }
    }

    /// `SyncSender::try_send`; an unbounded `Sender` has no `try_send`, so this is `send` for it,
    /// converted with std's own `From<SendError<T>> for TrySendError<T>`.
    pub fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        match self {
            Tx::Unbounded(tx) => tx.send(msg).map_err(TrySendError::from),
            Tx::Bounded(tx) => tx.try_send(msg),
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

/// A handle on a thread that lets another thread see whether it is asleep in the kernel.
///
/// On Linux this reads `/proc/self/task/<tid>/stat`: state `S` means the thread sleeps in a system
/// call. The tests only ask after the watched thread has announced that its next step is one
/// blocking channel call, so `S` then means "blocked in that call" (a condvar or mutex wait is a
/// futex sleep). Elsewhere the probe knows nothing and callers fall back to yielding for a while;
/// no assertion depends on which way it went, only how often the blocking path is exercised.
pub struct ThreadProbe {
    stat_path: Option<String>,
}

impl ThreadProbe {
    /// A probe for the calling thread.
    pub fn current() -> Self {
        // `/proc/thread-self` links to `<pid>/task/<tid>`.
        let stat_path = std::fs::read_link("/proc/thread-self")
            .ok()
            .map(|link| format!("/proc/{}/stat", link.display()));
        ThreadProbe { stat_path }
    }

    /// `Some(true)` if the thread is asleep in the kernel, `Some(false)` if it is not (or has
    /// exited), `None` if this platform cannot tell.
    pub fn is_asleep(&self) -> Option<bool> {
        let path = self.stat_path.as_ref()?;
        let Ok(stat) = std::fs::read_to_string(path) else {
            return Some(false); // the thread has exited
        };
        // "tid (name) S ...": the name may contain spaces and parentheses, so look after the last ')'.
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next());
        Some(state == Some("S"))
    }

    /// Returns once the thread is asleep or `done()` holds (it got past the blocking call).
    pub fn wait_until_asleep_or(&self, done: impl Fn() -> bool) {
        let mut spins = 0u32;
        loop {
            if done() {
                return;
            }
            match self.is_asleep() {
                Some(true) => return,
                Some(false) => {}
                // No way to look: give the other thread plenty of chances to get there.
                None if spins >= 10_000 => return,
                None => {}
            }
            spins += 1;
            thread::yield_now();
        }
    }
}

/// Runs `blocking` on a new scoped thread and returns once that thread is blocked inside it (or has
/// finished it). The thread announces itself just before the call, so "asleep" means "in the call".
pub fn spawn_blocked<'scope, 'env, R: Send + 'scope>(
    scope: &'scope thread::Scope<'scope, 'env>,
    blocking: impl FnOnce() -> R + Send + 'scope,
) -> thread::ScopedJoinHandle<'scope, R> {
    let (probe_tx, probe_rx) = std_mpsc::channel();
    let handle = scope.spawn(move || {
        probe_tx.send(ThreadProbe::current()).unwrap();
        blocking()
    });
    let probe = probe_rx.recv().unwrap();
    probe.wait_until_asleep_or(|| handle.is_finished());
    handle
}

/// A message that counts how often it is dropped, per id, so a test can check "exactly once".
pub struct Counted {
    pub id: usize,
    drops: Arc<DropLog>,
}

/// How often each `Counted` id was dropped.
pub struct DropLog {
    counts: Vec<AtomicUsize>,
}

impl DropLog {
    /// A log for ids `0..n`.
    pub fn new(n: usize) -> Arc<Self> {
        Arc::new(DropLog {
            counts: (0..n).map(|_| AtomicUsize::new(0)).collect(),
        })
    }

    /// A message with this id, logged here when dropped.
    pub fn message(self: &Arc<Self>, id: usize) -> Counted {
        Counted {
            id,
            drops: Arc::clone(self),
        }
    }

    /// Drop count per id.
    pub fn counts(&self) -> Vec<usize> {
        self.counts
            .iter()
            .map(|c| c.load(Ordering::SeqCst))
            .collect()
    }

    /// Total drops.
    pub fn total(&self) -> usize {
        self.counts().iter().sum()
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.drops.counts[self.id].fetch_add(1, Ordering::SeqCst);
    }
}

impl fmt::Debug for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Counted({})", self.id)
    }
}

impl PartialEq for Counted {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// Whether this platform lets [`ThreadProbe`] see that a thread sleeps (Linux: yes).
pub fn probe_works() -> bool {
    ThreadProbe::current().is_asleep().is_some()
}
