// Production pattern: fan-out / fan-in. Main deals the work out to one channel per worker (fan-out);
// every worker reports back on one shared channel (fan-in). Main sorts the results, since the workers'
// answers arrive in any order. Shown in book/src/patterns/production.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let words = ["mail", "slot", "channel", "sender", "receiver", "queue"];
    let (results_tx, results_rx) = mpsc::channel::<(String, usize)>();

    // Fan-out: each worker has its own inbox.
    let mut inboxes = Vec::new();
    let mut workers = Vec::new();
    for _ in 0..3 {
        let (tx, rx) = mpsc::channel::<&str>();
        let results_tx = results_tx.clone();
        workers.push(thread::spawn(move || {
            for word in rx {
                results_tx.send((word.to_uppercase(), word.len())).unwrap();
            }
        }));
        inboxes.push(tx);
    }
    drop(results_tx);

    for (i, word) in words.iter().enumerate() {
        inboxes[i % inboxes.len()].send(word).unwrap(); // deal round-robin
    }
    drop(inboxes); // close every inbox: each worker finishes its share and stops

    // Fan-in: one receiver collects from all workers.
    let mut results: Vec<_> = results_rx.iter().collect();
    results.sort();
    for (word, len) in &results {
        println!("{word}: {len} letters");
    }
    for worker in workers {
        worker.join().unwrap();
    }
}
// ANCHOR_END: all
