//! The measurements behind the book's chapter "How fast is it? Measuring channels".
//!
//! Five channels run the same scenarios in one run: mailslot, the book's first naive step
//! (`mailslot_steps::step1`, which notifies on every send), `std::sync::mpsc`, crossbeam-channel and
//! flume. Next to them, the floor (what the hardware and the kernel charge for the pieces a channel is
//! made of) and the counter of the myth "message passing is always faster".
//!
//! Every benchmark times one whole run of `n` messages, threads and channel included, with
//! `iter_custom`; its group declares `n` as the throughput, so `bench-report` divides criterion's median
//! by `n` to get nanoseconds per message (per round trip for ping-pong, per increment for the counter).
//!
//! - `cargo bench -p mailslot-bench` (or `cargo xtask bench`, which also redraws the book's chart and
//!   table): the full run, a few minutes.
//! - `cargo bench -p mailslot-bench -- --test`: every benchmark once with a small `n`, to prove they
//!   compile and run (the check command does this). Nothing is timed or saved then.

use std::collections::VecDeque;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};

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
}

/// One channel implementation under test.
trait Channel {
    /// The benchmark's id, and the column in the book's table.
    const NAME: &'static str;
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>);
}

/// One bounded channel implementation under test (for the naive steps: step 4, which has one).
trait Bounded {
    const NAME: &'static str;
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>);
}

/// Implements `Tx` and `Rx` for handles whose `send` returns a `Result` and whose `recv` returns one.
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
        }
    )*};
}

fallible_handles! {
    mailslot::Sender<T>, mailslot::Receiver<T>;
    std::sync::mpsc::Sender<T>, std::sync::mpsc::Receiver<T>;
    crossbeam_channel::Sender<T>, crossbeam_channel::Receiver<T>;
    flume::Sender<T>, flume::Receiver<T>;
}

// The bounded senders are separate types in mailslot and std (their receivers are the same types).
impl<T: Send + 'static> Tx<T> for mailslot::SyncSender<T> {
    fn put(&self, msg: T) {
        if self.send(msg).is_err() {
            panic!("the receiver left early");
        }
    }
}

impl<T: Send + 'static> Tx<T> for std::sync::mpsc::SyncSender<T> {
    fn put(&self, msg: T) {
        if self.send(msg).is_err() {
            panic!("the receiver left early");
        }
    }
}

// The naive step cannot fail: it has no disconnection (every benchmark knows how many messages come).
impl<T: Send + 'static> Tx<T> for mailslot_steps::step1::Sender<T> {
    fn put(&self, msg: T) {
        self.send(msg);
    }
}

impl<T: Send + 'static> Rx<T> for mailslot_steps::step1::Receiver<T> {
    fn take(&self) -> T {
        self.recv()
    }
}

fallible_handles! {
    mailslot_steps::step4::SyncSender<T>, mailslot_steps::step4::Receiver<T>;
}

struct Mailslot;
struct Step1;
/// The book's step 4: the naive bounded channel and rendezvous (notifies on every send and receive).
struct Step4;
struct Std;
struct Crossbeam;
struct Flume;

impl Channel for Mailslot {
    const NAME: &'static str = "mailslot";
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        mailslot::channel()
    }
}

impl Bounded for Mailslot {
    const NAME: &'static str = "mailslot";
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        mailslot::sync_channel(capacity)
    }
}

impl Channel for Step1 {
    const NAME: &'static str = "step1";
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        mailslot_steps::step1::channel()
    }
}

impl Bounded for Step4 {
    const NAME: &'static str = "step4";
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        mailslot_steps::step4::sync_channel(capacity)
    }
}

impl Channel for Std {
    const NAME: &'static str = "std";
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        std::sync::mpsc::channel()
    }
}

impl Bounded for Std {
    const NAME: &'static str = "std";
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        std::sync::mpsc::sync_channel(capacity)
    }
}

impl Channel for Crossbeam {
    const NAME: &'static str = "crossbeam";
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        crossbeam_channel::unbounded()
    }
}

impl Bounded for Crossbeam {
    const NAME: &'static str = "crossbeam";
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        crossbeam_channel::bounded(capacity)
    }
}

impl Channel for Flume {
    const NAME: &'static str = "flume";
    fn unbounded<T: Send + 'static>() -> (impl Tx<T>, impl Rx<T>) {
        flume::unbounded()
    }
}

impl Bounded for Flume {
    const NAME: &'static str = "flume";
    fn bounded<T: Send + 'static>(capacity: usize) -> (impl Tx<T>, impl Rx<T>) {
        flume::bounded(capacity)
    }
}

