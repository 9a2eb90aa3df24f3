//! Step 2: the same slot, safe to call. A second `send` hands its message back, a `receive` with
//! nothing there returns `None`, and a message nobody received is dropped with the channel: every
//! message is dropped exactly once.

// ANCHOR: all
use std::mem::MaybeUninit;

use crate::sync::Ordering::{Acquire, Relaxed, Release};
use crate::sync::{AtomicBool, UnsafeCell};

pub struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    /// Set by the first `send`: the slot is taken, for good.
    in_use: AtomicBool,
    /// The message is in the slot and nobody has taken it yet.
    ready: AtomicBool,
}

unsafe impl<T: Send> Sync for Channel<T> {}

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Channel<T> {
    pub fn new() -> Self {
        Channel {
            message: UnsafeCell::new(MaybeUninit::uninit()),
            in_use: AtomicBool::new(false),
            ready: AtomicBool::new(false),
        }
    }

    // ANCHOR: send
    /// Sends `message`, or hands it back if a message was already sent.
    pub fn send(&self, message: T) -> Result<(), T> {
        // Only one caller ever sees `false` here; it alone may write the slot. Relaxed: `in_use`
        // guards no data of its own, and the swap is atomic in any ordering.
        if self.in_use.swap(true, Relaxed) {
            return Err(message);
        }
        self.message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        self.ready.store(true, Release);
        Ok(())
    }
    // ANCHOR_END: send

    pub fn is_ready(&self) -> bool {
        self.ready.load(Relaxed)
    }

    // ANCHOR: receive
    /// Takes the message, if it is there.
    pub fn receive(&self) -> Option<T> {
        // One atomic step both checks and takes: of two callers, only one turns `true` into
        // `false`. Acquire: a `true` comes from `send`'s Release store, so its write of the slot is
        // visible here. (A `swap(false, Acquire)` means the same; see the book for why not here.)
        if self
            .ready
            .compare_exchange(true, false, Acquire, Relaxed)
            .is_err()
        {
            return None;
        }
        Some(
            self.message
                .with(|slot| unsafe { (*slot).assume_init_read() }),
        )
    }
    // ANCHOR_END: receive
}

// ANCHOR: drop
impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // `&mut self`: no other thread can touch the channel now, so Relaxed is enough (std would
        // let us write `*self.ready.get_mut()`; loom's atomics have no `get_mut`).
        if self.ready.load(Relaxed) {
            self.message
                .with_mut(|slot| unsafe { (*slot).assume_init_drop() });
        }
    }
}
// ANCHOR_END: drop
// ANCHOR_END: all
