// Checks for exercise 09_worker_pool (`cargo learn check 9`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex09_worker_pool.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex09_worker_pool.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::check;

const CAST: &[&str] = &[
    "main (calls run_pool)",
    "worker 1 (spawned by run_pool)",
    "worker 2 (spawned by run_pool)",
];

#[test]
fn two_workers_square_every_job() {
    check(CAST, || {
        let results = answer::run_pool(vec![2, 3], 2);
        invariant!(
            results == [4, 9],
            "run_pool(vec![2, 3], 2) returned {results:?}, expected [4, 9]: every job done exactly once"
        );
    });
}

#[test]
fn no_jobs_and_the_pool_still_finishes() {
    check(CAST, || {
        let results = answer::run_pool(vec![], 2);
        invariant!(
            results.is_empty(),
            "run_pool(vec![], 2) returned {results:?}, expected []"
        );
    });
}
