// What `send` and `recv` report once the other side of the channel is gone.
// Shown in book/src/working/errors.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    // ANCHOR: send_fails
    let (tx, rx) = mpsc::channel::<String>();
    drop(rx); // nobody will ever collect from the box

    // The letter is not lost: the error hands it back.
    match tx.send(String::from("hello")) {
        Ok(()) => println!("sent"),
        Err(mpsc::SendError(letter)) => println!("send failed, and we got {letter:?} back"),
    }
    // ANCHOR_END: send_fails

    // ANCHOR: recv_fails
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        tx.send(1).unwrap();
        tx.send(2).unwrap();
        // `tx` is dropped here: the last sender is gone.
    });
    worker.join().unwrap();

    // The sender is gone. Now receive three times.
    println!("{:?}", rx.recv());
    println!("{:?}", rx.recv());
    match rx.recv() {
        Ok(n) => println!("got {n}"),
        Err(err) => println!("recv failed: {err}"),
    }
    // ANCHOR_END: recv_fails
}
// ANCHOR_END: all
