// SOLUTION
// Exercise 6: back-pressure with sync_channel
//
// Teaches: `sync_channel(n)` holds at most `n` messages; a full channel makes `send` wait (that is
//   back-pressure: a fast producer is slowed to the consumer's pace) and `try_send` answer `Full`
//   at once, handing the message back.
// Read first: book/src/working/bounded.md
// After it you can: bound the memory a producer can fill, and refuse work politely when busy.
//
// Task: `mailbox` makes a channel that holds at most CAPACITY jobs; `offer` tries to hand over one
// job without waiting and says what happened.

use mailslot_exercises::mpsc::{self, Receiver, SyncSender, TrySendError};

pub const CAPACITY: usize = 2;

#[derive(Debug, PartialEq, Eq)]
pub enum Offer {
    /// The job is in the channel.
    Accepted,
    /// The channel is full: here is the job back, try later.
    Busy(u32),
    /// The receiver is gone: here is the job back, nobody will ever take it.
    Closed(u32),
}

pub fn mailbox() -> (SyncSender<u32>, Receiver<u32>) {
    mpsc::sync_channel(CAPACITY)
}

pub fn offer(tx: &SyncSender<u32>, job: u32) -> Offer {
    match tx.try_send(job) {
        Ok(()) => Offer::Accepted,
        Err(TrySendError::Full(job)) => Offer::Busy(job),
        Err(TrySendError::Disconnected(job)) => Offer::Closed(job),
    }
}
