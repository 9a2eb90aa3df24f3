// `channel()` returns two halves; a `move` closure gives the sending half to a new thread. The message
// waits in the channel even after that thread has finished. Shown in book/src/foundations/channels.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    // ANCHOR: pair
    // One call, two ends: the slot (`Sender`) and the box (`Receiver`).
    let (tx, rx): (mpsc::Sender<u32>, mpsc::Receiver<u32>) = mpsc::channel();
    // ANCHOR_END: pair

    // ANCHOR: move
    // `move` makes the closure take ownership of `tx`: the sender now belongs to the new thread.
    let worker = thread::spawn(move || {
        tx.send(6 * 7).unwrap();
        println!("worker: sent, and finishing");
    }); // when the closure ends, `tx` is dropped with it
    // ANCHOR_END: move

    worker.join().unwrap();
    // The worker has finished, and its closure (with `tx`) is gone.
    println!("main: received {}", rx.recv().unwrap());
    // And once more.
    println!("main: then {:?}", rx.recv());
}
// ANCHOR_END: all