// --- The scenarios ---------------------------------------------------------------------------------

/// `producers` threads send `n` messages in all, made by `make`; this thread receives every one.
/// Returns the time from the first spawn to the last message received.
fn stream<T: Send + 'static>(
    (tx, rx): (impl Tx<T>, impl Rx<T>),
    producers: u64,
    n: u64,
    make: fn(u64) -> T,
) -> Duration {
    let each = n / producers;
    let start = Instant::now();
    let handles: Vec<_> = (0..producers)
        .map(|_| {
            let tx = tx.clone();
            thread::spawn(move || {
                for i in 0..each {
                    tx.put(make(i));
                }
            })
        })
        .collect();
    drop(tx);
    for _ in 0..each * producers {
        black_box(rx.take());
    }
    let elapsed = start.elapsed();
    for handle in handles {
        handle.join().expect("a producer panicked");
    }
    elapsed
}

/// `n` round trips: this thread sends on `ping`, an echo thread sends each message back on `pong`.
fn ping_pong(
    (ping_tx, ping_rx): (impl Tx<u64>, impl Rx<u64>),
    (pong_tx, pong_rx): (impl Tx<u64>, impl Rx<u64>),
    n: u64,
) -> Duration {
    let echo = thread::spawn(move || {
        for _ in 0..n {
            pong_tx.put(ping_rx.take());
        }
    });
    let start = Instant::now();
    for i in 0..n {
        ping_tx.put(i);
        black_box(pong_rx.take());
    }
    let elapsed = start.elapsed();
    echo.join().expect("the echo thread panicked");
    elapsed
}

/// How many messages (round trips, increments) one timed run has. The quick mode (`--test`) only
/// proves that everything runs.
struct Sizes {
    stream: u64,
    hand_off: u64,
    floor: u64,
}

fn sizes() -> Sizes {
    if std::env::args().any(|arg| arg == "--test") {
        Sizes {
            stream: 2_000,
            hand_off: 200,
            floor: 2_000,
        }
    } else {
        Sizes {
            stream: 200_000,
            hand_off: 5_000,
            floor: 200_000,
        }
    }
}

/// Benchmarks `run(n)`, which times `n` messages itself, as `group/id`.
fn bench_run(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    n: u64,
    run: impl Fn(u64) -> Duration,
) {
    group.throughput(Throughput::Elements(n));
    group.bench_function(id, |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run(n)).sum())
    });
}

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    // Each iteration is a whole run of milliseconds: no need for criterion's linear ramp.
    group.sampling_mode(SamplingMode::Flat);
    group
}

/// `producers` threads stream `n` messages made by `make` through channel `C`, unbounded.
fn unbounded_run<C: Channel, T: Send + 'static>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    producers: u64,
    n: u64,
    make: fn(u64) -> T,
) {
    bench_run(g, C::NAME, n, |n| {
        stream(C::unbounded(), producers, n, make)
    });
}

/// One scenario for every unbounded channel.
fn each_unbounded<T: Send + 'static>(
    c: &mut Criterion,
    name: &str,
    producers: u64,
    make: fn(u64) -> T,
) {
    let n = sizes().stream;
    let mut g = group(c, name);
    unbounded_run::<Mailslot, T>(&mut g, producers, n, make);
    unbounded_run::<Step1, T>(&mut g, producers, n, make);
    unbounded_run::<Std, T>(&mut g, producers, n, make);
    unbounded_run::<Crossbeam, T>(&mut g, producers, n, make);
    unbounded_run::<Flume, T>(&mut g, producers, n, make);
    g.finish();
}

fn unbounded(c: &mut Criterion) {
    each_unbounded(c, "spsc", 1, |i| i);
    each_unbounded(c, "mpsc4", 4, |i| i);
    each_unbounded::<Kib>(c, "spsc_1kib_value", 1, |i| [i as u8; 1024]);
    each_unbounded(c, "spsc_1kib_arc", 1, |i| Arc::new([i as u8; 1024]));
}

/// One producer streams `n` numbers through `sync_channel(capacity)` of channel `C`.
fn bounded_run<C: Bounded>(g: &mut BenchmarkGroup<'_, WallTime>, capacity: usize, n: u64) {
    bench_run(g, C::NAME, n, |n| stream(C::bounded(capacity), 1, n, |i| i));
}

