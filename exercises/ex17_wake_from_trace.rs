// STARTER
// Exercise 17: read the trace, fix the wake-up
//
// Teaches: reading a deadlock report back to the line at fault, and what `park`/`unpark` promise
//   (and what they do not).
// Read first: book/src/below/oneshot.md (step 4) and book/src/below/oneshot-zoo.md
// After it you can: write a blocking wait with park/unpark, and read a deadlock report back to
//   the line at fault.
//
// Task: this blocking one-shot channel passes every ordinary test, yet the checker finds an
// execution where the receiver sleeps forever although the message was sent. Read the report,
// find the line at fault and fix it.

use std::marker::PhantomData;
use std::mem::MaybeUninit;

use mailslot_exercises::sync::Arc;
use mailslot_exercises::sync::atomic::AtomicBool;
use mailslot_exercises::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use mailslot_exercises::sync::cell::UnsafeCell;
use mailslot_exercises::thread::{self, Thread};

struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    /// The message is in the slot and the receiver has not taken it.
    ready: AtomicBool,
    /// The sender was dropped without sending.
    disconnected: AtomicBool,
}

unsafe impl<T: Send> Sync for Channel<T> {}

pub struct Sender<T> {
    channel: Arc<Channel<T>>,
    /// The thread that created the channel: the only one that can hold the receiver.
    receiving_thread: Thread,
    sent: bool,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
    /// Neither `Send` nor `Sync`: the receiver stays on the thread the sender wakes.
    _stays_on_its_thread: PhantomData<*const ()>,
}

/// `recv` found the sender gone without a message.
#[derive(Debug, PartialEq, Eq)]
pub struct RecvError;

/// A one-shot channel whose receiver stays on the calling thread.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        ready: AtomicBool::new(false),
        disconnected: AtomicBool::new(false),
    });
    let sender = Sender {
        channel: channel.clone(),
        receiving_thread: thread::current(),
        sent: false,
    };
    let receiver = Receiver {
        channel,
        _stays_on_its_thread: PhantomData,
    };
    (sender, receiver)
}

impl<T> Sender<T> {
    pub fn send(mut self, message: T) {
        self.channel
            .message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        // Wake the receiver: the message is on its way.
        self.receiving_thread.unpark();
        self.channel.ready.store(true, Release);
        self.sent = true;
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if !self.sent {
            self.channel.disconnected.store(true, Release);
            self.receiving_thread.unpark();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for the message; `Err` if the sender was dropped without sending.
    pub fn recv(self) -> Result<T, RecvError> {
        loop {
            if self
                .channel
                .ready
                .compare_exchange(true, false, Acquire, Relaxed)
                .is_ok()
            {
                return Ok(self
                    .channel
                    .message
                    .with(|slot| unsafe { (*slot).assume_init_read() }));
            }
            if self.channel.disconnected.load(Acquire) {
                return Err(RecvError);
            }
            // `park` may return early (spuriously, or for an old token): the loop looks again.
            thread::park();
        }
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        if self.ready.load(Relaxed) {
            self.message
                .with_mut(|slot| unsafe { (*slot).assume_init_drop() });
        }
    }
}
