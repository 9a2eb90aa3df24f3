//! The measurements behind the book's chapter "How fast is it? Measuring channels".
//!
//! mailslot, the book's naive steps, `std::sync::mpsc`, crossbeam-channel, flume and kanal run the
//! scenarios of `mailslot_bench::SCENARIOS` in one run, with the floor (what the pieces of a channel
//! cost alone) and the counter of the myth "message passing is always faster".
//!
//! Every run is timed whole (channel, threads, messages, joins) twice over: by the clock (wall time)
//! and by the process's CPU accounting (`getrusage(RUSAGE_SELF)`: user + system time of every thread).
//! A waiting thread that yields or spins shows up in CPU time; one that sleeps does not. Crowded
//! scenarios pin every thread of the run to one or two cores with `sched_setaffinity`.
//!
//! This is our own loop rather than criterion: each run must give both clocks at once, and the book
//! shows every run's spread, not a statistical estimate.
//!
//! - `cargo bench -p mailslot-bench --bench channels` (or `cargo xtask bench`): the full run, a few
//!   minutes; writes `bench/results/runs.csv` and `run.txt`, then every table and chart from them.
//! - `... -- --test` (the check command's quick mode): every benchmark once with a few messages, each
//!   run checking that every message arrived exactly once; then checks that the committed tables
//!   and charts are exactly what the committed data gives. Never looks at a timing.
//! - `... -- --render`: redraw the tables and charts from the committed data.
//! - `... -- NAME`: only the scenarios whose id contains NAME, into `target/bench-partial/`.

use std::collections::VecDeque;
use std::hint::black_box;
use std::mem::MaybeUninit;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use mailslot_bench::{
    Data, MIN_RUNS, Payload, RUNS, Run, SCENARIOS, Scenario, Section, Work, report, root,
};

/// A message of 1 KiB, moved by value (copied into and out of the queue).
type Kib = [u8; 1024];

// --- What a benchmark needs from a channel --------------------------------------------------------

/// A sending handle: cloneable, for several producers.
trait Tx<T>: Clone + Send + 'static {
    fn put(&self, msg: T);
}

/// A receiving handle.
trait Rx<T>: Send + 'static {
    fn take(&self) -> T;
    /// After the last expected message: checks that no message is left over (`recv` reports that
    /// every sender is gone), so a duplicated message cannot go unnoticed.
    fn expect_end(&self);
}

/// One channel implementation under test.
trait Channel {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>);
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>);
}

/// `Tx` and `Rx` for handles whose `send` and `recv` return a `Result`.
macro_rules! fallible_handles {
    ($($tx:ty, $rx:ty;)*) => {$(
        impl<T: Send + 'static> Tx<T> for $tx {
            fn put(&self, msg: T) {
                if self.send(msg).is_err() {
                    panic!("the receiver left early");
                }
            }
        }
        impl<T: Send + 'static> Rx<T> for $rx {
            fn take(&self) -> T {
                self.recv().expect("a sender left early")
            }
            fn expect_end(&self) {
                assert!(self.recv().is_err(), "a message more than was sent");
            }
        }
    )*};
}

fallible_handles! {
    mailslot::Sender<T>, mailslot::Receiver<T>;
    std::sync::mpsc::Sender<T>, std::sync::mpsc::Receiver<T>;
    crossbeam_channel::Sender<T>, crossbeam_channel::Receiver<T>;
    flume::Sender<T>, flume::Receiver<T>;
    kanal::Sender<T>, kanal::Receiver<T>;
    mailslot_steps::step4::SyncSender<T>, mailslot_steps::step4::Receiver<T>;
}

// The bounded senders of mailslot and std are separate types (their receivers are the same).
macro_rules! fallible_senders {
    ($($tx:ty;)*) => {$(
        impl<T: Send + 'static> Tx<T> for $tx {
            fn put(&self, msg: T) {
                if self.send(msg).is_err() {
                    panic!("the receiver left early");
                }
            }
        }
    )*};
}

