// STARTER
// Exercise 18: dining philosophers, with a waiter and channels
//
// Teaches: a deadlock needs a cycle of threads, each holding something the next one waits for;
//   the model checker finds the schedule that closes the cycle, and you break it.
// Read first: book/src/patterns/production.md (the actor) and book/src/below/oneshot-in-use.md
// After it you can: find the cycle behind a deadlock report, and break it with a lock order.
//
// Task: philosophers sit at a round table with one fork between each two neighbours. To eat, a
// philosopher needs both forks next to them. Nobody touches a fork directly: the waiter (the
// thread that called `dine`) owns them, and philosophers ask it for one fork at a time over a
// channel, and tell it when they are done. This program deadlocks in some schedules (the checker
// shows one). Fix it so that it never does, and so that everyone eats.

use std::collections::VecDeque;
use std::sync::Arc;

use mailslot_exercises::{mpsc, thread};

/// What a philosopher tells the waiter.
enum Request {
    /// Philosopher `who` asks for `fork`; the waiter answers on `who`'s reply channel once the fork
    /// is theirs.
    Take { who: usize, fork: usize },
    /// Philosopher `who` has eaten and puts both forks back on the table.
    Done { who: usize },
}

/// Seats `philosophers` philosophers (at least 2) around the table, fork `i` between philosopher
/// `i` (their left fork) and philosopher `i - 1` (their right fork), and lets each eat `meals`
/// times. `eat(who)` is called while `who` holds both of their forks. Returns when everyone has
/// finished.
pub fn dine(philosophers: usize, meals: usize, eat: impl Fn(usize) + Send + Sync + 'static) {
    let eat = Arc::new(eat);
    let (requests, inbox) = mpsc::channel::<Request>();
    let mut replies = Vec::new();
    let mut seated = Vec::new();
    for who in 0..philosophers {
        let (reply, answers) = mpsc::channel::<()>();
        replies.push(reply);
        let requests = requests.clone();
        let eat = Arc::clone(&eat);
        seated.push(thread::spawn(move || {
            let left = who;
            let right = (who + 1) % philosophers;
            // Left fork first, then the right one.
            let (first, second) = (left, right);
            for _ in 0..meals {
                for fork in [first, second] {
                    requests.send(Request::Take { who, fork }).unwrap();
                    answers.recv().unwrap();
                }
                eat(who);
                requests.send(Request::Done { who }).unwrap();
            }
        }));
    }
    // This thread is the waiter. It stops when every philosopher has dropped their handle to it.
    drop(requests);
    waiter(philosophers, inbox, replies);
    for philosopher in seated {
        philosopher.join().unwrap();
    }
}

/// Owns the forks: gives a free fork to whoever asks, and a fork that comes back to the first
/// philosopher waiting for it.
fn waiter(forks: usize, inbox: mpsc::Receiver<Request>, replies: Vec<mpsc::Sender<()>>) {
    let mut holder: Vec<Option<usize>> = vec![None; forks];
    let mut waiting: Vec<VecDeque<usize>> = vec![VecDeque::new(); forks];
    for request in inbox {
        match request {
            Request::Take { who, fork } => {
                if holder[fork].is_none() {
                    holder[fork] = Some(who);
                    replies[who].send(()).unwrap();
                } else {
                    waiting[fork].push_back(who);
                }
            }
            Request::Done { who } => {
                for fork in 0..forks {
                    if holder[fork] == Some(who) {
                        holder[fork] = waiting[fork].pop_front();
                        if let Some(next) = holder[fork] {
                            replies[next].send(()).unwrap();
                        }
                    }
                }
            }
        }
    }
}
