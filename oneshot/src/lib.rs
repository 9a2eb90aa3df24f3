//! Below the Mutex: a one-shot channel built from an atomic flag, an `UnsafeCell` and
//! park/unpark, in the steps of the book's part "Below the Mutex" (after Rust Atomics and Locks,
//! chapter 5):
//! - [`step1`]: an unsafe slot: `UnsafeCell<MaybeUninit<T>>` and a `ready` flag, Release/Acquire;
//! - [`step2`]: safe to call: a second send hands its message back, an unreceived message is
//!   dropped exactly once;
//! - [`step3`]: misuse impossible by types: one `Sender`, one `Receiver`, both consumed;
//! - [`step4`]: a blocking `recv` with park/unpark, and disconnection.
//!
//! [`sync`] picks std, loom or shuttle and keeps the model journal; [`zoo`] holds the broken
//! variants, each a small diff against a step.

pub mod step1;
pub mod step2;
pub mod step3;
pub mod step4;
pub mod sync;
pub mod zoo;

pub use step4::{Receiver, RecvError, Sender, channel};
