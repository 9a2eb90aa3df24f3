// Checks for exercise 03_forgotten_sender (`cargo learn check 3`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex03_forgotten_sender");

use mailslot_exercises::model::check;
use mailslot_exercises::{invariant, pick, record};

const CAST: &[&str] = &[
    "main (calls count_reports, runs the `for` loop)",
    "worker 0 (spawned by count_reports)",
    "worker 1 (spawned by count_reports)",
    "worker 2 (spawned by count_reports)",
];

fn counts(workers: u32) {
    check(CAST, move || {
        let reports = answer::count_reports(workers);
        invariant!(
            reports == workers,
            "count_reports({workers}) returned {reports}, expected {workers}"
        );
        let seen = record::now();
        invariant!(
            seen.sent_by_others == workers as usize && seen.received_by_main == workers as usize,
            "each of the {workers} workers must send its report through the channel and the loop \
             must receive them: {} were sent by spawned threads, {} received by the loop",
            seen.sent_by_others,
            seen.received_by_main
        );
    });
}

#[test]
fn some_workers_as_many_reports() {
    // 2 or 3: the learner cannot know which.
    counts(pick(31, 2, 4) as u32);
}

#[test]
fn one_worker_one_report() {
    counts(1);
}

#[test]
fn zero_workers_zero_reports() {
    counts(0);
}
