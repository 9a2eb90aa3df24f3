// Does not compile: `Arc` shares its value between threads, and a `Cell` may not be shared (it is
// not `Sync`): two threads could `set` it at once, and nothing would order the two writes.
// Shown in book/src/below/send-sync.md; checked by tests/compile_fail.rs.

// ANCHOR: all
use std::cell::Cell;
use std::sync::Arc;
use std::thread;

fn main() {
    let hits = Arc::new(Cell::new(0));
    let also_hits = Arc::clone(&hits);
    let t = thread::spawn(move || also_hits.set(also_hits.get() + 1));
    hits.set(hits.get() + 1);
    t.join().unwrap();
    println!("{}", hits.get());
}
// ANCHOR_END: all
