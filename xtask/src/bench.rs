//! The benchmarks (`bench/`): a quick run for the check command, and the full run that regenerates
//! the book's performance chapter figures.

use std::time::Instant;

use crate::steps::{Outcome, cargo, run};

/// The load average now, as `1-minute 5-minute 15-minute`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| text.split(' ').take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|| "unknown".into())
}

/// Every benchmark once with a small message count (criterion's `--test`): proves that they compile
/// and run, in seconds. Times nothing and saves nothing.
pub fn quick() -> Outcome {
    let start = Instant::now();
    run(
        "cargo bench -p mailslot-bench -- --test",
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
    println!(
        "benchmarks: quick mode ran in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The full benchmark run (a few minutes), then the book's tables and charts drawn from its output:
/// `bench/results/*.md`, `bench/results/results.csv`, `book/src/img/{channels,counter}.svg`.
/// Measure on a quiet machine: the load average before the run is written next to the numbers.
pub fn report() -> Outcome {
    let load = load_average();
    println!("load average before the run: {load}");
    run(
        "cargo bench -p mailslot-bench",
        &mut cargo(&[
            "bench",
            "--locked",
            "-p",
            "mailslot-bench",
            "--bench",
            "channels",
        ]),
    )?;
    run(
        "bench-report",
        cargo(&[
            "run",
            "--locked",
            "--release",
            "-p",
            "mailslot-bench",
            "--bin",
            "bench-report",
        ])
        .env("MAILSLOT_BENCH_LOAD", &load),
    )?;
    println!("load average after the run: {}", load_average());
    Ok(())
}