fallible_senders! {
    mailslot::SyncSender<T>;
    std::sync::mpsc::SyncSender<T>;
}

// The naive step 1 cannot fail: it has no disconnection.
impl<T: Send + 'static> Tx<T> for mailslot_steps::step1::Sender<T> {
    fn put(&self, msg: T) {
        self.send(msg);
    }
}

impl<T: Send + 'static> Rx<T> for mailslot_steps::step1::Receiver<T> {
    fn take(&self) -> T {
        self.recv()
    }
    /// Step 1 has no disconnection, so `recv` would wait forever: only the checksum checks it.
    fn expect_end(&self) {}
}

struct Mailslot;
/// The book's first steps: step 1 (unbounded, notifies on every send) and step 4 (bounded and
/// rendezvous, notifies on every send and receive). The catalogue runs each where it applies.
struct Naive;
struct Std;
struct Crossbeam;
struct Flume;
struct Kanal;

impl Channel for Mailslot {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        mailslot::channel()
    }
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        mailslot::sync_channel(capacity)
    }
}

impl Channel for Naive {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        mailslot_steps::step1::channel()
    }
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        mailslot_steps::step4::sync_channel(capacity)
    }
}

impl Channel for Std {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        std::sync::mpsc::channel()
    }
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        std::sync::mpsc::sync_channel(capacity)
    }
}

impl Channel for Crossbeam {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        crossbeam_channel::unbounded()
    }
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        crossbeam_channel::bounded(capacity)
    }
}

impl Channel for Flume {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        flume::unbounded()
    }
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        flume::bounded(capacity)
    }
}

impl Channel for Kanal {
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        kanal::unbounded()
    }
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        kanal::bounded(capacity)
    }
}

// --- The workloads ---------------------------------------------------------------------------------

/// What travels: made from its index by the producer, summed up by the receiver.
trait Message: Send + 'static {
    fn make(i: u64) -> Self;
    /// What the receiver adds up; the sum of `key(make(i))` over every sent `i` must come out.
    fn key(&self) -> u64;
    /// `make(i).key()` without making the message: the check after the run stays cheap.
    fn key_of(i: u64) -> u64;
}

impl Message for u64 {
    fn make(i: u64) -> Self {
        i
    }
    fn key(&self) -> u64 {
        *self
    }
    fn key_of(i: u64) -> u64 {
        i
    }
}

impl Message for Kib {
    fn make(i: u64) -> Self {
        [i as u8; 1024]
    }
    fn key(&self) -> u64 {
        u64::from(self[0]) + u64::from(self[1023])
    }
    fn key_of(i: u64) -> u64 {
        2 * (i % 256)
    }
}

impl Message for Arc<Kib> {
    fn make(i: u64) -> Self {
        Arc::new(Kib::make(i))
    }
    fn key(&self) -> u64 {
        (**self).key()
    }
    fn key_of(i: u64) -> u64 {
        Kib::key_of(i)
    }
}

/// `producers` threads send `n` messages in all; this thread receives them and checks that each
/// arrived exactly once (by count, by checksum, and by the channel being empty at the end).
fn stream<T: Message>((tx, rx): (impl Tx<T>, impl Rx<T>), producers: u64, n: u64) {
    let each = n / producers;
    let handles: Vec<_> = (0..producers)
        .map(|_| {
            let tx = tx.clone();
            thread::spawn(move || {
                for i in 0..each {
                    tx.put(T::make(i));
                }
            })
        })
        .collect();
    drop(tx);
    let mut sum = 0u64;
    for _ in 0..each * producers {
        sum = sum.wrapping_add(black_box(rx.take()).key());
    }
    rx.expect_end();
    for handle in handles {
        handle.join().expect("a producer panicked");
    }
    // Outside the hot loop: what the producers' messages add up to.
    let expected = (0..each).fold(0u64, |sum, i| sum.wrapping_add(T::key_of(i)));
    assert_eq!(
        sum,
        expected.wrapping_mul(producers),
        "messages lost, duplicated or corrupted"
    );
}

