// Checks for exercise 11_pipeline (`cargo learn check 11`). The same tests run against the learner's
// file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex11_pipeline");

use mailslot_exercises::model::{check, check_explained, spawn};
use mailslot_exercises::{invariant, mpsc, pick, record};

#[test]
fn numbers_flow_through_both_stages_in_order() {
    let numbers: Vec<u32> = vec![pick(111, 1, 1_000) as u32, pick(112, 1, 1_000) as u32];
    check(
        &[
            "main (calls pipeline)",
            "stage 1: double (spawned by pipeline)",
            "stage 2: add_one (spawned by pipeline)",
        ],
        move || {
            let expected: Vec<u32> = numbers.iter().map(|n| n * 2 + 1).collect();
            let out = answer::pipeline(numbers.clone());
            invariant!(
                out == expected,
                "pipeline({numbers:?}) returned {out:?}, expected {expected:?} (double, then add one)"
            );
            let seen = record::now();
            invariant!(
                seen.spawned == 2 && seen.sent_by_others == 2 * numbers.len(),
                "each number must go through both stages, each a thread of its own: your pipeline \
                 spawned {} threads and they sent {} messages, for {} numbers",
                seen.spawned,
                seen.sent_by_others,
                numbers.len()
            );
        },
    );
}

#[test]
fn a_stage_ends_when_its_input_closes() {
    let n = pick(113, 1, 1_000) as u32;
    check(&["main", "stage (runs your stage)"], move || {
        let (tx, input) = mpsc::channel();
        let (output, rx) = mpsc::channel();
        let stage = spawn("stage", move || {
            answer::stage(input, output, answer::double)
        });
        tx.send(n).unwrap();
        drop(tx);
        let got: Vec<u32> = rx.iter().collect();
        invariant!(
            got == [n * 2],
            "the stage sent {got:?} for input [{n}], expected [{}]",
            n * 2
        );
        stage.join().unwrap();
    });
}

#[test]
fn a_stage_stops_quietly_when_downstream_is_gone() {
    check(&["main", "stage (runs your stage)"], || {
        let (tx, input) = mpsc::channel();
        let (output, rx) = mpsc::channel::<u32>();
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
            "the stage panicked when nobody listened downstream: a failed send must end the stage, not the program"
        );
    });
}

/// Shutdown flows upstream too: once nobody listens downstream, the stage stops without waiting
/// for its input to close, and dropping its input tells the stage before it to stop as well.
#[test]
fn a_stage_stops_as_soon_as_downstream_is_gone() {
    check_explained(
        &[
            "main (keeps the stage's input open)",
            "stage (runs your stage)",
        ],
        "Here main keeps the stage's input open and waits for the stage to end: the stage must stop \
         as soon as a `send` fails (nobody listens downstream), so that its input closes and the \
         stages upstream stop in turn. A stage that ignores the failed send keeps waiting for input.",
        || {
            let (tx, input) = mpsc::channel();
            let (output, rx) = mpsc::channel::<u32>();
            drop(rx);
            let stage = spawn("stage", move || {
                answer::stage(input, output, answer::double)
            });
            let _ = tx.send(1);
            let _ = stage.join();
            invariant!(
                tx.send(2).is_err(),
                "the stage ended but its input is still open"
            );
        },
    );
}
