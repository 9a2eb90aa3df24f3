#![cfg(not(any(loom, shuttle)))]
//! `sync_channel(n)` reserves no memory for its `n` slots up front, so even `usize::MAX` is cheap.
//!
//! A counting global allocator measures it. It lives in its own test binary (a global allocator is
//! per binary), and counts per thread, so tests running in parallel do not disturb each other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct CountingAllocator;

thread_local! {
    /// Bytes requested by this thread so far. A `const` initialiser and a type without `Drop` mean
    /// the thread-local itself never allocates, so using it inside the allocator cannot recurse.
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    // `try_with`: never panic in the allocator, even while the thread is being torn down.
    let _ = ALLOCATED.try_with(|total| total.set(total.get() + bytes));
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting has no effect on it.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the number of bytes this thread allocated meanwhile.
fn bytes_allocated_by<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATED.with(Cell::get);
    let result = f();
    (result, ALLOCATED.with(Cell::get) - before)
}

const ONE_KIB: usize = 1024;

#[test]
fn the_counting_allocator_sees_allocations() {
    // Without this, a broken counter would make the tests below pass for the wrong reason.
    let (v, bytes) = bytes_allocated_by(|| Vec::<u64>::with_capacity(1024));
    assert!(
        bytes >= 8 * 1024,
        "counted {bytes} bytes for an 8 KiB vector"
    );
    drop(v);
}

#[test]
fn sync_channel_usize_max_allocates_nothing_up_front() {
    let ((tx, rx), bytes) = bytes_allocated_by(|| mailslot::sync_channel::<u64>(usize::MAX));
    assert!(
        bytes < ONE_KIB,
        "sync_channel::<u64>(usize::MAX) allocated {bytes} bytes"
    );

    // A few messages cost a few slots, not the capacity.
    let (_, bytes) = bytes_allocated_by(|| (0..4).for_each(|i| tx.send(i).unwrap()));
    assert!(bytes < ONE_KIB, "4 messages allocated {bytes} bytes");
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 1, 2, 3]);
}

#[test]
fn sync_channel_cost_does_not_depend_on_capacity_or_message_size() {
    let (_small, small_bytes) = bytes_allocated_by(|| mailslot::sync_channel::<u8>(1));
    let (_huge, huge_bytes) =
        bytes_allocated_by(|| mailslot::sync_channel::<[u64; 4096]>(usize::MAX));
    assert_eq!(
        small_bytes, huge_bytes,
        "sync_channel(1) of u8 vs sync_channel(usize::MAX) of 32 KiB messages"
    );
    assert!(huge_bytes < ONE_KIB);
}
