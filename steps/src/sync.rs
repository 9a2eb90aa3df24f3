//! The steps' facade: the one file that names std, loom or shuttle.
//!
//! A normal build re-exports `std::sync` and `std::collections::VecDeque` unchanged, so the steps
//! cost nothing extra there (another part of the project benchmarks `step1`). Under `--cfg loom` or
//! `--cfg shuttle` the same names are thin wrappers around the checker's primitives that also write
//! every lock, unlock, wait, notify, push and pop to the [`journal`]: the record of the current
//! execution that the zoo's tests turn into a readable trace when a model fails.

#[cfg(all(loom, shuttle))]
compile_error!("choose one model checker: build with --cfg loom or with --cfg shuttle, not both");

#[cfg(not(any(loom, shuttle)))]
pub use std::collections::VecDeque;
#[cfg(not(any(loom, shuttle)))]
pub use std::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(any(loom, shuttle)))]
pub use std::thread;

#[cfg(loom)]
pub use loom::thread;
#[cfg(shuttle)]
pub use shuttle::thread;

#[cfg(any(loom, shuttle))]
pub use recorded::{Condvar, Mutex, MutexGuard, VecDeque};

// `Arc` stays std's in every world: it has no blocking points worth exploring, and loom's own `Arc`
// aborts the whole test binary when a deadlocked model unwinds.
pub use std::sync::Arc;

/// What happened in the current model execution, in order. Outside model runs every function here
/// does nothing.
pub mod journal {
    /// One thing a thread did, with the channel's state right after it.
    #[derive(Clone, Debug)]
    pub struct Event {
        /// The thread's name (`main` for the model's main thread).
        pub thread: String,
        /// What it did: `lock`, `push a1`, `wait not_empty`, ...
        pub what: String,
        /// The queue's contents after the event, oldest first, one entry per channel.
        pub queues: Vec<Vec<String>>,
        /// Who is asleep on which condvar after the event: `(thread, condvar)`.
        pub asleep: Vec<(String, String)>,
        /// The line of the steps' code that did it, when known (the play-the-scheduler games show
        /// each thread's line; an unlock at the end of a scope has none).
        pub at: Option<&'static std::panic::Location<'static>>,
    }

    include!("journal_outside_models.rs");
}

/// The recording wrappers, for model builds only.
#[cfg(any(loom, shuttle))]
mod recorded {
    use std::collections::VecDeque as StdDeque;
    use std::ops::{Deref, DerefMut};
    use std::panic::Location;
    use std::sync::{LockResult, PoisonError};

    #[cfg(loom)]
    use loom::sync as inner;
    #[cfg(shuttle)]
    use shuttle::sync as inner;

    use super::journal::Event;

    /// The journal itself: plain std data, touched only between the checker's scheduling points
    /// (models run their threads one at a time), so it never adds a schedule of its own.
    #[derive(Default)]
    struct Book {
        events: Vec<Event>,
        /// Message labels in each channel's queue, by channel number.
        queues: Vec<StdDeque<String>>,
        asleep: Vec<(String, String)>,
        /// How many messages each thread has pushed: its next one is `{thread}{count + 1}`.
        pushed: Vec<(String, usize)>,
    }

    static BOOK: std::sync::Mutex<Option<Book>> = std::sync::Mutex::new(None);

    fn with_book<R>(f: impl FnOnce(&mut Book) -> R) -> R {
        let mut book = BOOK.lock().unwrap_or_else(PoisonError::into_inner);
        f(book.get_or_insert_with(Book::default))
    }

    /// The current thread's name; the model's main thread is `main` under both checkers.
    fn me() -> String {
        match super::thread::current().name() {
            None | Some("main-thread") => "main".to_string(),
            Some(name) => name.to_string(),
        }
    }

    fn record(book: &mut Book, what: String, at: Option<&'static Location<'static>>) {
        let event = Event {
            thread: me(),
            what,
            queues: book
                .queues
                .iter()
                .map(|q| q.iter().cloned().collect())
                .collect(),
            asleep: book.asleep.clone(),
            at,
        };
        book.events.push(event);
    }

    pub fn begin() {
        *BOOK.lock().unwrap_or_else(PoisonError::into_inner) = Some(Book::default());
    }

    #[track_caller]
    pub fn note(what: &str) {
        let at = Location::caller();
        with_book(|book| record(book, what.to_string(), Some(at)));
    }

    pub fn events() -> Vec<Event> {
        with_book(|book| book.events.clone())
    }

    include!("source_line.rs");

