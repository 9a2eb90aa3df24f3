//! The one-shot's facade: the one file that names std, loom or shuttle.
//!
//! A normal build uses std's atomics, `Arc` and `thread` unchanged, and an `UnsafeCell` with loom's
//! closure-based interface (`with` for reading, `with_mut` for writing) that compiles to a plain
//! pointer access. Under `--cfg loom` the same names are loom's: its atomics explore every value a
//! weak memory model allows a load to return, and its `UnsafeCell` panics with "Causality
//! violation" when two accesses to the cell are not ordered by happens-before. Under `--cfg shuttle`
//! they are shuttle's (which explores schedules, not memory orderings: its cell is std's).
//!
//! In both model builds every atomic operation, cell access, park and unpark is also written to the
//! [`journal`]: the record of the current execution that the zoo's tests print as a trace when a
//! model fails.

#[cfg(all(loom, shuttle))]
compile_error!("choose one model checker: build with --cfg loom or with --cfg shuttle, not both");

#[cfg(not(any(loom, shuttle)))]
pub use std::sync::Arc;
#[cfg(not(any(loom, shuttle)))]
pub use std::sync::atomic::AtomicBool;
#[cfg(not(any(loom, shuttle)))]
pub use std::thread;

// Loom's `Arc`, not std's: the last owner's drop must be ordered after every other owner's use of
// the channel (that is what makes dropping an unreceived message safe), and only loom's `Arc` shows
// loom that ordering.
#[cfg(loom)]
pub use loom::sync::Arc;
#[cfg(shuttle)]
pub use shuttle::sync::Arc;

#[cfg(any(loom, shuttle))]
pub use recorded::{AtomicBool, thread};

pub use std::sync::atomic::Ordering;

/// `UnsafeCell` with loom's interface. In std builds a zero-cost wrapper around
/// `std::cell::UnsafeCell`.
#[cfg(not(loom))]
#[derive(Debug)]
pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub const fn new(data: T) -> Self {
        UnsafeCell(std::cell::UnsafeCell::new(data))
    }

    /// Reads through a shared pointer to the contents.
    #[track_caller]
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        #[cfg(shuttle)]
        journal::note(&format!(
            "reads the {}",
            recorded::name_at(std::panic::Location::caller(), "cell")
        ));
        f(self.0.get())
    }

    /// Writes through a mutable pointer to the contents.
    #[track_caller]
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        #[cfg(shuttle)]
        journal::note(&format!(
            "writes the {}",
            recorded::name_at(std::panic::Location::caller(), "cell")
        ));
        f(self.0.get())
    }
}

/// loom's `UnsafeCell`, which checks every access against the happens-before relation, plus a
/// journal entry for each access.
#[cfg(loom)]
#[derive(Debug)]
pub struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);

#[cfg(loom)]
impl<T> UnsafeCell<T> {
    #[track_caller]
    pub fn new(data: T) -> Self {
        UnsafeCell(loom::cell::UnsafeCell::new(data))
    }

    #[track_caller]
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        let what = recorded::name_at(std::panic::Location::caller(), "cell");
        // Recorded first: if loom finds the access unordered, it panics inside `with`, and the
        // trace should show the access that it refused.
        journal::note(&format!("reads the {what}"));
        self.0.with(f)
    }

    #[track_caller]
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        let what = recorded::name_at(std::panic::Location::caller(), "cell");
        journal::note(&format!("writes the {what}"));
        self.0.with_mut(f)
    }
}

/// What happened in the current model execution, in order. Outside model runs every function here
/// does nothing.
pub mod journal {
    /// One thing a thread did.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Event {
        /// The thread's name (`main` for the model's main thread).
        pub thread: String,
        /// What it did: `store ready = true (Release)`, `reads the message`, `parks`, ...
        pub what: String,
    }

    include!("../../steps/src/journal_outside_models.rs");
}

/// The recording wrappers, for model builds only.
#[cfg(any(loom, shuttle))]
mod recorded {
    use std::panic::Location;
    use std::sync::PoisonError;
    use std::sync::atomic::Ordering;

