//! Support for the mailslot exercises: what the learner's code `use`s, and what the checks use.
//!
//! The learner's files write `use mailslot_exercises::thread;` (and, when they build their own
//! channel, `use mailslot_exercises::sync::{Condvar, Mutex};`). In a normal build those are std's. The
//! checks of the concurrency exercises are built with `--cfg loom`, and then they are loom's: every
//! lock, wait, notify, send and receive becomes a point where loom may switch threads, and [`model`]
//! runs the check once for every schedule (up to a preemption bound). A solution that loses a wake-up
//! in one schedule out of a thousand fails, every time, without a single `sleep`.

pub mod model;

/// Threads: `std::thread` normally, `loom::thread` under `--cfg loom`. Same `spawn`, `JoinHandle`,
/// `Builder` and `yield_now`.
#[cfg(not(loom))]
pub use std::thread;

#[cfg(loom)]
pub use loom::thread;

/// The locks and condition variables for the exercises that build a channel: std's normally,
/// loom's under `--cfg loom`. `Arc` stays std's in both worlds: it has no blocking points worth
/// exploring, and loom's `Arc` aborts the whole test when a deadlocked model unwinds.
pub mod sync {
    pub use std::sync::Arc;

    #[cfg(not(loom))]
    pub use std::sync::{Condvar, Mutex, MutexGuard};

    #[cfg(loom)]
    pub use loom::sync::{Condvar, Mutex, MutexGuard};
}

/// Fails the current check with a message that starts with `invariant violated:`, the fixed prefix
/// `cargo learn` looks for, so the learner sees which property broke, whichever one it was.
#[macro_export]
macro_rules! invariant {
    ($holds:expr, $($what:tt)+) => {
        if !$holds {
            panic!("invariant violated: {}", format_args!($($what)+));
        }
    };
}
