//! Step 1: an unsafe one-shot slot. One message goes into an `UnsafeCell<MaybeUninit<T>>`; an
//! `AtomicBool` says when it is there. The caller keeps every promise the types do not: send at
//! most once, receive at most once and only after `is_ready` said yes.

// ANCHOR: all
use std::mem::MaybeUninit;

use crate::sync::Ordering::{Acquire, Release};
use crate::sync::{AtomicBool, UnsafeCell};

// ANCHOR: channel
pub struct Channel<T> {
    /// The message: uninitialised until `send` writes it.
    message: UnsafeCell<MaybeUninit<T>>,
    /// Set by `send` once the message is written.
    ready: AtomicBool,
}

// Shared between a sending and a receiving thread: the message moves from one to the other, so it
// must be `Send`. The methods' safety contracts keep the two threads' accesses apart.
unsafe impl<T: Send> Sync for Channel<T> {}
// ANCHOR_END: channel

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Channel<T> {
    pub fn new() -> Self {
        Channel {
            message: UnsafeCell::new(MaybeUninit::uninit()),
            ready: AtomicBool::new(false),
        }
    }

    // ANCHOR: send
    /// # Safety
    /// Call at most once.
    pub unsafe fn send(&self, message: T) {
        // Nobody reads the cell before `ready` is true, and nobody else writes it.
        self.message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        // Release: the write above happens-before any Acquire load that sees `true`.
        self.ready.store(true, Release);
    }
    // ANCHOR_END: send

    // ANCHOR: receive
    /// Whether the message is there. `true` also makes the write of the message visible to this
    /// thread (Acquire pairs with `send`'s Release).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Acquire)
    }

    /// # Safety
    /// Call at most once, and only after `is_ready` returned `true`.
    pub unsafe fn receive(&self) -> T {
        // The Acquire in `is_ready` ordered `send`'s write before this read.
        self.message
            .with(|slot| unsafe { (*slot).assume_init_read() })
    }
    // ANCHOR_END: receive
}
// ANCHOR_END: all
