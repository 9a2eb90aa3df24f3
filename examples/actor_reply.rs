// Production pattern: an actor. One thread owns the state (a bank account); everyone else talks to it
// only through messages. A request that needs an answer carries its own reply channel.
// Shown in book/src/patterns/production.md.

use mailslot as mpsc;
use std::thread;

// ANCHOR: messages
enum Request {
    Deposit(u64),
    Withdraw(u64, mpsc::Sender<Result<u64, String>>), // reply: the new balance, or why not
    Balance(mpsc::Sender<u64>),
}
// ANCHOR_END: messages

// ANCHOR: actor
fn account_actor(requests: mpsc::Receiver<Request>) {
    let mut balance: u64 = 0; // owned by this thread alone: no lock needed
    for request in requests {
        match request {
            Request::Deposit(amount) => balance += amount,
            Request::Withdraw(amount, reply) => {
                let answer = if amount <= balance {
                    balance -= amount;
                    Ok(balance)
                } else {
                    Err(format!("cannot withdraw {amount}, balance is {balance}"))
                };
                let _ = reply.send(answer); // the asker may have stopped waiting: that is fine
            }
            Request::Balance(reply) => {
                let _ = reply.send(balance);
            }
        }
    }
    // The loop ends when every handle to the actor is dropped.
}
// ANCHOR_END: actor

// ANCHOR: main
fn main() {
    let (account, requests) = mpsc::channel();
    let actor = thread::spawn(move || account_actor(requests));

    account.send(Request::Deposit(100)).unwrap();

    let (reply_tx, reply_rx) = mpsc::channel();
    account.send(Request::Withdraw(30, reply_tx)).unwrap();
    println!("withdraw 30: {:?}", reply_rx.recv().unwrap());

    let (reply_tx, reply_rx) = mpsc::channel();
    account.send(Request::Withdraw(500, reply_tx)).unwrap();
    println!("withdraw 500: {:?}", reply_rx.recv().unwrap());

    let (reply_tx, reply_rx) = mpsc::channel();
    account.send(Request::Balance(reply_tx)).unwrap();
    println!("balance: {}", reply_rx.recv().unwrap());

    drop(account); // last handle gone: the actor's loop ends
    actor.join().unwrap();
    println!("actor stopped");
}
// ANCHOR_END: main
