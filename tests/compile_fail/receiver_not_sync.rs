// Does not compile: two threads share one `&Receiver`. Sharing a reference between threads needs
// `Sync`, and a `Receiver` is not `Sync` (neither is std's): it has exactly one user at a time.
// Shown in book/src/foundations/concurrency.md; checked by tests/compile_fail.rs.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<i32>();
    let rx = &rx; // one receiver, borrowed by both threads below
    thread::scope(|s| {
        s.spawn(move || println!("first thread got {:?}", rx.recv()));
        s.spawn(move || println!("second thread got {:?}", rx.recv()));
        tx.send(1).unwrap();
        tx.send(2).unwrap();
    });
}
// ANCHOR_END: all
