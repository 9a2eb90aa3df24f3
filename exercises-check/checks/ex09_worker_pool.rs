// Checks for exercise 09_worker_pool (`cargo learn check 9`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex09_worker_pool");

use std::sync::atomic::{AtomicUsize, Ordering};

use mailslot_exercises::model::check;
use mailslot_exercises::{invariant, pick, record};

const CAST: &[&str] = &[
    "main (calls run_pool)",
    "worker 1 (spawned by run_pool)",
    "worker 2 (spawned by run_pool)",
];

/// Jobs the learner cannot predict.
fn jobs(salt: u64, count: u64) -> Vec<u64> {
    (0..count).map(|i| pick(salt + i, 2, 1_000)).collect()
}

/// The most workers busy at once, over every execution of the last check.
static MOST_BUSY: AtomicUsize = AtomicUsize::new(0);

fn pool(jobs: Vec<u64>) {
    check(CAST, move || {
        let mut expected: Vec<u64> = jobs.iter().map(|n| n * n).collect();
        expected.sort();
        let results = answer::run_pool(jobs.clone(), 2);
        invariant!(
            results == expected,
            "run_pool({jobs:?}, 2) returned {results:?}, expected {expected:?}: every job done exactly once"
        );
        let seen = record::now();
        invariant!(
            seen.spawned == 2,
            "run_pool(.., 2) must start exactly 2 workers and let them share the jobs: it spawned {} \
             threads",
            seen.spawned
        );
        invariant!(
            seen.received_by_others == jobs.len() && seen.sent_by_others == jobs.len(),
            "the workers must take every job from the job channel and send every result back: \
             workers received {} jobs and sent {} results, for {} jobs",
            seen.received_by_others,
            seen.sent_by_others,
            jobs.len()
        );
        MOST_BUSY.fetch_max(seen.busy_max, Ordering::SeqCst);
    });
}

#[test]
fn two_workers_square_every_job() {
    pool(jobs(91, 3));
}

/// A pool must let its workers work at the same time. A worker that keeps the job receiver locked
/// while it works (or for its whole loop) makes the others wait: the jobs run one after another.
#[test]
fn the_workers_work_at_the_same_time() {
    MOST_BUSY.store(0, Ordering::SeqCst);
    pool(jobs(95, 2));
    let most = MOST_BUSY.load(Ordering::SeqCst);
    invariant!(
        most >= 2,
        "in every execution the checker explored, at most {most} worker was busy with a job at a \
         time: a worker keeps the job receiver locked while it works (or for its whole loop), so \
         the other workers wait and the pool runs the jobs one after another. Hold the lock only \
         for the `recv`: `let job = job_rx.lock().unwrap().recv();` releases it at the end of the \
         statement"
    );
}

#[test]
fn no_jobs_and_the_pool_still_finishes() {
    pool(vec![]);
}
