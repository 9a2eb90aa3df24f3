// Does not compile: a `Receiver` cannot be cloned; there is one consumer.
// Shown in book/src/working/ownership.md; checked by tests/compile_fail.rs.

// ANCHOR: all
use mailslot as mpsc;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    let rx2 = rx.clone();
    drop((tx, rx, rx2));
}
// ANCHOR_END: all
