// Checks for exercise 07_send_moves (`cargo learn check 7`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built without `--cfg loom` (under loom this file compiles to nothing): see below why.
#![cfg(not(loom))]

mailslot_exercises::answer!("ex07_send_moves");

// Not model-checked: this exercise is about ownership, and one thread is enough to show it. A copy
// of the letter is found by counting the bytes allocated while `send_and_log` runs: a `clone()`, a
// `to_vec()` or a `to_string()` of the letter allocates at least its length again, while the log
// line and the channel need a few dozen bytes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use mailslot_exercises::{invariant, mpsc, pick};

struct Counting;

thread_local! {
    /// Bytes allocated on this thread while counting is on (`None`: off).
    static ALLOCATED: Cell<Option<usize>> = const { Cell::new(None) };
}

// SAFETY: every call is passed to the system allocator unchanged; only a thread-local count is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATED.try_with(|a| a.set(a.get().map(|n| n + layout.size())));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grown = new_size.saturating_sub(layout.size());
        let _ = ALLOCATED.try_with(|a| a.set(a.get().map(|n| n + grown)));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// A letter of a length the learner cannot predict (hundreds of bytes).
fn letter(salt: u64) -> String {
    "x".repeat(pick(salt, 300, 3_000) as usize)
}

#[test]
fn the_letter_is_sent_and_logged() {
    let (tx, rx) = mpsc::channel();
    let mut log = Vec::new();
    let sent = letter(71);
    let bytes = sent.len();
    answer::send_and_log(&tx, sent.clone(), &mut log);
    invariant!(
        rx.try_recv().ok() == Some(sent),
        "the letter must arrive, unchanged"
    );
    let expected = format!("sent {bytes} bytes");
    invariant!(
        log == [expected.clone()],
        "for a letter of {bytes} bytes the log holds {log:?}, expected [{expected:?}]"
    );
}

#[test]
fn sending_moves_the_letter_without_copying_it() {
    let (tx, rx) = mpsc::channel();
    // Warm the channel and the log up, so that their own allocations are small.
    tx.send(String::new()).unwrap();
    let _ = rx.try_recv();
    let mut log = Vec::with_capacity(4);
    let letter = letter(72);
    let bytes = letter.len();
    let buffer = letter.as_ptr();

    ALLOCATED.with(|a| a.set(Some(0)));
    answer::send_and_log(&tx, letter, &mut log);
    let allocated = ALLOCATED.with(|a| a.replace(None)).unwrap_or(0);

    let received = rx.try_recv().expect("the letter must arrive");
    invariant!(
        received.as_ptr() == buffer,
        "the receiver got a copy of the letter, not the letter itself: send it by value (no .clone()) and read what you need before sending"
    );
    invariant!(
        allocated < bytes,
        "send_and_log allocated {allocated} bytes for a letter of {bytes}: it made a copy of the \
         letter (a clone kept for logging?). Read what the log needs (its length) before sending, \
         and send the letter itself"
    );
}