/// `n` round trips: this thread sends on `ping`, an echo thread sends each message back on `pong`.
fn ping_pong(
    (ping_tx, ping_rx): (impl Tx<u64>, impl Rx<u64>),
    (pong_tx, pong_rx): (impl Tx<u64>, impl Rx<u64>),
    n: u64,
) {
    let echo = thread::spawn(move || {
        for _ in 0..n {
            pong_tx.put(ping_rx.take());
        }
        ping_rx.expect_end();
    });
    for i in 0..n {
        ping_tx.put(i);
        assert_eq!(pong_rx.take(), i, "the echo sent back another message");
    }
    drop(ping_tx);
    echo.join().expect("the echo thread panicked");
    pong_rx.expect_end();
}

fn run_channel<C: Channel>(work: Work, n: u64) {
    match work {
        Work::Stream {
            producers,
            capacity: None,
            payload,
        } => match payload {
            Payload::Word => stream::<u64>(C::unbounded(), producers, n),
            Payload::KibValue => stream::<Kib>(C::unbounded(), producers, n),
            Payload::KibArc => stream::<Arc<Kib>>(C::unbounded(), producers, n),
        },
        Work::Stream {
            producers,
            capacity: Some(capacity),
            payload: Payload::Word,
        } => stream::<u64>(C::bounded(capacity), producers, n),
        Work::PingPong => ping_pong(C::unbounded(), C::unbounded(), n),
        other => panic!("no channel runs {other:?}"),
    }
}

// --- The floor: what the pieces cost on their own -----------------------------------------------------

fn floor(id: &str, n: u64) {
    match id {
        // What one message through a mutex-protected queue costs with nobody else around.
        "lock_push_pop" => {
            let queue = Mutex::new(VecDeque::new());
            for i in 0..n {
                queue.lock().unwrap().push_back(i);
                let popped = black_box(queue.lock().unwrap().pop_front());
                assert_eq!(popped, Some(i));
            }
        }
        // A wake-up call with nobody to wake: std's condvar makes the system call anyway.
        "notify_nobody" => {
            let condvar = Condvar::new();
            for _ in 0..n {
                black_box(&condvar).notify_one();
            }
        }
        // A round trip with no sleeping at all: two threads spinning on one atomic. What is left is
        // the cache line travelling from one core to the other and back.
        "spin_ping_pong" => {
            let turn = Arc::new(AtomicU64::new(0));
            let echo = {
                let turn = Arc::clone(&turn);
                thread::spawn(move || {
                    for i in 0..n {
                        while turn.load(Ordering::Acquire) != 2 * i + 1 {
                            std::hint::spin_loop();
                        }
                        turn.store(2 * i + 2, Ordering::Release);
                    }
                })
            };
            for i in 0..n {
                turn.store(2 * i + 1, Ordering::Release);
                while turn.load(Ordering::Acquire) != 2 * i + 2 {
                    std::hint::spin_loop();
                }
            }
            echo.join().expect("the echo thread panicked");
        }
        other => panic!("no floor benchmark `{other}`"),
    }
}

// --- The myth: "message passing is always faster" ----------------------------------------------------

/// Two threads count to `n` together, each adding 1 `n / 2` times, with `add`. They start at the
/// same moment (a barrier), or the first could finish before the second is even spawned.
fn count_with<S: Send + Sync + 'static>(shared: S, n: u64, add: fn(&S), read: fn(&S) -> u64) {
    let shared = Arc::new(shared);
    let start = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let shared = Arc::clone(&shared);
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                for _ in 0..n / 2 {
                    add(&shared);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a counting thread panicked");
    }
    assert_eq!(read(&shared), n / 2 * 2, "increments lost");
}

