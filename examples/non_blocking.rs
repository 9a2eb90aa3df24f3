// `send` on an unbounded channel and `try_recv` both return at once; nothing here ever waits.
// Shown in book/src/working/blocking.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    // Nothing has been sent yet: `try_recv` does not wait, it reports `Empty`.
    println!("try_recv on an empty box: {:?}", rx.try_recv());

    // Nobody is receiving, yet every `send` returns at once: the letters queue up in the box.
    for n in 1..=3 {
        tx.send(n).unwrap();
    }
    println!("sent 3 letters while nobody was receiving");

    println!("try_recv: {:?}", rx.try_recv());
    // `try_iter` keeps calling `try_recv` and stops at the first `Empty`.
    let rest: Vec<i32> = rx.try_iter().collect();
    println!("try_iter took the rest: {rest:?}");
    println!("try_recv on an empty box again: {:?}", rx.try_recv());

    // A sender in another thread: once it is gone and the box is empty, nothing can ever arrive.
    thread::spawn(move || drop(tx)).join().unwrap();
    println!("try_recv after the last sender left: {:?}", rx.try_recv());
}
// ANCHOR_END: all