    #[cfg(loom)]
    use loom::sync::atomic as inner_atomic;
    #[cfg(loom)]
    use loom::thread as inner_thread;
    #[cfg(shuttle)]
    use shuttle::sync::atomic as inner_atomic;
    #[cfg(shuttle)]
    use shuttle::thread as inner_thread;

    use super::journal::Event;

    /// Plain std data, touched only between the checker's scheduling points (a model runs one
    /// thread at a time), so it never adds a schedule of its own.
    static EVENTS: std::sync::Mutex<Vec<Event>> = std::sync::Mutex::new(Vec::new());

    /// The current thread's name; the model's main thread is `main` under both checkers.
    fn me() -> String {
        match inner_thread::current().name() {
            None | Some("main-thread") => "main".to_string(),
            Some(name) => name.to_string(),
        }
    }

    pub fn begin() {
        EVENTS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    pub fn note(what: &str) {
        let event = Event {
            thread: me(),
            what: what.to_string(),
        };
        EVENTS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(event);
    }

    pub fn events() -> Vec<Event> {
        EVENTS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    include!("../../steps/src/source_line.rs");

    /// A field's name, read from the line that created it or used it: the word before the `:` of
    /// `ready: AtomicBool::new(false),`, or the word before `.with` in `self.message.with(...)`.
    pub fn name_at(location: &Location<'_>, fallback: &str) -> String {
        let line = source_line(location);
        let word = |s: &str| {
            let name = s.rsplit(['.', ' ', '(']).next().unwrap_or("").to_string();
            (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .then_some(name)
        };
        let before_with = line.find(".with").and_then(|at| word(&line[..at]));
        let before_colon = line
            .trim()
            .split_once(':')
            .and_then(|(field, _)| word(field.trim()));
        before_with
            .or(before_colon)
            .unwrap_or_else(|| fallback.to_string())
    }

    /// `AtomicBool` that tells the journal every load, store and swap, with the value and the
    /// ordering.
    pub struct AtomicBool {
        inner: inner_atomic::AtomicBool,
        name: String,
    }

    impl AtomicBool {
        #[track_caller]
        pub fn new(value: bool) -> Self {
            AtomicBool {
                inner: inner_atomic::AtomicBool::new(value),
                name: name_at(Location::caller(), "flag"),
            }
        }

        pub fn load(&self, order: Ordering) -> bool {
            let value = self.inner.load(order);
            note(&format!("load {} -> {value} ({order:?})", self.name));
            value
        }

        pub fn store(&self, value: bool, order: Ordering) {
            self.inner.store(value, order);
            note(&format!("store {} = {value} ({order:?})", self.name));
        }

        pub fn swap(&self, value: bool, order: Ordering) -> bool {
            let old = self.inner.swap(value, order);
            note(&format!(
                "swap {} = {value} -> was {old} ({order:?})",
                self.name
            ));
            old
        }

        pub fn compare_exchange(
            &self,
            current: bool,
            new: bool,
            success: Ordering,
            failure: Ordering,
        ) -> Result<bool, bool> {
            let result = self.inner.compare_exchange(current, new, success, failure);
            note(&match result {
                Ok(_) => format!(
                    "compare_exchange {} {current} -> {new}: done ({success:?})",
                    self.name
                ),
                Err(actual) => format!(
                    "compare_exchange {} {current} -> {new}: fails, it is {actual} ({failure:?})",
                    self.name
                ),
            });
            result
        }
    }

    /// The checker's `thread`, with `park` and `unpark` recorded.
    pub mod thread {
        pub use super::inner_thread::{Builder, JoinHandle, spawn, yield_now};
        use super::{inner_thread, note};

        /// Blocks until this thread's token is made available (or returns at once if it is).
        pub fn park() {
            note("parks");
            inner_thread::park();
            note("returns from park");
        }

        pub fn current() -> Thread {
            Thread(inner_thread::current())
        }

        /// A handle to a thread, for unparking it.
        #[derive(Clone, Debug)]
        pub struct Thread(inner_thread::Thread);

        impl Thread {
            pub fn unpark(&self) {
                self.0.unpark();
                let whom = match self.0.name() {
                    None | Some("main-thread") => "main",
                    Some(name) => name,
                };
                note(&format!("unpark {whom}"));
            }

            pub fn name(&self) -> Option<&str> {
                self.0.name()
            }
        }
    }
}