    /// A condvar's name is the field it is stored in, read from the line that created it
    /// (`not_empty: Condvar::new(),` is called `not_empty`).
    fn name_at(location: &Location<'_>) -> String {
        let line = source_line(location);
        let name = line.trim().split(':').next().unwrap_or("").trim();
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            name.to_string()
        } else {
            "condvar".to_string()
        }
    }

    /// `VecDeque` that tells the journal what goes in and out. Messages are labelled by who sent
    /// them: the first message `a` pushes is `a1`, then `a2`, ...
    pub struct VecDeque<T> {
        items: StdDeque<T>,
        channel: usize,
    }

    impl<T> Default for VecDeque<T> {
        fn default() -> Self {
            Self::new()
        }
    }

    impl<T> VecDeque<T> {
        pub fn new() -> Self {
            let channel = with_book(|book| {
                book.queues.push(StdDeque::new());
                book.queues.len() - 1
            });
            VecDeque {
                items: StdDeque::new(),
                channel,
            }
        }

        pub fn len(&self) -> usize {
            self.items.len()
        }

        pub fn is_empty(&self) -> bool {
            self.items.is_empty()
        }

        #[track_caller]
        pub fn push_back(&mut self, msg: T) {
            let at = Location::caller();
            self.items.push_back(msg);
            with_book(|book| {
                let me = me();
                let count = match book.pushed.iter_mut().find(|(who, _)| *who == me) {
                    Some((_, count)) => {
                        *count += 1;
                        *count
                    }
                    None => {
                        book.pushed.push((me.clone(), 1));
                        1
                    }
                };
                let label = format!("{me}{count}");
                if let Some(queue) = book.queues.get_mut(self.channel) {
                    queue.push_back(label.clone());
                }
                record(book, format!("push {label}"), Some(at));
            });
        }

        #[track_caller]
        pub fn pop_front(&mut self) -> Option<T> {
            let at = Location::caller();
            let msg = self.items.pop_front()?;
            with_book(|book| {
                let label = book
                    .queues
                    .get_mut(self.channel)
                    .and_then(StdDeque::pop_front);
                record(book, format!("pop {}", label.unwrap_or_default()), Some(at));
            });
            Some(msg)
        }

        #[track_caller]
        pub fn clear(&mut self) {
            let at = Location::caller();
            let dropped = self.items.len();
            self.items.clear();
            with_book(|book| {
                if let Some(queue) = book.queues.get_mut(self.channel) {
                    queue.clear();
                }
                record(book, format!("drop {dropped} queued message(s)"), Some(at));
            });
        }

        #[track_caller]
        pub fn pop_back(&mut self) -> Option<T> {
            let at = Location::caller();
            let msg = self.items.pop_back()?;
            with_book(|book| {
                let label = book
                    .queues
                    .get_mut(self.channel)
                    .and_then(StdDeque::pop_back);
                record(
                    book,
                    format!("take back {}", label.unwrap_or_default()),
                    Some(at),
                );
            });
            Some(msg)
        }
    }

    impl<T> Drop for VecDeque<T> {
        fn drop(&mut self) {
            if !self.items.is_empty() {
                with_book(|book| {
                    if let Some(queue) = book.queues.get_mut(self.channel) {
                        queue.clear();
                    }
                    record(
                        book,
                        format!("drop {} queued message(s)", self.items.len()),
                        None,
                    );
                });
            }
        }
    }

    pub struct Mutex<T>(inner::Mutex<T>);

    pub struct MutexGuard<'a, T> {
        inner: Option<inner::MutexGuard<'a, T>>,
    }

    impl<T> Mutex<T> {
        pub fn new(value: T) -> Self {
            Mutex(inner::Mutex::new(value))
        }

        #[track_caller]
        pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
            let result = self.0.lock();
            note("lock");
            match result {
                Ok(guard) => Ok(MutexGuard { inner: Some(guard) }),
                Err(poisoned) => Err(PoisonError::new(MutexGuard {
                    inner: Some(poisoned.into_inner()),
                })),
            }
        }
    }

    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            self.inner.as_ref().expect("a guard holds its lock")
        }
    }

    impl<T> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.inner.as_mut().expect("a guard holds its lock")
        }
    }

    impl<T> Drop for MutexGuard<'_, T> {
        fn drop(&mut self) {
            if let Some(guard) = self.inner.take() {
                drop(guard);
                with_book(|book| record(book, "unlock".to_string(), None));
            }
        }
    }

    pub struct Condvar {
        inner: inner::Condvar,
        name: String,
    }

    impl Default for Condvar {
        #[track_caller]
        fn default() -> Self {
            Self::new()
        }
    }

    impl Condvar {
        #[track_caller]
        pub fn new() -> Self {
            // The queue is made before the condvars next to it: it numbers the channel. The trace
            // drops the `#1` when an execution has only one channel.
            let channel = with_book(|book| book.queues.len());
            let name = format!("{}#{channel}", name_at(Location::caller()));
            Condvar {
                inner: inner::Condvar::new(),
                name,
            }
        }

        // ANCHOR: journal_wait
        #[track_caller]
        pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            let held = guard.inner.take().expect("a guard holds its lock");
            let at = Some(Location::caller());
            with_book(|book| {
                book.asleep.push((me(), self.name.clone()));
                record(book, format!("wait on {} (unlocks, sleeps)", self.name), at);
            });
            let result = self.inner.wait(held);
            with_book(|book| {
                let me = me();
                book.asleep.retain(|(who, _)| *who != me);
                record(
                    book,
                    format!("wakes up on {} (locked again)", self.name),
                    at,
                );
            });
            match result {
                Ok(guard) => Ok(MutexGuard { inner: Some(guard) }),
                Err(poisoned) => Err(PoisonError::new(MutexGuard {
                    inner: Some(poisoned.into_inner()),
                })),
            }
        }
        // ANCHOR_END: journal_wait

        #[track_caller]
        pub fn notify_one(&self) {
            self.inner.notify_one();
            self.noted("notify_one");
        }

        #[track_caller]
        pub fn notify_all(&self) {
            self.inner.notify_all();
            self.noted("notify_all");
        }

        #[track_caller]
        fn noted(&self, how: &str) {
            let at = Some(Location::caller());
            with_book(|book| {
                let asleep = book
                    .asleep
                    .iter()
                    .filter(|(_, on)| *on == self.name)
                    .count();
                let what = if asleep == 0 {
                    format!("{how} {} (nobody asleep there: lost)", self.name)
                } else {
                    format!("{how} {}", self.name)
                };
                record(book, what, at);
            });
        }
    }
}
