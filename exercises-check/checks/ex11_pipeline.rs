// Checks for exercise 11_pipeline (`cargo learn check 11`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex11_pipeline.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex11_pipeline.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

#[test]
fn numbers_flow_through_both_stages_in_order() {
    check(
        &[
            "main (calls pipeline)",
            "stage 1: double (spawned by pipeline)",
            "stage 2: add_one (spawned by pipeline)",
        ],
        || {
            let out = answer::pipeline(vec![1, 2]);
            invariant!(
                out == [3, 5],
                "pipeline(vec![1, 2]) returned {out:?}, expected [3, 5] (double, then add one)"
            );
        },
    );
}

#[test]
fn a_stage_ends_when_its_input_closes() {
    check(&["main", "stage (runs your stage)"], || {
        let (tx, input) = mailslot::channel();
        let (output, rx) = mailslot::channel();
        let stage = spawn("stage", move || {
            answer::stage(input, output, answer::double)
        });
        tx.send(4).unwrap();
        drop(tx);
        let got: Vec<u32> = rx.iter().collect();
        invariant!(
            got == [8],
            "the stage sent {got:?} for input [4], expected [8]"
        );
        stage.join().unwrap();
    });
}

#[test]
fn a_stage_stops_quietly_when_downstream_is_gone() {
    check(&["main", "stage (runs your stage)"], || {
        let (tx, input) = mailslot::channel();
        let (output, rx) = mailslot::channel::<u32>();
        drop(rx);
        let stage = spawn("stage", move || {
            answer::stage(input, output, answer::double)
        });
        let _ = tx.send(1);
        let _ = tx.send(2);
        drop(tx);
        let outcome = stage.join();
        invariant!(
            outcome.is_ok(),
            "the stage panicked when nobody listened downstream: handle the failed send instead of unwrap"
        );
    });
}
