// A worker builds a value and hands it over through a channel: afterwards the receiver owns it, and
// the worker no longer has it. Shown in book/src/foundations/message-passing.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        // The worker writes the letter: a `Vec` that lives on the heap.
        let list = vec![
            String::from("bread"),
            String::from("apples"),
            String::from("milk"),
        ];
        println!("worker: the list is written, {} items", list.len());
        // ANCHOR: send
        // Drop it through the slot. `send` takes `list` by value: what that means for the
        // worker's `list` afterwards is this chapter's question.
        tx.send(list).unwrap();
        // ANCHOR_END: send
        println!("worker: the list is posted");
    });
    worker.join().unwrap();

    // ANCHOR: recv
    // The main thread takes the letter out of the box and now owns it outright:
    // it may change it without asking anybody.
    let mut list = rx.recv().unwrap();
    list.push(String::from("coffee"));
    println!("main: received the list and added to it: {list:?}");
    // ANCHOR_END: recv
}
// ANCHOR_END: all
