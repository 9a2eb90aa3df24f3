//! Support for the mailslot exercises: what the learner's code `use`s, and what the checks use.
//!
//! The learner's files write `use mailslot_exercises::{mpsc, thread};` (and, when they build their
//! own channel, `use mailslot_exercises::sync::{Condvar, Mutex};`). In a normal build those are std's
//! threads and locks and the mailslot channel. The checks of the concurrency exercises are built with
//! `--cfg loom`, and then threads, locks and condition variables are loom's: every lock, wait,
//! notify, send and receive becomes a point where loom may switch threads, and [`model::check`] runs
//! the check once for every schedule loom explores (within a preemption budget, see `model`).
//!
//! What the facade adds to what the learner sees, and why:
//! - [`mpsc`] is mailslot's channel with a note of who sent and received each message
//!   ([`record`]), so a check can tell "the spawned thread sent it through the channel" from "the
//!   answer was computed, or typed in, on the calling thread";
//! - [`thread`] under loom adds `thread::scope` (loom has no scoped threads) and notes each spawn;
//! - [`sync::Condvar`] under loom adds `wait_while` (loom's lacks it) and can be woken for nothing by
//!   [`sync::wake_everyone`], a spurious wake-up at a moment loom chooses: loom never produces one,
//!   so without it an `if` around a wait would pass.

pub mod model;
pub mod mpsc;
pub mod record;

/// Threads: `std::thread` normally; under `--cfg loom`, loom's threads plus a `scope`.
#[cfg(not(loom))]
pub use std::thread;

#[cfg(loom)]
#[path = "loom_thread.rs"]
pub mod thread;

/// The locks and condition variables for the exercises that build a channel: std's normally,
/// loom's under `--cfg loom`. `Arc` stays std's in both worlds: it has no blocking points worth
/// exploring, and loom's `Arc` aborts the whole test when a deadlocked model unwinds.
pub mod sync {
    pub use std::sync::Arc;

    #[cfg(not(loom))]
    pub use std::sync::{Condvar, Mutex, MutexGuard, atomic};

    /// Does nothing outside the model checker: real condition variables may wake spuriously anyway.
    #[cfg(not(loom))]
    pub fn wake_everyone() {}

    #[cfg(loom)]
    pub use super::loom_sync::{Condvar, wake_everyone};

    /// `UnsafeCell` with loom's API (`with`, `with_mut`): loom's under `--cfg loom`, where an
    /// access not ordered after another thread's access fails the check ("causality violation").
    #[cfg(loom)]
    pub use loom::cell;

    /// `UnsafeCell` with loom's API (`with`, `with_mut`), on std's `UnsafeCell`.
    #[cfg(not(loom))]
    pub mod cell {
        #[derive(Debug, Default)]
        pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

        impl<T> UnsafeCell<T> {
            pub const fn new(value: T) -> UnsafeCell<T> {
                UnsafeCell(std::cell::UnsafeCell::new(value))
            }

            pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
                f(self.0.get())
            }

            pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
                f(self.0.get())
            }

            pub fn into_inner(self) -> T {
                self.0.into_inner()
            }
        }
    }
    #[cfg(loom)]
    pub use loom::sync::{Mutex, MutexGuard, atomic};
}

#[cfg(loom)]
#[path = "loom_sync.rs"]
mod loom_sync;

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

/// Declares `mod answer`: the learner's `exercises/NAME.rs`, or with `--cfg solution` the reference
/// `solutions/NAME.rs`. `cargo learn verify-catalogue` replaces this line with a catalogue variant.
/// The learner's warnings (unused variables, unused results) are NOT silenced: they often point
/// at the mistake.
#[macro_export]
macro_rules! answer {
    ($name:literal) => {
        // The checks need not call every public item (a helper the learner may write, `len`):
        // only dead-code warnings are allowed, the others are shown.
        #[cfg(not(solution))]
        #[allow(dead_code)]
        mod answer {
            include!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../exercises/",
                $name,
                ".rs"
            ));
        }
        #[cfg(solution)]
        #[allow(dead_code)]
        mod answer {
            include!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../solutions/",
                $name,
                ".rs"
            ));
        }
    };
}

/// A number the learner cannot predict: different in every run of the checks (from the clock and
/// the process id), the same for every schedule of one run, so a failure stays reproducible within
/// the run. Checks pick their inputs with it, so a hard-coded answer cannot pass.
pub fn unpredictable(salt: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::OnceLock;
    static SEED: OnceLock<u64> = OnceLock::new();
    let seed = *SEED.get_or_init(|| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        h.finish()
    });
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write_u64(seed);
    h.write_u64(salt);
    h.finish()
}

/// `unpredictable(salt)` in `low..high`.
pub fn pick(salt: u64, low: u64, high: u64) -> u64 {
    low + unpredictable(salt) % (high - low)
}
