//! The one-shot channel (`oneshot/`, step 4) against std's channels used once: a
//! `sync_channel(1)` and a `channel()` that each carry exactly one message and are then dropped,
//! and mailslot's own `channel()` used the same way. For the book's chapter "The one-shot in use".
//!
//! Two scenarios, each timed whole (making the channel, sending, receiving, dropping):
//! - `same thread`: make a channel, send one `u64`, receive it, on one thread: what the channel
//!   itself costs, with nobody waiting;
//! - `reply`: a long-lived responder thread gets requests over one std `mpsc::channel()`; each
//!   request carries a fresh reply channel of the kind measured, and the asker waits for the
//!   answer. This is the actor pattern's reply, and every answer wakes a waiting thread.
//!
//! Every (scenario, channel) is run `RUNS` times, the channels taking turns within each round, and
//! the table gives the median with the minimum and maximum run, by the clock and by the process's
//! CPU time (`getrusage`), and the ratio of medians to std's `channel()` used once.
//!
//! - `cargo bench -p mailslot-bench --bench oneshot`: the full run (about half a minute); prints the
//!   table and writes it to `bench/results/oneshot.md`.
//! - `... -- --test`: every (scenario, channel) once with a few messages, checking every answer;
//!   times nothing and writes nothing.

use std::hint::black_box;
use std::mem::MaybeUninit;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use mailslot_oneshot as oneshot;

/// Runs of each (scenario, channel) in the full run.
const RUNS: usize = 15;

// --- The channels, used once ----------------------------------------------------------------------

/// A channel that carries one `u64`, once.
trait UsedOnce {
    const NAME: &'static str;
    type Tx: Send + 'static;
    type Rx;
    fn make() -> (Self::Tx, Self::Rx);
    fn send(tx: Self::Tx, value: u64);
    fn recv(rx: Self::Rx) -> u64;
}

struct OneShot;
impl UsedOnce for OneShot {
    const NAME: &'static str = "one-shot (step 4)";
    type Tx = oneshot::Sender<u64>;
    type Rx = oneshot::Receiver<u64>;
    fn make() -> (Self::Tx, Self::Rx) {
        oneshot::channel()
    }
    fn send(tx: Self::Tx, value: u64) {
        tx.send(value);
    }
    fn recv(rx: Self::Rx) -> u64 {
        rx.recv().expect("the responder answers every request")
    }
}

struct StdSync1;
impl UsedOnce for StdSync1 {
    const NAME: &'static str = "std sync_channel(1), once";
    type Tx = mpsc::SyncSender<u64>;
    type Rx = mpsc::Receiver<u64>;
    fn make() -> (Self::Tx, Self::Rx) {
        mpsc::sync_channel(1)
    }
    fn send(tx: Self::Tx, value: u64) {
        tx.send(value).expect("the asker waits for its answer");
    }
    fn recv(rx: Self::Rx) -> u64 {
        rx.recv().expect("the responder answers every request")
    }
}

struct StdChannel;
impl UsedOnce for StdChannel {
    const NAME: &'static str = "std channel(), once";
    type Tx = mpsc::Sender<u64>;
    type Rx = mpsc::Receiver<u64>;
    fn make() -> (Self::Tx, Self::Rx) {
        mpsc::channel()
    }
    fn send(tx: Self::Tx, value: u64) {
        tx.send(value).expect("the asker waits for its answer");
    }
    fn recv(rx: Self::Rx) -> u64 {
        rx.recv().expect("the responder answers every request")
    }
}

struct Mailslot;
impl UsedOnce for Mailslot {
    const NAME: &'static str = "mailslot channel(), once";
    type Tx = mailslot::Sender<u64>;
    type Rx = mailslot::Receiver<u64>;
    fn make() -> (Self::Tx, Self::Rx) {
        mailslot::channel()
    }
    fn send(tx: Self::Tx, value: u64) {
        tx.send(value).expect("the asker waits for its answer");
    }
    fn recv(rx: Self::Rx) -> u64 {
        rx.recv().expect("the responder answers every request")
    }
}

// --- The scenarios --------------------------------------------------------------------------------

/// Make, send, receive, drop, `n` times on this thread. Checks every value.
fn same_thread<C: UsedOnce>(n: u64) {
    for i in 0..n {
        let (tx, rx) = C::make();
        C::send(tx, black_box(i));
        assert_eq!(C::recv(rx), i, "{}: a wrong answer", C::NAME);
    }
}

/// `n` requests to a responder thread, each with a fresh reply channel; the answer is the request
/// number plus one. Checks every answer.
fn reply<C: UsedOnce>(n: u64) {
    let (requests, inbox) = mpsc::channel::<(u64, C::Tx)>();
    let responder = thread::spawn(move || {
        for (number, reply) in inbox {
            C::send(reply, number + 1);
        }
    });
    for i in 0..n {
        let (tx, rx) = C::make();
        requests
            .send((i, tx))
            .expect("the responder runs until we stop");
        assert_eq!(C::recv(rx), i + 1, "{}: a wrong answer", C::NAME);
    }
    drop(requests);
    responder.join().expect("the responder does not panic");
}