/// Two threads send `n / 2` ones each, starting together; the counter's owner, this thread, adds
/// them up.
fn count_by_messages<C: Channel>(n: u64) {
    let (tx, rx) = C::unbounded::<u64>();
    let start = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let tx = tx.clone();
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                for _ in 0..n / 2 {
                    tx.put(1);
                }
            })
        })
        .collect();
    drop(tx);
    let mut count = 0;
    for _ in 0..n / 2 * 2 {
        count += rx.take();
    }
    rx.expect_end();
    for handle in handles {
        handle.join().expect("a counting thread panicked");
    }
    assert_eq!(count, n / 2 * 2, "increments lost");
}

fn counter(id: &str, n: u64) {
    match id {
        "atomic" => count_with(
            AtomicU64::new(0),
            n,
            |count| {
                count.fetch_add(1, Ordering::Relaxed);
            },
            |count| count.load(Ordering::Relaxed),
        ),
        "mutex" => count_with(
            Mutex::new(0u64),
            n,
            |count| *count.lock().unwrap() += 1,
            |count| *count.lock().unwrap(),
        ),
        "channel_mailslot" => count_by_messages::<Mailslot>(n),
        "channel_std" => count_by_messages::<Std>(n),
        other => panic!("no counter benchmark `{other}`"),
    }
}

/// Runs one (scenario, channel) once with `n` messages.
fn run_once(scenario: &Scenario, id: &str, n: u64) {
    match (scenario.section, id) {
        (Section::Floor, _) => floor(id, n),
        (Section::Counter, _) => counter(id, n),
        (_, "mailslot") => run_channel::<Mailslot>(scenario.work, n),
        (_, "step1" | "step4") => run_channel::<Naive>(scenario.work, n),
        (_, "std") => run_channel::<Std>(scenario.work, n),
        (_, "crossbeam") => run_channel::<Crossbeam>(scenario.work, n),
        (_, "flume") => run_channel::<Flume>(scenario.work, n),
        (_, "kanal") => run_channel::<Kanal>(scenario.work, n),
        (_, other) => panic!("no channel `{other}`"),
    }
}

// --- Clocks and cores ------------------------------------------------------------------------------

/// User and system CPU time of this whole process so far (every thread, living or joined).
fn cpu_time() -> (Duration, Duration) {
    let mut usage = MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage only writes the struct it is given.
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    assert_eq!(status, 0, "getrusage failed");
    // SAFETY: it succeeded, so the struct is filled in (and was zeroed before).
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    (time(usage.ru_utime), time(usage.ru_stime))
}

/// The CPUs this thread may run on.
fn allowed_cpus() -> Vec<usize> {
    // SAFETY: a zeroed cpu_set_t is an empty set; sched_getaffinity fills it in.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `set` is a valid cpu_set_t of `size` bytes.
    let status = unsafe { libc::sched_getaffinity(0, size, &mut set) };
    assert_eq!(status, 0, "sched_getaffinity failed");
    (0..libc::CPU_SETSIZE as usize)
        // SAFETY: the index is below CPU_SETSIZE.
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect()
}

/// Restricts this thread, and every thread it spawns from now on, to `cpus`.
fn pin(cpus: &[usize]) {
    // SAFETY: as in `allowed_cpus`; CPU_SET only writes inside the set for indices below CPU_SETSIZE.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    for &cpu in cpus {
        unsafe { libc::CPU_SET(cpu, &mut set) };
    }
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `set` is a valid cpu_set_t of `size` bytes.
    let status = unsafe { libc::sched_setaffinity(0, size, &set) };
    assert_eq!(status, 0, "sched_setaffinity({cpus:?}) failed");
}

