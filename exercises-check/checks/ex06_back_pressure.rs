// Checks for exercise 06_back_pressure (`cargo learn check 6`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex06_back_pressure.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex06_back_pressure.rs"]
mod answer;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use answer::{CAPACITY, Offer};
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

#[test]
fn a_full_mailbox_hands_the_job_back() {
    check(&["main"], || {
        let (tx, rx) = answer::mailbox();
        for job in 0..CAPACITY as u32 {
            let offered = answer::offer(&tx, job);
            invariant!(
                offered == Offer::Accepted,
                "offer #{job} into an empty-enough mailbox gave {offered:?}, expected Accepted"
            );
        }
        let offered = answer::offer(&tx, 99);
        invariant!(
            offered == Offer::Busy(99),
            "with {CAPACITY} jobs waiting, offer(99) gave {offered:?}, expected Busy(99): the mailbox must hold at most CAPACITY jobs"
        );
        let _ = rx.recv();
        let offered = answer::offer(&tx, 100);
        invariant!(
            offered == Offer::Accepted,
            "after one job was taken, offer(100) gave {offered:?}, expected Accepted"
        );
    });
}

#[test]
fn a_closed_mailbox_hands_the_job_back() {
    check(&["main"], || {
        let (tx, rx) = answer::mailbox();
        drop(rx);
        let offered = answer::offer(&tx, 7);
        invariant!(
            offered == Offer::Closed(7),
            "after the receiver was dropped, offer(7) gave {offered:?}, expected Closed(7)"
        );
    });
}

/// A producer that blocks with `send` never gets more than CAPACITY jobs ahead of the consumer.
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
