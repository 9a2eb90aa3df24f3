//! The bug zoo under shuttle: every exhibit is caught by the random scheduler with fixed seeds, and the failing
//! schedule shuttle prints replays exactly the same trace.
//!
//! Run with
//! `RUSTFLAGS="--cfg shuttle" CARGO_TARGET_DIR=target/shuttle cargo test --release -p mailslot-steps --test zoo_shuttle -- --nocapture --test-threads=1`.
//!
//! Replaying one failure (what `cargo xtask zoo replay BUG [SCHEDULE]` runs): set
//! `MAILSLOT_ZOO_BUG` to the exhibit, and optionally `MAILSLOT_ZOO_SCHEDULE` to a schedule string
//! shuttle printed, and run the `zoo_replay` test; without a schedule it hunts for one first.
//!
//! Also here: `cost_of_exhaustiveness_shuttle_dfs`, shuttle's exhaustive DFS on the same program
//! as loom's cost table.

#![cfg(shuttle)]

mod zoo;

use std::sync::atomic::Ordering::SeqCst;
use std::time::Instant;

use mailslot_steps::step2;
use mailslot_steps::sync::journal;
use proof_ledger::{Checker, Entry, Outcome, differs, record};
use shuttle::scheduler::{DfsScheduler, RandomScheduler};
use shuttle::{Config, Runner};
use zoo::{EXHIBITS, Property, exhibit, render};

const CHILD: &str = "MAILSLOT_ZOO_SHUTTLE_CHILD";
const REPLAY: &str = "MAILSLOT_ZOO_SHUTTLE_REPLAY";
/// Executions the random scheduler may try per seed before the exhibit counts as not caught.
const EXECUTIONS: usize = 10_000;
/// Seeds tried per exhibit; the shortest trace wins.
const SEEDS: [u64; 16] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

/// Exhibits whose shuttle trace is much shorter than loom's first one: the book shows both.
const SNAPSHOT_TRACES: &[&str] = &["one_condvar", "if_instead_of_while_bounded"];

/// In the child: hunt one exhibit with one seed, or replay a schedule.
#[test]
fn zoo_child() {
    let Ok(job) = std::env::var(CHILD) else {
        return;
    };
    let (name, seed) = job.split_once(' ').expect("NAME SEED");
    let run = exhibit(name).run;
    zoo::child::report_first_failure(|message| render(&journal::events(), message));
    if let Ok(schedule) = std::env::var(REPLAY) {
        shuttle::replay(run, &schedule);
        eprintln!("ZOO REPLAY PASSED");
        return;
    }
    let seed: u64 = seed.parse().unwrap();
    let scheduler = RandomScheduler::new_from_seed(seed, EXECUTIONS);
    Runner::new(scheduler, Config::new()).run(move || {
        zoo::child::EXECUTION.fetch_add(1, SeqCst);
        run();
    });
    eprintln!(
        "ZOO PASSED executions={}",
        zoo::child::EXECUTION.load(SeqCst)
    );
}

struct Found {
    seed: u64,
    execution: usize,
    failure: String,
    trace: String,
    schedule: String,
}

fn child(name: &str, seed: u64, replay: Option<&str>) -> (bool, String) {
    let mut cmd = zoo::child::child_command(CHILD, &format!("{name} {seed}"));
    cmd.env_remove("SHUTTLE_RANDOM_SEED");
    if let Some(schedule) = replay {
        cmd.env(REPLAY, schedule);
    }
    let out = cmd.output().expect("re-run this test binary");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn parse(seed: u64, stderr: &str) -> Option<Found> {
    let found = stderr.lines().find(|l| l.starts_with("ZOO FOUND "))?;
    let execution = found.split("execution=").nth(1)?.trim().parse().ok()?;
    let failure = stderr
        .lines()
        .find_map(|l| l.strip_prefix("ZOO FAILURE "))?
        .to_string();
    let trace = zoo::child::trace_in(stderr)?.to_string();
    let schedule = stderr
        .split("failing schedule:\n\"\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\"").next())
        .unwrap_or("")
        .to_string();
    Some(Found {
        seed,
        execution,
        failure,
        trace,
        schedule,
    })
}

/// Hunts `name` with every seed and keeps the shortest trace.
fn hunt(name: &str) -> Option<Found> {
    let mut best: Option<Found> = None;
    for seed in SEEDS {
        let (ok, stderr) = child(name, seed, None);
        match parse(seed, &stderr) {
            Some(found) => {
                if best
                    .as_ref()
                    .is_none_or(|b| found.trace.lines().count() < b.trace.lines().count())
                {
                    best = Some(found);
                }
            }
            None => assert!(ok, "the child failed without a trace:\n{stderr}"),
        }
    }
    best
}