/// Times `n` messages of (scenario, id) by the clock and by the CPU accounting, on the cores the
/// scenario asks for.
fn timed_run(scenario: &Scenario, id: &str, n: u64, all_cpus: &[usize]) -> Run {
    if let Some(cores) = scenario.cores {
        assert!(
            all_cpus.len() >= cores,
            "{} needs {cores} cores; this machine lets us use {}",
            scenario.id,
            all_cpus.len()
        );
        pin(&all_cpus[..cores]);
    }
    let (user_before, sys_before) = cpu_time();
    let start = Instant::now();
    run_once(scenario, id, n);
    let wall = start.elapsed();
    let (user_after, sys_after) = cpu_time();
    if scenario.cores.is_some() {
        pin(all_cpus);
    }
    Run {
        scenario: scenario.id.into(),
        channel: id.into(),
        messages: n,
        wall_ns: wall.as_nanos() as u64,
        user_ns: (user_after - user_before).as_nanos() as u64,
        sys_ns: (sys_after - sys_before).as_nanos() as u64,
    }
}

// --- The run ---------------------------------------------------------------------------------------

/// After this much wall time in one benchmark's timed runs, stop at `MIN_RUNS` runs: a slow or
/// collapsing channel must not stretch the whole run past a few minutes.
const CELL_BUDGET: Duration = Duration::from_secs(6);

/// Runs every benchmark whose scenario id contains `filter`: once untimed, then `runs` timed runs.
fn measure(quick: bool, filter: &str) -> Data {
    let all_cpus = allowed_cpus();
    let runs = if quick { 1 } else { RUNS };
    let mut data = Data::default();
    for scenario in SCENARIOS.iter().filter(|s| s.id.contains(filter)) {
        let n = scenario.size.messages(quick);
        for &id in scenario.ids {
            let mut spent = Duration::ZERO;
            if !quick {
                timed_run(scenario, id, n, &all_cpus); // warm-up: threads, allocator, caches
            }
            for k in 0..runs {
                if k >= MIN_RUNS && spent > CELL_BUDGET {
                    break;
                }
                let run = timed_run(scenario, id, n, &all_cpus);
                spent += Duration::from_nanos(run.wall_ns);
                data.runs.push(run);
            }
            let cell = data.cell(scenario.id, id);
            let median = mailslot_bench::Spread::of(cell.iter().map(|r| r.wall_per_message()))
                .expect("at least one run");
            println!(
                "{:<24} {:<10} {:>3} runs, wall ns/msg {:>10} (min {}, max {})",
                scenario.id,
                id,
                cell.len(),
                report::ns(median.median),
                report::ns(median.min),
                report::ns(median.max)
            );
        }
    }
    data
}

/// CPU time every core of the machine spent busy so far (user, nice, system, interrupts, steal), by
/// the kernel's count in `/proc/stat`. With our own CPU time subtracted, what is left is what other
/// programs used while we measured.
fn machine_busy_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
    let busy: u64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| fields.get(i))
        .sum();
    // SAFETY: sysconf only reads a configuration value.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (ticks_per_second > 0).then(|| Duration::from_secs_f64(busy as f64 / ticks_per_second as f64))
}

/// What the whole benchmark run saw of the machine, taken at its start.
struct Before {
    load: String,
    clock: Instant,
    machine_busy: Option<Duration>,
    own_cpu: Duration,
}

impl Before {
    fn now() -> Before {
        let (user, system) = cpu_time();
        Before {
            load: load_average(),
            clock: Instant::now(),
            machine_busy: machine_busy_time(),
            own_cpu: user + system,
        }
    }

