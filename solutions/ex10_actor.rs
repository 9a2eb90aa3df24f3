// SOLUTION
// Exercise 10: an actor with reply channels
//
// Teaches: one thread owns the state (here a balance) and is the only one to touch it; others send
//   it requests. A request that needs an answer carries its own reply `Sender`.
// Read first: book/src/patterns/production.md (the actor model)
// After it you can: share state between threads without a lock around it.
//
// Task: write the bank's loop in `spawn_bank` (deposit, answer balance requests, and return the
// final balance once every client is gone), and `balance`, which asks the bank through a reply
// channel.

use mailslot_exercises::mpsc::{self, Sender};
use mailslot_exercises::thread::{self, JoinHandle};

pub enum Request {
    Deposit(u64),
    Balance(Sender<u64>),
}

pub fn spawn_bank() -> (Sender<Request>, JoinHandle<u64>) {
    let (tx, rx) = mpsc::channel();
    let bank = thread::spawn(move || {
        let mut balance = 0;
        for request in rx {
            match request {
                Request::Deposit(amount) => balance += amount,
                // The client may have given up waiting: a failed reply is not the bank's problem.
                Request::Balance(reply) => {
                    let _ = reply.send(balance);
                }
            }
        }
        balance
    });
    (tx, bank)
}

pub fn balance(bank: &Sender<Request>) -> u64 {
    let (reply_tx, reply_rx) = mpsc::channel();
    bank.send(Request::Balance(reply_tx))
        .expect("the bank runs as long as it has clients");
    reply_rx.recv().expect("the bank always answers")
}
