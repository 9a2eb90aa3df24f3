//! The benchmarks (`bench/`): a quick run for the check command, and the full run that regenerates
//! the book's performance chapter figures.

use std::time::Instant;

use crate::steps::{Outcome, cargo, run};

/// Every benchmark once with a few messages (`-- --test`): each run checks that every message
/// arrived exactly once, every (scenario, channel) must give a result, and the committed tables and
/// charts must be exactly what the committed raw data gives. Times nothing, saves nothing in the
/// tree, asserts on no timing.
pub fn quick() -> Outcome {
    let start = Instant::now();
    run(
        "cargo bench -p mailslot-bench --bench channels -- --test",
        &mut cargo(&[
            "bench",
            "--locked",
            "-p",
            "mailslot-bench",
            "--bench",
            "channels",
            "--",
            "--test",
        ]),
    )?;
    // The one-shot's benchmark (book part "Below the Mutex"): every channel once, answers checked.
    run(
        "cargo bench -p mailslot-bench --bench oneshot -- --test",
        &mut cargo(&[
            "bench",
            "--locked",
            "-p",
            "mailslot-bench",
            "--bench",
            "oneshot",
            "--",
            "--test",
        ]),
    )?;
    println!(
        "benchmarks: quick mode ran in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The full benchmark run (a few minutes): every run's wall and CPU time into
/// `bench/results/runs.csv`, the load average and the machine into `bench/results/run.txt`, and
/// from them the chapter's tables (`bench/results/*.md`) and charts (`book/src/img/*.svg`).
/// Measure on a quiet machine: the load average at the start and the end is printed with the numbers.
pub fn report() -> Outcome {
    let start = Instant::now();
    run(
        "cargo bench -p mailslot-bench --bench channels",
        &mut cargo(&[
            "bench",
            "--locked",
            "-p",
            "mailslot-bench",
            "--bench",
            "channels",
        ]),
    )?;
    println!(
        "benchmarks: full run and report in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
