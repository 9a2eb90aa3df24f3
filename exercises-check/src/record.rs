//! What happened in the current execution of a check: who sent and received messages through the
//! facade's [`crate::mpsc`], and how many threads were spawned. A check reads it to tell "the work
//! went through the channel, from a spawned thread" from an answer computed (or typed in) on the
//! calling thread, which would otherwise return the same value.
//!
//! One global record is enough: loom runs a model's threads as coroutines on one OS thread, and
//! `cargo learn` runs an exercise's checks one at a time. [`crate::model::check`] starts a fresh record
//! for every execution.

use std::sync::Mutex;

use crate::thread::{self, ThreadId};

#[derive(Clone, Debug, Default)]
pub struct Record {
    /// The thread that started the execution: the check's own, "main".
    pub main: Option<ThreadId>,
    /// Messages sent from main, and from other threads.
    pub sent_by_main: usize,
    pub sent_by_others: usize,
    /// Messages received on main, and on other threads.
    pub received_by_main: usize,
    pub received_by_others: usize,
    /// Threads spawned by anyone (the check's helpers included) through the facade.
    pub spawned: usize,
    /// Per thread other than main: messages received minus messages sent since. A worker that has
    /// received a job and not yet sent its result is busy with it.
    pub outstanding: Vec<(ThreadId, usize)>,
    /// The most threads other than main that were busy at the same moment.
    pub busy_max: usize,
}

static RECORD: Mutex<Option<Record>> = Mutex::new(None);

fn with<R>(f: impl FnOnce(&mut Record) -> R) -> R {
    let mut slot = RECORD.lock().unwrap_or_else(|e| e.into_inner());
    f(slot.get_or_insert_with(Record::default))
}

/// Starts a fresh record, with the calling thread as main.
pub fn begin() {
    let main = thread::current().id();
    with(|r| {
        *r = Record {
            main: Some(main),
            ..Record::default()
        }
    });
}

/// A copy of what was recorded so far in this execution.
pub fn now() -> Record {
    with(|r| r.clone())
}

fn on_main() -> bool {
    let me = thread::current().id();
    with(|r| r.main.is_none_or(|main| main == me))
}

pub(crate) fn sent() {
    let main = on_main();
    let me = thread::current().id();
    with(|r| {
        if main {
            r.sent_by_main += 1
        } else {
            r.sent_by_others += 1;
            if let Some(entry) = r.outstanding.iter_mut().find(|(id, _)| *id == me) {
                entry.1 = entry.1.saturating_sub(1);
            }
        }
    });
}

pub(crate) fn received() {
    let main = on_main();
    let me = thread::current().id();
    with(|r| {
        if main {
            r.received_by_main += 1
        } else {
            r.received_by_others += 1;
            match r.outstanding.iter_mut().find(|(id, _)| *id == me) {
                Some(entry) => entry.1 += 1,
                None => r.outstanding.push((me, 1)),
            }
            let busy = r.outstanding.iter().filter(|(_, n)| *n > 0).count();
            r.busy_max = r.busy_max.max(busy);
        }
    });
}

#[cfg_attr(not(loom), allow(dead_code))]
/// Notes a spawn; refuses one that loom could not model, with a message instead of loom's assertion.
pub(crate) fn spawned() -> usize {
    let spawned = with(|r| {
        r.spawned += 1;
        r.spawned
    });
    if spawned > crate::model::MAX_SPAWNED {
        panic!(
            "invariant violated: this check's threads and yours add up to {spawned} spawned threads, \
             but the model checker (loom) follows at most {}. Spawn fewer threads.",
            crate::model::MAX_SPAWNED
        );
    }
    spawned
}

// Only the model checker's reports name the thread that panicked.
#[cfg_attr(not(loom), allow(dead_code))]
/// The first thread that panicked in this run of a check, as `#N` (the N-th spawned in its
/// execution, 0 for the check's own thread) or by its name.
static PANICKED: Mutex<Option<String>> = Mutex::new(None);

#[cfg_attr(not(loom), allow(dead_code))]
pub(crate) fn forget_panicked() {
    *PANICKED.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

#[cfg_attr(not(loom), allow(dead_code))]
pub(crate) fn panicked_thread() -> Option<String> {
    PANICKED.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Dropped at the end of a thread's body: if that is an unwind, notes which thread it was.
#[cfg_attr(not(loom), allow(dead_code))]
pub(crate) struct NotePanic(pub String);

#[cfg_attr(not(loom), allow(dead_code))]
impl Drop for NotePanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut slot = PANICKED.lock().unwrap_or_else(|e| e.into_inner());
            if slot.is_none() {
                *slot = Some(self.0.clone());
            }
        }
    }
}
