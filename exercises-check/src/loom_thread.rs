//! `thread` under `--cfg loom`: loom's threads, with each spawn noted in [`crate::record`], and a
//! `scope` that loom lacks, so that a learner who writes `thread::scope` as the book teaches is
//! checked like anyone else.

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

pub use loom::thread::{JoinHandle, Thread, ThreadId, current, park, yield_now};

use crate::record;

pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let number = record::spawned();
    loom::thread::spawn(move || {
        let note = record::NotePanic(format!("#{number}"));
        let value = f();
        drop(note);
        value
    })
}

/// loom's `Builder`, noting each spawn.
#[derive(Debug, Default)]
pub struct Builder(Option<String>);

impl Builder {
    pub fn new() -> Builder {
        Builder(None)
    }

    pub fn name(self, name: String) -> Builder {
        Builder(Some(name))
    }

    pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let number = record::spawned();
        let label = self.0.clone().unwrap_or_else(|| format!("#{number}"));
        let builder = loom::thread::Builder::new();
        let builder = match self.0 {
            Some(name) => builder.name(name),
            None => builder,
        };
        builder.spawn(move || {
            let note = record::NotePanic(label);
            let value = f();
            drop(note);
            value
        })
    }
}

/// A scoped thread's handle, shared by the scope (which joins it at the end) and the
/// `ScopedJoinHandle` (which may join it first).
type SharedHandle = Arc<Mutex<Option<JoinHandle<()>>>>;

/// The threads of one `scope`, joined before `scope` returns.
pub struct Scope<'scope, 'env: 'scope> {
    running: Mutex<Vec<SharedHandle>>,
    _scope: PhantomData<&'scope mut &'scope ()>,
    _env: PhantomData<&'env mut &'env ()>,
}

pub struct ScopedJoinHandle<'scope, T> {
    handle: SharedHandle,
    result: Arc<Mutex<Option<T>>>,
    _scope: PhantomData<&'scope ()>,
}

/// std's `thread::scope`, on loom's threads: every thread spawned in the scope is joined before it
/// returns, so the threads may borrow from the caller.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    let scope = Scope {
        running: Mutex::new(Vec::new()),
        _scope: PhantomData,
        _env: PhantomData,
    };
    let result = f(&scope);
    let running = std::mem::take(&mut *scope.running.lock().unwrap_or_else(|e| e.into_inner()));
    for handle in running {
        let handle = handle.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(handle) = handle
            && handle.join().is_err()
        {
            panic!("a scoped thread panicked");
        }
    }
    result
}

impl<'scope> Scope<'scope, '_> {
    pub fn spawn<F, T>(&'scope self, f: F) -> ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let result = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&result);
        let body: Box<dyn FnOnce() + Send + 'scope> = Box::new(move || {
            let value = f();
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(value);
        });
        // SAFETY: `scope` joins this thread before it returns, so nothing the closure borrows
        // (all of it outlives 'scope) is gone while the thread runs. The same argument as std's.
        let body: Box<dyn FnOnce() + Send + 'static> = unsafe { std::mem::transmute(body) };
        let handle = Arc::new(Mutex::new(Some(spawn(body))));
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::clone(&handle));
        ScopedJoinHandle {
            handle,
            result,
            _scope: PhantomData,
        }
    }
}

impl<T> ScopedJoinHandle<'_, T> {
    pub fn join(self) -> std::thread::Result<T> {
        let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(handle) = handle {
            handle.join()?;
        }
        let value = self.result.lock().unwrap_or_else(|e| e.into_inner()).take();
        Ok(value.expect("a joined scoped thread has left its result"))
    }
}
