// Myth: "message passing prevents deadlocks". Two threads, two channels, no locks in sight: each
// waits to hear from the other before it speaks, so neither ever speaks. Here each gives up after
// 50 ms, so the program ends; tests/loom_outputs.rs runs the same code under loom, where waiting has
// no time limit, and loom reports the deadlock. Shown in book/src/patterns/myths.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (to_alice, alice_inbox) = mpsc::channel::<&str>();
    let (to_bob, bob_inbox) = mpsc::channel::<&str>();
    let patience = Duration::from_millis(50);

    let alice = thread::spawn(move || {
        // Alice answers once Bob has said something...
        match alice_inbox.recv_timeout(patience) {
            Ok(greeting) => {
                to_bob.send("hello, Bob").unwrap();
                format!("alice heard {greeting:?}")
            }
            Err(_) => String::from("alice: heard nothing, gave up waiting"),
        }
    });
    let bob = thread::spawn(move || {
        // ...and Bob answers once Alice has said something.
        match bob_inbox.recv_timeout(patience) {
            Ok(greeting) => {
                to_alice.send("hello, Alice").unwrap();
                format!("bob heard {greeting:?}")
            }
            Err(_) => String::from("bob: heard nothing, gave up waiting"),
        }
    });

    println!("{}", alice.join().unwrap());
    println!("{}", bob.join().unwrap());
}
// ANCHOR_END: all
