//! Step 3: misuse made impossible by types. `channel()` returns one `Sender` and one `Receiver`;
//! `send(self)` and `receive(self)` consume them, so each runs at most once, and no runtime flag is
//! needed for that.

// ANCHOR: all
use std::mem::MaybeUninit;

use crate::sync::Ordering::{Acquire, Relaxed, Release};
use crate::sync::{Arc, AtomicBool, UnsafeCell};

struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    ready: AtomicBool,
}

unsafe impl<T: Send> Sync for Channel<T> {}

// ANCHOR: types
pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
}

pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        ready: AtomicBool::new(false),
    });
    (
        Sender {
            channel: channel.clone(),
        },
        Receiver { channel },
    )
}
// ANCHOR_END: types

// ANCHOR: methods
impl<T> Sender<T> {
    /// `self`, not `&self`: after one send the sender is gone.
    pub fn send(self, message: T) {
        self.channel
            .message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        self.channel.ready.store(true, Release);
    }
}

impl<T> Receiver<T> {
    pub fn is_ready(&self) -> bool {
        self.channel.ready.load(Relaxed)
    }

    /// Takes the message, or hands the receiver back if it has not arrived yet.
    pub fn try_receive(self) -> Result<T, Receiver<T>> {
        // Clearing `ready` is what tells `Drop` the message is gone.
        if self
            .channel
            .ready
            .compare_exchange(true, false, Acquire, Relaxed)
            .is_err()
        {
            return Err(self);
        }
        Ok(self
            .channel
            .message
            .with(|slot| unsafe { (*slot).assume_init_read() }))
    }
}
// ANCHOR_END: methods

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // The last `Arc` is being dropped: the other owner is gone, and `Arc` ordered its uses
        // before this drop. Relaxed is enough.
        if self.ready.load(Relaxed) {
            self.message
                .with_mut(|slot| unsafe { (*slot).assume_init_drop() });
        }
    }
}
// ANCHOR_END: all
