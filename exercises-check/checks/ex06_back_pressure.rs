// Checks for exercise 06_back_pressure (`cargo learn check 6`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex06_back_pressure");

use std::sync::Arc;

use answer::Offer;
use mailslot_exercises::model::{check, check_explained, spawn};
// loom's atomic under `--cfg loom`: a count the model checker schedules around.
use mailslot_exercises::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use mailslot_exercises::{invariant, pick};

/// The exercise fixes the capacity; the check does not take the learner's word for it.
const CAPACITY: usize = 2;

const NEVER_WAIT: &str = "offer must never wait: when the mailbox is full it hands the job back \
                          at once (`try_send`), it does not block until there is room (`send`).";

fn job(salt: u64) -> u32 {
    pick(salt, 1, 100_000) as u32
}

#[test]
fn the_capacity_is_two() {
    invariant!(
        answer::CAPACITY == CAPACITY,
        "CAPACITY is {}, but the exercise asks for a mailbox of {CAPACITY}",
        answer::CAPACITY
    );
}

#[test]
fn a_full_mailbox_hands_the_job_back() {
    check_explained(&["main"], NEVER_WAIT, || {
        let (tx, rx) = answer::mailbox();
        for i in 0..CAPACITY as u64 {
            let sent = job(60 + i);
            let offered = answer::offer(&tx, sent);
            invariant!(
                offered == Offer::Accepted,
                "offer({sent}) into a mailbox holding {i} jobs gave {offered:?}, expected Accepted"
            );
        }
        let extra = job(69);
        let offered = answer::offer(&tx, extra);
        invariant!(
            offered == Offer::Busy(extra),
            "with {CAPACITY} jobs waiting, offer({extra}) gave {offered:?}, expected Busy({extra}): the mailbox must hold at most {CAPACITY} jobs"
        );
        let _ = rx.recv();
        let later = job(70);
        let offered = answer::offer(&tx, later);
        invariant!(
            offered == Offer::Accepted,
            "after one job was taken, offer({later}) gave {offered:?}, expected Accepted"
        );
    });
}

#[test]
fn a_closed_mailbox_hands_the_job_back() {
    check_explained(&["main"], NEVER_WAIT, || {
        let (tx, rx) = answer::mailbox();
        drop(rx);
        let sent = job(71);
        let offered = answer::offer(&tx, sent);
        invariant!(
            offered == Offer::Closed(sent),
            "after the receiver was dropped, offer({sent}) gave {offered:?}, expected Closed({sent})"
        );
    });
}

/// A producer that blocks with `send` never gets more than CAPACITY jobs ahead of the consumer,
/// counted with loom's atomic so that the checker explores every moment the count can be read.
#[test]
fn a_fast_producer_is_held_back() {
    const JOBS: usize = 4;
    check(&["main (the consumer)", "producer"], || {
        let (tx, rx) = answer::mailbox();
        let sent = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&sent);
        let producer = spawn("producer", move || {
            for job in 0..JOBS as u32 {
                tx.send(job).unwrap();
                counter.fetch_add(1, SeqCst);
            }
        });
        for received in 0..JOBS {
            let ahead = sent.load(SeqCst).saturating_sub(received);
            invariant!(
                ahead <= CAPACITY,
                "the producer got {ahead} jobs ahead of the consumer; the mailbox holds at most {CAPACITY}"
            );
            let job = rx.recv().unwrap();
            invariant!(
                job == received as u32,
                "the consumer received job {job}, expected {received} (jobs arrive in order)"
            );
        }
        producer.join().unwrap();
    });
}
