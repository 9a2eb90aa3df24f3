// Pitfall: the forgotten original sender. The workers get clones of `tx` and finish, but `main`
// still holds `tx` itself, so the channel is never disconnected and `for n in rx` would wait forever.
// `recv_timeout` shows what that loop would be stuck on. Shown in book/src/patterns/pitfalls.md.

use mailslot as mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    // ANCHOR: bug
    let (tx, rx) = mpsc::channel();
    let mut workers = Vec::new();
    for id in 0..3 {
        let tx = tx.clone(); // each worker gets its own clone...
        workers.push(thread::spawn(move || tx.send(id * 10).unwrap()));
    }
    // ...but the original `tx` is still alive, right here in main.
    for worker in workers {
        worker.join().unwrap(); // every worker is done and its clone dropped
    }

    let mut received = Vec::new();
    // `for n in &rx` would never end. Ask with a time limit to see why:
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(n) => received.push(n),
            Err(e) => {
                received.sort();
                println!("received {received:?}, then: {e:?}");
                break;
            }
        }
    }
    // ANCHOR_END: bug

    // ANCHOR: fix
    drop(tx); // the last sender goes: now the channel is disconnected
    println!("after drop(tx): {:?}", rx.recv());
    // ANCHOR_END: fix
}
