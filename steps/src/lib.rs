//! The channel of the book's Part 3, built one step at a time, and the bug zoo of Part 4.
//!
//! Each step is a complete, compiled channel that the book includes by anchor:
//! - [`step1`]: a queue behind a mutex, and a condvar for the receiver to sleep on;
//! - [`step2`]: counting senders and the receiver: disconnection;
//! - [`step3`]: a capacity, and a second condvar for senders waiting for room;
//! - [`step4`]: capacity 0, the rendezvous;
//! - [`fast`]: the four speed changes, one stage at a time, each a small diff.
//!
//! The last step is the `mailslot` crate itself (`src/chan.rs`), not a copy of it. The [`zoo`]
//! holds the broken variants; [`sync`] picks std, loom or shuttle and keeps the model journal.

pub mod fast;
pub mod step1;
pub mod step2;
pub mod step3;
pub mod step4;
pub mod sync;
pub mod zoo;
