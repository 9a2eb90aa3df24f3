// Does not compile: `letter` moved into the channel, so the sender can no longer use it.
// Shown in book/src/working/ownership.md; checked by tests/compile_fail.rs.

// ANCHOR: all
use mailslot as mpsc;

fn main() {
    let (tx, rx) = mpsc::channel();
    let letter = String::from("hello");
    tx.send(letter).unwrap();
    println!("I sent {letter}");
    println!("they got {}", rx.recv().unwrap());
}
// ANCHOR_END: all