fn bounded(c: &mut Criterion) {
    for capacity in [0, 1, 64] {
        let n = if capacity == 64 {
            sizes().stream
        } else {
            sizes().hand_off
        };
        let mut g = group(c, &format!("bounded{capacity}"));
        bounded_run::<Mailslot>(&mut g, capacity, n);
        bounded_run::<Step4>(&mut g, capacity, n);
        bounded_run::<Std>(&mut g, capacity, n);
        bounded_run::<Crossbeam>(&mut g, capacity, n);
        bounded_run::<Flume>(&mut g, capacity, n);
        g.finish();
    }
}

/// `n` round trips over two unbounded channels of `C`.
fn ping_pong_run<C: Channel>(g: &mut BenchmarkGroup<'_, WallTime>, n: u64) {
    bench_run(g, C::NAME, n, |n| {
        ping_pong(C::unbounded(), C::unbounded(), n)
    });
}

fn round_trips(c: &mut Criterion) {
    let n = sizes().hand_off;
    let mut g = group(c, "ping_pong");
    ping_pong_run::<Mailslot>(&mut g, n);
    ping_pong_run::<Step1>(&mut g, n);
    ping_pong_run::<Std>(&mut g, n);
    ping_pong_run::<Crossbeam>(&mut g, n);
    ping_pong_run::<Flume>(&mut g, n);
    g.finish();
}

// --- The floor: what the pieces cost on their own -----------------------------------------------------

fn floor(c: &mut Criterion) {
    let n = sizes().floor;
    let mut g = group(c, "floor");
    // What one message through a mutex-protected queue costs with nobody else around.
    bench_run(&mut g, "lock_push_pop", n, |n| {
        let queue = Mutex::new(VecDeque::new());
        let start = Instant::now();
        for i in 0..n {
            queue.lock().unwrap().push_back(i);
            black_box(queue.lock().unwrap().pop_front());
        }
        start.elapsed()
    });
    // A wake-up call with nobody to wake: std's condvar makes the system call anyway.
    bench_run(&mut g, "notify_nobody", n, |n| {
        let condvar = Condvar::new();
        let start = Instant::now();
        for _ in 0..n {
            black_box(&condvar).notify_one();
        }
        start.elapsed()
    });
    // A round trip with no sleeping at all: two threads spinning on one atomic. What is left is
    // the cache line travelling from one core to the other and back.
    let trips = sizes().hand_off * 4;
    bench_run(&mut g, "spin_ping_pong", trips, |n| {
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
        let start = Instant::now();
        for i in 0..n {
            turn.store(2 * i + 1, Ordering::Release);
            while turn.load(Ordering::Acquire) != 2 * i + 2 {
                std::hint::spin_loop();
            }
        }
        let elapsed = start.elapsed();
        echo.join().expect("the echo thread panicked");
        elapsed
    });
    g.finish();
}

// --- The myth: "message passing is always faster" ----------------------------------------------------

/// Two threads count to `n` together, each adding 1 `n / 2` times, with `add`; returns the time.
fn count_with<S: Send + Sync + 'static>(shared: S, n: u64, add: fn(&S)) -> Duration {
    let shared = Arc::new(shared);
    let start = Instant::now();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                for _ in 0..n / 2 {
                    add(&shared);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a counting thread panicked");
    }
    start.elapsed()
}

/// Two threads send `n / 2` ones each; the counter's owner, this thread, adds them up.
fn count_by_messages<C: Channel>(n: u64) -> Duration {
    let (tx, rx) = C::unbounded::<u64>();
    let start = Instant::now();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let tx = tx.clone();
            thread::spawn(move || {
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
    black_box(count);
    let elapsed = start.elapsed();
    for handle in handles {
        handle.join().expect("a counting thread panicked");
    }
    elapsed
}

fn counter(c: &mut Criterion) {
    let n = sizes().floor;
    let mut g = group(c, "counter");
    bench_run(&mut g, "atomic", n, |n| {
        count_with(AtomicU64::new(0), n, |count| {
            count.fetch_add(1, Ordering::Relaxed);
        })
    });
    bench_run(&mut g, "mutex", n, |n| {
        count_with(Mutex::new(0u64), n, |count| *count.lock().unwrap() += 1)
    });
    bench_run(&mut g, "channel_mailslot", n, count_by_messages::<Mailslot>);
    bench_run(&mut g, "channel_std", n, count_by_messages::<Std>);
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args()
}

fn main() {
    let mut c = config();
    unbounded(&mut c);
    bounded(&mut c);
    round_trips(&mut c);
    floor(&mut c);
    counter(&mut c);
    c.final_summary();
}
