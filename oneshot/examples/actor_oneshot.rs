// The actor of Part 5 ("Production patterns"), with one-shot replies: a request that needs an
// answer carries a one-shot `Sender` instead of a whole mpsc channel. The requests still travel
// over mailslot's channel (many requests, possibly many senders); each answer is one message to
// one waiting thread, which is exactly what the one-shot is for.
// Shown in book/src/below/oneshot-in-use.md; `run` is also sampled by shuttle
// (oneshot/tests/oneshot_shuttle.rs).

use mailslot as mpsc;
use mailslot_oneshot as oneshot;
// The facade's `thread`: std's in a normal build, the model checker's when a model test includes
// this file.
use mailslot_oneshot::sync::thread;

// ANCHOR: messages
enum Request {
    Deposit(u64),
    Withdraw(u64, oneshot::Sender<Result<u64, String>>), // reply: the new balance, or why not
    Balance(oneshot::Sender<u64>),
}
// ANCHOR_END: messages

// ANCHOR: actor
fn account_actor(requests: mpsc::Receiver<Request>) {
    let mut balance: u64 = 0;
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
                // Cannot fail: if the asker is gone, the answer is dropped with the channel.
                reply.send(answer);
            }
            Request::Balance(reply) => reply.send(balance),
        }
    }
}
// ANCHOR_END: actor

// ANCHOR: run
/// The conversation, as the lines `main` prints.
pub fn run() -> Vec<String> {
    let mut lines = Vec::new();
    let (account, requests) = mpsc::channel();
    let actor = thread::spawn(move || account_actor(requests));

    account.send(Request::Deposit(100)).unwrap();

    // The one-shot's receiver stays on this thread (it is not `Send`); its sender travels.
    let (reply, answer) = oneshot::channel();
    account.send(Request::Withdraw(30, reply)).unwrap();
    lines.push(format!("withdraw 30: {:?}", answer.recv().unwrap()));

    let (reply, answer) = oneshot::channel();
    account.send(Request::Withdraw(500, reply)).unwrap();
    lines.push(format!("withdraw 500: {:?}", answer.recv().unwrap()));

    let (reply, answer) = oneshot::channel();
    account.send(Request::Balance(reply)).unwrap();
    lines.push(format!("balance: {}", answer.recv().unwrap()));

    drop(account);
    actor.join().unwrap();
    lines.push("actor stopped".to_string());
    lines
}
// ANCHOR_END: run

#[allow(dead_code)] // a model test includes this file for `run` alone
fn main() {
    for line in run() {
        println!("{line}");
    }
}