    /// How many cores other programs kept busy, on average, since `self` was taken.
    fn others_cores(&self) -> String {
        let (user, system) = cpu_time();
        let own = (user + system).saturating_sub(self.own_cpu);
        match (self.machine_busy, machine_busy_time()) {
            (Some(before), Some(after)) => {
                let others = (after.saturating_sub(before)).saturating_sub(own);
                format!(
                    "{:.2}",
                    others.as_secs_f64() / self.clock.elapsed().as_secs_f64()
                )
            }
            _ => "unknown".into(),
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split(' ').take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".into())
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// When, where and on what the numbers were measured.
fn record_conditions(data: &mut Data, quick: bool, before: &Before) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let chan_lines = std::fs::read_to_string(root().join("src").join("chan.rs"))
        .map(|text| text.lines().count().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let dirty = !command_output("git", &["status", "--porcelain", "--", "src"]).is_empty();
    let commit = command_output("git", &["rev-parse", "--short", "HEAD"]);
    let entries = [
        (
            "date",
            command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        ),
        (
            "duration",
            format!("{:.0} s", before.clock.elapsed().as_secs_f64()),
        ),
        ("cores used by other programs", before.others_cores()),
        ("cores", allowed_cpus().len().to_string()),
        ("cpu", model),
        (
            "kernel",
            std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .unwrap_or_default()
                .trim()
                .to_string(),
        ),
        ("rustc", command_output("rustc", &["--version"])),
        (
            "commit",
            if dirty {
                format!("{commit} with uncommitted changes in src/")
            } else {
                commit
            },
        ),
        ("src/chan.rs lines", chan_lines),
        ("load at start", before.load.clone()),
        ("load at end", load_average()),
        (
            "timed runs per benchmark",
            if quick { 1 } else { RUNS }.to_string(),
        ),
        (
            "messages per stream",
            mailslot_bench::Size::Stream.messages(quick).to_string(),
        ),
        (
            "messages per hand-off run",
            mailslot_bench::Size::HandOff.messages(quick).to_string(),
        ),
        (
            "increments per counter run",
            mailslot_bench::Size::Count.messages(quick).to_string(),
        ),
    ];
    for (key, value) in entries {
        data.conditions.insert(key.into(), value);
    }
}

/// Writes every table and chart drawn from `data`.
fn write_report(data: &Data) -> Result<(), String> {
    for (path, text) in report::render(data)? {
        mailslot_bench::write_file(&root().join(&path), &text)?;
        println!("wrote {path}");
    }
    Ok(())
}

/// The committed tables and charts are exactly what the committed data gives.
fn check_report() -> Result<(), String> {
    let committed = Data::read(&mailslot_bench::results_dir())?;
    committed.check_complete(MIN_RUNS)?;
    let mut stale = Vec::new();
    for (path, text) in report::render(&committed)? {
        let on_disk = std::fs::read_to_string(root().join(&path)).unwrap_or_default();
        if on_disk != text {
            stale.push(path);
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "these generated files do not match bench/results/runs.csv and run.txt: {}\n\
             (run `cargo xtask bench` to measure again, or `cargo bench -p mailslot-bench --bench \
             channels -- --render` to redraw them from the committed data)",
            stale.join(", ")
        ))
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn main_result() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|arg| arg == "--test");
    let filter = args
        .iter()
        .find(|arg| !arg.starts_with("--"))
        .map_or("", String::as_str);
    if args.iter().any(|arg| arg == "--render") {
        let data = Data::read(&mailslot_bench::results_dir())?;
        data.check_complete(MIN_RUNS)?;
        return write_report(&data);
    }
    let before = Before::now();
    let mut data = measure(quick, filter);
    record_conditions(&mut data, quick, &before);
    println!(
        "measured in {}; load average at start {}, at end {}; other programs kept {} cores busy",
        data.condition("duration"),
        data.condition("load at start"),
        data.condition("load at end"),
        data.condition("cores used by other programs"),
    );
    if !filter.is_empty() {
        let dir = target_dir().join("bench-partial");
        data.write(&dir)?;
        println!("a partial run (filter `{filter}`): wrote {}", dir.display());
        return Ok(());
    }
    if quick {
        data.check_complete(1)?;
        data.write(&target_dir().join("bench-quick"))?;
        check_report()?;
        println!(
            "quick mode: every benchmark ran and checked its messages; the committed tables are up to date"
        );
        return Ok(());
    }
    data.check_complete(MIN_RUNS)?;
    data.write(&mailslot_bench::results_dir())?;
    write_report(&data)
}

fn main() -> ExitCode {
    match main_result() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
