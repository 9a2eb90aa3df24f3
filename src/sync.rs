//! The one place that decides which `Mutex` and `Condvar` the channel uses.
//!
//! A normal build uses `std::sync`. Under `--cfg loom` or `--cfg shuttle` the same channel code runs on
//! the model checker's primitives, so every lock, wait and notify becomes a point where the checker can
//! switch threads. No other file names std, loom or shuttle primitives directly.

#[cfg(all(loom, shuttle))]
compile_error!("choose one model checker: build with --cfg loom or with --cfg shuttle, not both");

#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};

#[cfg(shuttle)]
pub(crate) use shuttle::sync::{Condvar, Mutex, MutexGuard};

#[cfg(not(any(loom, shuttle)))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};

// `Arc` stays std's in every world: it has no blocking points worth exploring, and loom's own `Arc`
// aborts the whole test binary when a deadlocked model unwinds.
pub(crate) use std::sync::Arc;

/// Whether this thread is unwinding out of a failed loom model.
///
/// When loom finds a deadlock or a failed assertion, it unwinds every model thread outside of any
/// execution. A `Drop` impl that touches a loom lock then panics a second time, which aborts the whole
/// test binary and hides loom's report. The channel's `Drop` impls skip their bookkeeping in that case:
/// the execution is over, nobody will look at the channel again. Outside loom this is always false, so
/// a panicking thread still closes the channel cleanly, exactly like std.
pub(crate) fn unwinding_out_of_a_model() -> bool {
    cfg!(loom) && std::thread::panicking()
}

// Giving up the processor for a moment before deciding to sleep (see `YIELDS_BEFORE_SLEEP` in chan.rs).
#[cfg(loom)]
pub(crate) use loom::thread::yield_now;
#[cfg(shuttle)]
pub(crate) use shuttle::thread::yield_now;
#[cfg(not(any(loom, shuttle)))]
pub(crate) use std::thread::yield_now;
