//! loom's `Condvar` with what loom lacks: `wait_while`, and a registry so that a check can wake
//! every condition variable of the learner's code for no reason ([`wake_everyone`]), a spurious
//! wake-up that real condition variables may produce and loom never does.

use std::sync::{Arc, LockResult, Mutex as StdMutex};

use loom::sync::MutexGuard;

/// The condition variables created in the current execution (cleared by `model::check`).
static CREATED: StdMutex<Vec<Arc<loom::sync::Condvar>>> = StdMutex::new(Vec::new());

pub(crate) fn forget_all() {
    CREATED.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// Wakes every waiter of every condition variable created so far in this execution, for no
/// reason: a spurious wake-up. Correct code waits in a loop and goes back to sleep.
pub fn wake_everyone() {
    let all: Vec<Arc<loom::sync::Condvar>> =
        CREATED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for condvar in all {
        condvar.notify_all();
    }
}

#[derive(Debug)]
pub struct Condvar(Arc<loom::sync::Condvar>);

impl Default for Condvar {
    fn default() -> Self {
        Condvar::new()
    }
}

impl Condvar {
    pub fn new() -> Condvar {
        let inner = Arc::new(loom::sync::Condvar::new());
        CREATED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::clone(&inner));
        Condvar(inner)
    }

    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        self.0.wait(guard)
    }

    /// std's `wait_while`: waits as long as `condition` holds, re-checking after every wake-up.
    pub fn wait_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: F,
    ) -> LockResult<MutexGuard<'a, T>>
    where
        F: FnMut(&mut T) -> bool,
    {
        while condition(&mut *guard) {
            guard = self.0.wait(guard)?;
        }
        Ok(guard)
    }

    pub fn notify_one(&self) {
        self.0.notify_one();
    }

    pub fn notify_all(&self) {
        self.0.notify_all();
    }
}