/// Replays `found.schedule` and checks that it fails with exactly the same trace.
fn replays(name: &str, found: &Found) {
    assert!(!found.schedule.is_empty(), "shuttle printed no schedule");
    let (ok, stderr) = child(name, 0, Some(&found.schedule));
    assert!(!ok, "the replay must fail as the original did:\n{stderr}");
    let again = parse(0, &stderr).expect("the replay prints a trace");
    assert_eq!(
        again.trace, found.trace,
        "the replay must show the same trace"
    );
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        omit_expression => true,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Every exhibit that breaks something is caught by shuttle too, and its schedule replays; the one
/// that needs a spurious wake-up is not caught without one.
#[test]
fn zoo_table_shuttle() {
    let started = Instant::now();
    let mut table = format!(
        "shuttle, random scheduler, seeds {} to {}, up to {EXECUTIONS} executions per seed;\n\
         the shortest trace over the seeds is kept.\n\n\
         {:30} {:32} {:>4}  {:>9}  {:>5}\n",
        SEEDS[0],
        SEEDS[SEEDS.len() - 1],
        "exhibit",
        "property broken",
        "seed",
        "execution",
        "steps"
    );
    for exhibit in EXHIBITS {
        let row = match (hunt(exhibit.name), exhibit.breaks) {
            (Some(found), Some(want)) => {
                assert_eq!(
                    Property::from_failure(&found.failure),
                    Some(want),
                    "{}: {}",
                    exhibit.name,
                    found.failure
                );
                replays(exhibit.name, &found);
                if SNAPSHOT_TRACES.contains(&exhibit.name) {
                    snapshot(
                        &format!("zoo_shuttle_trace_{}", exhibit.name),
                        &format!(
                            "{}\nshuttle, random scheduler, seed {}: fails in execution {}.\n\n{}",
                            exhibit.what, found.seed, found.execution, found.trace
                        ),
                    );
                }
                record!(
                    Entry::new(
                        format!("shuttle catches it: {}", want.describe()),
                        Checker::Shuttle {
                            scheduler: format!("random, seed {}", found.seed)
                        },
                        exhibit.what
                    )
                    .executions(found.execution)
                    .differs(&[differs::ZOO_DIFF, differs::STD_ARC])
                    .outcome(Outcome::Caught(want.describe().to_string()))
                );
                format!(
                    "{:30} {:32} {:>4}  {:>9}  {:>5}",
                    exhibit.name,
                    want.describe(),
                    found.seed,
                    found.execution,
                    found.trace.lines().count() - 2
                )
            }
            (None, None) => {
                record!(
                    Entry::new(
                        "shuttle does not catch it: it never wakes a waiter spuriously",
                        Checker::Shuttle {
                            scheduler: format!(
                                "random, seeds {} to {}",
                                SEEDS[0],
                                SEEDS[SEEDS.len() - 1]
                            )
                        },
                        exhibit.what
                    )
                    .executions(SEEDS.len() * EXECUTIONS)
                    .differs(&[differs::ZOO_DIFF, differs::STD_ARC])
                    .outcome(Outcome::NotCaught("no failure in any execution".into()))
                );
                format!(
                    "{:30} {:32} {:>4}  {:>9}  {:>5}",
                    exhibit.name,
                    format!("none found ({} executions)", SEEDS.len() * EXECUTIONS),
                    "-",
                    "-",
                    "-"
                )
            }
            (Some(found), None) => panic!("{}: unexpected failure {}", exhibit.name, found.failure),
            (None, Some(_)) => panic!("shuttle did not catch {}", exhibit.name),
        };
        table += row.trim_end();
        table.push('\n');
    }
    println!("{table}\nshuttle: zoo in {:.2?}", started.elapsed());
    snapshot("zoo_table_shuttle", &table);
}

/// `cargo xtask zoo replay BUG [SCHEDULE]`: replays one failure and prints its trace.
#[test]
fn zoo_replay() {
    let Ok(name) = std::env::var("MAILSLOT_ZOO_BUG") else {
        return;
    };
    let found = match std::env::var("MAILSLOT_ZOO_SCHEDULE") {
        Ok(schedule) => {
            let (_, stderr) = child(&name, 0, Some(&schedule));
            parse(0, &stderr).unwrap_or_else(|| panic!("that schedule does not fail:\n{stderr}"))
        }
        Err(_) => hunt(&name).unwrap_or_else(|| panic!("shuttle did not catch {name}")),
    };
    replays(&name, &found);
    println!(
        "{}\n\n{}\nreplay it with:\ncargo xtask zoo replay {name} '{}'",
        exhibit(&name).what,
        found.trace,
        found.schedule
    );
}

/// Shuttle's DFS has no preemption bound and no reduction: it tries every schedule. The same
/// program as loom's cost table (step 2, senders x messages), stopped at a cap that is reported.
#[test]
fn cost_of_exhaustiveness_shuttle_dfs() {
    const CAP: usize = 20_000;
    let mut table = format!(
        "senders  messages each  executions (shuttle DFS, all schedules, stopped at {CAP})\n"
    );
    let started = Instant::now();
    for senders in 1..=2usize {
        for per_sender in 1..=2usize {
            let scheduler = DfsScheduler::new(Some(CAP), false);
            let executions = Runner::new(scheduler, Config::new()).run(move || {
                journal::begin();
                let (tx, rx) = step2::channel::<usize>();
                let mut handles = Vec::new();
                for s in 0..senders {
                    let tx = tx.clone();
                    handles.push(zoo::spawn(&format!("p{s}"), move || {
                        for i in 0..per_sender {
                            tx.send(s * 10 + i).unwrap();
                        }
                    }));
                }
                drop(tx);
                for _ in 0..senders * per_sender {
                    rx.recv().unwrap();
                }
                for handle in handles {
                    handle.join().unwrap();
                }
            });
            let shown = if executions >= CAP {
                format!("{CAP} or more: stopped, not finished")
            } else {
                format!("{executions}")
            };
            println!(
                "{senders} x {per_sender}: {shown} ({:.2?} so far)",
                started.elapsed()
            );
            table += &format!("{senders:>7}  {per_sender:>13}  {shown}\n");
            record!(
                Entry::new(
                    "shuttle's DFS (no reduction, no bound) tries every schedule, up to a cap",
                    Checker::Shuttle {
                        scheduler: format!("DFS, stopped at {CAP}")
                    },
                    format!("step 2, {senders} senders x {per_sender} messages + receiver")
                )
                .executions(executions)
                .differs(&[differs::TEACHING_STEP, differs::STD_ARC])
            );
        }
    }
    println!(
        "shuttle: DFS cost table in {:.2?} (machine-dependent)",
        started.elapsed()
    );
    snapshot("cost_shuttle_dfs", &table);
}
