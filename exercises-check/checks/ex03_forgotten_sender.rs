// Checks for exercise 03_forgotten_sender (`cargo learn check 3`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex03_forgotten_sender.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex03_forgotten_sender.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::check;

const CAST: &[&str] = &[
    "main (calls count_reports, runs the `for` loop)",
    "worker 0 (spawned by count_reports)",
    "worker 1 (spawned by count_reports)",
];

#[test]
fn two_workers_two_reports() {
    check(CAST, || {
        let reports = answer::count_reports(2);
        invariant!(
            reports == 2,
            "count_reports(2) returned {reports}, expected 2"
        );
    });
}

#[test]
fn zero_workers_zero_reports() {
    check(CAST, || {
        let reports = answer::count_reports(0);
        invariant!(
            reports == 0,
            "count_reports(0) returned {reports}, expected 0"
        );
    });
}
