// Sending moves a value into the channel: no copy of its contents is made, and the sender can no
// longer use it. Copy types and explicit clones are the exceptions.
// Shown in book/src/working/ownership.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    // ANCHOR: same_buffer
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let letter = vec![1, 2, 3];
        // Where the vector keeps its elements on the heap.
        let address = letter.as_ptr() as usize;
        tx.send(letter).unwrap();
        // `letter` has moved into the channel: using it here would not compile.
        address
    });
    let letter = rx.recv().unwrap();
    let address_in_worker = worker.join().unwrap();
    println!("main got {letter:?}");
    println!(
        "same heap buffer as in the worker: {}",
        letter.as_ptr() as usize == address_in_worker
    );
    // ANCHOR_END: same_buffer

    // ANCHOR: copy_and_clone
    // An `i32` is `Copy`: `send` takes a copy, and `count` stays usable.
    let (numbers, number_box) = mpsc::channel();
    let count = 7;
    numbers.send(count).unwrap();
    println!("sent {count}, and count is still {count}");
    println!("received {:?}", number_box.recv());

    // A `String` is not `Copy`: to keep one, send a clone (a real copy of the text).
    let (names, name_box) = mpsc::channel();
    let name = String::from("Ada");
    names.send(name.clone()).unwrap();
    println!("sent a clone, kept {name}");
    println!("received {:?}", name_box.recv());
    // ANCHOR_END: copy_and_clone
}
// ANCHOR_END: all