/// A channel's name in the table, and the scenario run with that channel.
type Contender = (&'static str, fn(u64));

struct Scenario {
    name: &'static str,
    /// Operations per run in the full run.
    ops: u64,
    /// One run per channel, in the table's order.
    runs: [Contender; 4],
}

fn scenarios() -> [Scenario; 2] {
    [
        Scenario {
            name: "same thread: make, send, receive",
            ops: 200_000,
            runs: [
                (OneShot::NAME, same_thread::<OneShot>),
                (StdSync1::NAME, same_thread::<StdSync1>),
                (StdChannel::NAME, same_thread::<StdChannel>),
                (Mailslot::NAME, same_thread::<Mailslot>),
            ],
        },
        Scenario {
            name: "reply from another thread",
            ops: 5_000,
            runs: [
                (OneShot::NAME, reply::<OneShot>),
                (StdSync1::NAME, reply::<StdSync1>),
                (StdChannel::NAME, reply::<StdChannel>),
                (Mailslot::NAME, reply::<Mailslot>),
            ],
        },
    ]
}

/// The std channel the ratios are taken against.
const BASELINE: &str = "std channel(), once";

// --- Timing ---------------------------------------------------------------------------------------

/// User + system CPU time of the whole process so far.
fn cpu_time() -> Duration {
    let mut usage = MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage only writes the struct it is given.
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    assert_eq!(status, 0, "getrusage failed");
    // SAFETY: it succeeded, so the struct is filled in (and was zeroed before).
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Wall and CPU nanoseconds per operation of one run.
fn timed(run: fn(u64), ops: u64) -> (f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_time());
    run(ops);
    let per_op = |d: Duration| d.as_nanos() as f64 / ops as f64;
    (per_op(wall.elapsed()), per_op(cpu_time() - cpu))
}

fn median_min_max(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

/// `200000` as `200 000`.
fn grouped(value: u64) -> String {
    let text = value.to_string();
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 && (text.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// `1234.5` as `1 230`, `12.345` as `12.3`: three significant digits, thousands apart.
fn ns(value: f64) -> String {
    if value >= 1000.0 {
        let digits = value.log10().floor() as i32 - 2;
        grouped(((value / 10f64.powi(digits)).round() * 10f64.powi(digits)) as u64)
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// One channel's runs in one scenario: wall and CPU nanoseconds per operation, one entry per run.
#[derive(Clone, Default)]
struct Runs {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

fn full_run() -> String {
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split(' ').take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".into());
    let mut table = String::from(
        "| scenario | channel | wall ns/op, median | wall, min – max | CPU ns/op, median | CPU, min – max | wall ÷ std channel() | CPU ÷ std channel() |\n\
         |---|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for scenario in scenarios() {
        let mut results: Vec<Runs> = vec![Runs::default(); 4];
        for _ in 0..RUNS {
            for (index, (_, run)) in scenario.runs.iter().enumerate() {
                let (wall, cpu) = timed(*run, scenario.ops);
                results[index].wall.push(wall);
                results[index].cpu.push(cpu);
            }
        }
        let summary: Vec<_> = results
            .iter_mut()
            .map(|runs| {
                (
                    median_min_max(&mut runs.wall),
                    median_min_max(&mut runs.cpu),
                )
            })
            .collect();
        let base = scenario
            .runs
            .iter()
            .position(|(name, _)| *name == BASELINE)
            .map(|i| summary[i])
            .expect("the baseline runs in every scenario");
        for (index, ((name, _), (wall, cpu))) in scenario.runs.iter().zip(&summary).enumerate() {
            let shown = if index == 0 { scenario.name } else { "" };
            let name = if *name == OneShot::NAME {
                format!("**{name}**")
            } else {
                name.to_string()
            };
            table += &format!(
                "| {shown} | {name} | {} | {} – {} | {} | {} – {} | {:.2}× | {:.2}× |\n",
                ns(wall.0),
                ns(wall.1),
                ns(wall.2),
                ns(cpu.0),
                ns(cpu.1),
                ns(cpu.2),
                wall.0 / base.0.0,
                cpu.0 / base.1.0,
            );
        }
    }
    let cores = thread::available_parallelism().map_or(0, |n| n.get());
    table += &format!(
        "\n{RUNS} runs per row, the channels taking turns in each round; {} same-thread operations and \
         {} replies per run; {cores} cores; load average at the start: {load}.\n",
        grouped(scenarios()[0].ops),
        grouped(scenarios()[1].ops),
    );
    table
}

fn main() -> ExitCode {
    let quick = std::env::args().skip(1).any(|arg| arg == "--test");
    if quick {
        for scenario in scenarios() {
            for (name, run) in scenario.runs {
                run(100);
                println!("ok: {} / {name}", scenario.name);
            }
        }
        return ExitCode::SUCCESS;
    }
    let table = full_run();
    print!("{table}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results/oneshot.md");
    match std::fs::write(&path, &table) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("could not write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
