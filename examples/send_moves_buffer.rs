// Myth: "sending always copies the message". A 1 MiB vector crosses to another thread, and the
// receiver finds it in the very same heap buffer: only the small (pointer, length, capacity) header
// moved. Shown in book/src/patterns/myths.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<Vec<u8>>();

    let big = vec![7_u8; 1024 * 1024];
    // Where the bytes live on the heap, remembered as a plain number.
    let address_before = big.as_ptr() as usize;

    let worker = thread::spawn(move || {
        tx.send(big).unwrap(); // `big` moves into the channel
    });

    let received = rx.recv().unwrap();
    let address_after = received.as_ptr() as usize;
    worker.join().unwrap();

    println!("received {} bytes", received.len());
    println!("same buffer: {}", address_before == address_after);
}
// ANCHOR_END: all
