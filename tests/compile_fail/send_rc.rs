// Does not compile: an `Rc` may not cross to another thread, so a channel of `Rc`s cannot either.
// Shown in book/src/working/ownership.md; checked by tests/compile_fail.rs.

// ANCHOR: all
use mailslot as mpsc;
use std::rc::Rc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        tx.send(Rc::new(5)).unwrap();
    });
    println!("got {}", rx.recv().unwrap());
}
// ANCHOR_END: all
