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

// How many times a waiting thread yields before it sleeps, under loom. Each model sets it for its own
// exploration; loom runs every thread of a model as a coroutine on the test's own OS thread, so a
// thread-local is exactly "this model's setting", even when tests run in parallel.
#[cfg(loom)]
thread_local! {
    static LOOM_YIELDS_BEFORE_SLEEP: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

#[cfg(loom)]
pub(crate) fn loom_yields_before_sleep() -> u32 {
    LOOM_YIELDS_BEFORE_SLEEP.with(std::cell::Cell::get)
}

#[cfg(not(loom))]
pub(crate) fn loom_yields_before_sleep() -> u32 {
    unreachable!("only loom builds ask")
}

/// Sets the yield count for the loom models that run on this thread (0 by default).
#[cfg(loom)]
pub(crate) fn set_loom_yields_before_sleep(yields: u32) {
    LOOM_YIELDS_BEFORE_SLEEP.with(|cell| cell.set(yields));
}
