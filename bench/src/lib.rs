//! What the benchmarks measure, and what the book shows of it.
//!
//! - The catalogue ([`SCENARIOS`]): every scenario, which channels run it, how many messages, on how
//!   many cores. The benchmark (`benches/channels.rs`) runs exactly this list, and the report refuses
//!   results that miss a row of it.
//! - The raw data ([`Data`]): one line per timed run in `bench/results/runs.csv` (wall time, user and
//!   system CPU time of the whole process), and the conditions of the run in `bench/results/run.txt`.
//! - The report ([`report`]): the tables and charts the chapter includes, drawn from the raw data
//!   alone, so that `cargo bench -p mailslot-bench -- --test` can redraw them and fail when a
//!   committed table no longer matches the committed data.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub mod report;

/// Which table of the chapter a scenario belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Messages flow continuously; a fast channel never makes anybody sleep.
    Streaming,
    /// Every message waits for the other side: whether a thread sleeps decides the time.
    HandOff,
    /// More runnable threads than cores.
    Crowded,
    /// What the pieces a channel is made of cost on their own.
    Floor,
    /// The myth "message passing is always faster": two threads count together.
    Counter,
}

/// What one message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload {
    /// A `u64`: 8 bytes.
    Word,
    /// `[u8; 1024]`, moved by value.
    KibValue,
    /// `Arc<[u8; 1024]>`: a fresh allocation per message; only the pointer travels.
    KibArc,
}

/// The work of one timed run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// `producers` threads send `messages` in all through one channel (unbounded when `capacity` is
    /// `None`, else `sync_channel(capacity)`); the benchmark's own thread receives them.
    Stream {
        producers: u64,
        capacity: Option<usize>,
        payload: Payload,
    },
    /// Round trips over two unbounded channels: send, wait for the echo, send the next.
    PingPong,
    /// The floor and the counter: each id is its own piece of code (see `benches/channels.rs`).
    Special,
}

/// How many messages a timed run has: streams are long, hand-offs short (each one may cost a
/// wake-up of tens of microseconds here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Stream,
    HandOff,
    /// The counter: long enough that the two counting threads overlap for most of the run (with
    /// a stream's count they were often done one after the other, and nothing was contended).
    Count,
}

impl Size {
    pub fn messages(self, quick: bool) -> u64 {
        match (self, quick) {
            (Size::Stream, false) => 200_000,
            (Size::HandOff, false) => 5_000,
            (Size::Count, false) => 2_000_000,
            (Size::Stream, true) => 2_000,
            (Size::HandOff, true) => 200,
            (Size::Count, true) => 2_000,
        }
    }
}

/// One scenario: a workload, the channels (or pieces of code) that run it, and where.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    /// The scenario's name in `runs.csv`.
    pub id: &'static str,
    /// What the book calls it.
    pub label: &'static str,
    pub section: Section,
    pub work: Work,
    pub size: Size,
    /// `None`: the threads may run on every core. `Some(k)`: every thread of the run is pinned to
    /// the same `k` cores (with `sched_setaffinity`).
    pub cores: Option<usize>,
    /// For a crowded scenario: the uncrowded scenario it is compared with to detect a collapse.
    pub baseline: Option<&'static str>,
    /// The channels (for the floor and the counter: the pieces of code) that run it.
    pub ids: &'static [&'static str],
}

/// The channels compared with std in every channel scenario.
pub const CHANNELS: [&str; 5] = ["mailslot", "std", "crossbeam", "flume", "kanal"];
/// Uncrowded unbounded scenarios also run the book's first naive step (step 1: notifies on every send).
const WITH_STEP1: &[&str] = &["mailslot", "step1", "std", "crossbeam", "flume", "kanal"];
/// Uncrowded bounded scenarios also run step 4, the first step with a capacity.
const WITH_STEP4: &[&str] = &["mailslot", "step4", "std", "crossbeam", "flume", "kanal"];
const ALL: &[&str] = &CHANNELS;

const fn stream(producers: u64, capacity: Option<usize>, payload: Payload) -> Work {
    Work::Stream {
        producers,
        capacity,
        payload,
    }
}

const fn scenario(
    id: &'static str,
    label: &'static str,
    section: Section,
    work: Work,
    size: Size,
    ids: &'static [&'static str],
) -> Scenario {
    Scenario {
        id,
        label,
        section,
        work,
        size,
        cores: None,
        baseline: None,
        ids,
    }
}

/// A crowded twin of an uncrowded scenario: the same work on `cores` cores, compared with `baseline`.
const fn crowded(
    id: &'static str,
    label: &'static str,
    work: Work,
    size: Size,
    cores: usize,
    baseline: &'static str,
) -> Scenario {
    Scenario {
        id,
        label,
        section: Section::Crowded,
        work,
        size,
        cores: Some(cores),
        baseline: Some(baseline),
        ids: ALL,
    }
}

use Payload::{KibArc, KibValue, Word};
use Section::{Counter, Floor, HandOff, Streaming};

/// Every scenario of a run, in the order they run and the tables list them.
pub const SCENARIOS: &[Scenario] = &[
    scenario(
        "spsc",
        "SPSC unbounded, 8 bytes",
        Streaming,
        stream(1, None, Word),
        Size::Stream,
        WITH_STEP1,
    ),
    scenario(
        "mpsc4",
        "4 producers, unbounded",
        Streaming,
        stream(4, None, Word),
        Size::Stream,
        WITH_STEP1,
    ),
    scenario(
        "bounded64",
        "bounded(64)",
        Streaming,
        stream(1, Some(64), Word),
        Size::Stream,
        WITH_STEP4,
    ),
    scenario(
        "spsc_1kib_value",
        "SPSC, 1 KiB by value",
        Streaming,
        stream(1, None, KibValue),
        Size::Stream,
        WITH_STEP1,
    ),
    scenario(
        "spsc_1kib_arc",
        "SPSC, 1 KiB in an Arc",
        Streaming,
        stream(1, None, KibArc),
        Size::Stream,
        WITH_STEP1,
    ),
    scenario(
        "bounded0",
        "bounded(0), rendezvous",
        HandOff,
        stream(1, Some(0), Word),
        Size::HandOff,
        WITH_STEP4,
    ),
    scenario(
        "bounded1",
        "bounded(1)",
        HandOff,
        stream(1, Some(1), Word),
        Size::HandOff,
        WITH_STEP4,
    ),
    scenario(
        "ping_pong",
        "ping-pong round trip",
        HandOff,
        Work::PingPong,
        Size::HandOff,
        WITH_STEP1,
    ),
    crowded(
        "spsc_1core",
        "SPSC unbounded, one core",
        stream(1, None, Word),
        Size::Stream,
        1,
        "spsc",
    ),
    crowded(
        "mpsc4_1core",
        "4 producers, one core",
        stream(4, None, Word),
        Size::Stream,
        1,
        "mpsc4",
    ),
    crowded(
        "bounded64_1core",
        "bounded(64), one core",
        stream(1, Some(64), Word),
        Size::Stream,
        1,
        "bounded64",
    ),
    crowded(
        "bounded0_1core",
        "bounded(0), one core",
        stream(1, Some(0), Word),
        Size::HandOff,
        1,
        "bounded0",
    ),
    crowded(
        "bounded1_1core",
        "bounded(1), one core",
        stream(1, Some(1), Word),
        Size::HandOff,
        1,
        "bounded1",
    ),
    crowded(
        "ping_pong_1core",
        "ping-pong, one core",
        Work::PingPong,
        Size::HandOff,
        1,
        "ping_pong",
    ),
    crowded(
        "mpsc8_2cores",
        "8 producers, unbounded, 2 cores",
        stream(8, None, Word),
        Size::Stream,
        2,
        "spsc",
    ),
    crowded(
        "mpsc8_bounded1_2cores",
        "8 producers, bounded(1), 2 cores",
        stream(8, Some(1), Word),
        Size::HandOff,
        2,
        "bounded1",
    ),
    crowded(
        "mpsc8_bounded0_2cores",
        "8 producers, bounded(0), 2 cores",
        stream(8, Some(0), Word),
        Size::HandOff,
        2,
        "bounded0",
    ),
    scenario(
        "floor",
        "the floor",
        Floor,
        Work::Special,
        Size::Stream,
        &["lock_push_pop", "notify_nobody", "spin_ping_pong"],
    ),
    scenario(
        "counter",
        "count to N, two threads",
        Counter,
        Work::Special,
        Size::Count,
        &["atomic", "mutex", "channel_mailslot", "channel_std"],
    ),
];

pub fn scenario_by_id(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|scenario| scenario.id == id)
}

/// How many timed runs the full benchmark makes of each (scenario, channel), after one untimed
/// warm-up run. A cell whose runs take too long stops earlier, but never below [`MIN_RUNS`].
pub const RUNS: usize = 15;
pub const MIN_RUNS: usize = 5;

// --- The raw data ----------------------------------------------------------------------------------

/// One timed run: everything from creating the channel and spawning the threads to joining them.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub scenario: String,
    pub channel: String,
    pub messages: u64,
    pub wall_ns: u64,
    /// CPU time of the whole process during the run (`getrusage(RUSAGE_SELF)`: every thread).
    pub user_ns: u64,
    pub sys_ns: u64,
}

impl Run {
    pub fn wall_per_message(&self) -> f64 {
        self.wall_ns as f64 / self.messages as f64
    }
    pub fn cpu_per_message(&self) -> f64 {
        (self.user_ns + self.sys_ns) as f64 / self.messages as f64
    }
}

/// Every timed run of one benchmark, and the conditions it ran in (`key: value` lines).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Data {
    pub runs: Vec<Run>,
    pub conditions: BTreeMap<String, String>,
}

const CSV_HEADER: &str = "scenario,channel,messages,wall_ns,user_ns,sys_ns";

impl Data {
    pub fn runs_csv(&self) -> String {
        let mut out = format!("{CSV_HEADER}\n");
        for run in &self.runs {
            writeln!(
                out,
                "{},{},{},{},{},{}",
                run.scenario, run.channel, run.messages, run.wall_ns, run.user_ns, run.sys_ns
            )
            .unwrap();
        }
        out
    }

    pub fn conditions_text(&self) -> String {
        self.conditions
            .iter()
            .map(|(key, value)| format!("{key}: {value}\n"))
            .collect()
    }

    pub fn parse(runs_csv: &str, conditions: &str) -> Result<Data, String> {
        let mut lines = runs_csv.lines();
        if lines.next() != Some(CSV_HEADER) {
            return Err(format!("runs.csv: the first line must be `{CSV_HEADER}`"));
        }
        let runs = lines
            .enumerate()
            .map(|(i, line)| {
                let fields: Vec<&str> = line.split(',').collect();
                let number = |k: usize| -> Result<u64, String> {
                    fields[k]
                        .parse()
                        .map_err(|e| format!("runs.csv line {}: {e}: `{line}`", i + 2))
                };
                if fields.len() != 6 {
                    return Err(format!(
                        "runs.csv line {}: 6 fields expected: `{line}`",
                        i + 2
                    ));
                }
                let run = Run {
                    scenario: fields[0].to_string(),
                    channel: fields[1].to_string(),
                    messages: number(2)?,
                    wall_ns: number(3)?,
                    user_ns: number(4)?,
                    sys_ns: number(5)?,
                };
                if run.messages == 0 {
                    return Err(format!("runs.csv line {}: a run of 0 messages", i + 2));
                }
                Ok(run)
            })
            .collect::<Result<_, String>>()?;
        let conditions = conditions
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                line.split_once(": ")
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .ok_or_else(|| format!("run.txt: `key: value` expected, got `{line}`"))
            })
            .collect::<Result<_, String>>()?;
        Ok(Data { runs, conditions })
    }

    pub fn read(dir: &Path) -> Result<Data, String> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| format!("{}: {e}", dir.join(name).display()))
        };
        Data::parse(&read("runs.csv")?, &read("run.txt")?)
    }

    pub fn write(&self, dir: &Path) -> Result<(), String> {
        write_file(&dir.join("runs.csv"), &self.runs_csv())?;
        write_file(&dir.join("run.txt"), &self.conditions_text())
    }

    /// The runs of one (scenario, channel).
    pub fn cell(&self, scenario: &str, channel: &str) -> Vec<&Run> {
        self.runs
            .iter()
            .filter(|run| run.scenario == scenario && run.channel == channel)
            .collect()
    }

    pub fn condition(&self, key: &str) -> &str {
        self.conditions
            .get(key)
            .map_or("not recorded", String::as_str)
    }

    /// Every (scenario, channel) of the catalogue has at least `min_runs` runs, and nothing else is
    /// there: a missing row or a stray one is an error, never a blank in the book.
    pub fn check_complete(&self, min_runs: usize) -> Result<(), String> {
        let mut problems = Vec::new();
        for scenario in SCENARIOS {
            for &channel in scenario.ids {
                let runs = self.cell(scenario.id, channel).len();
                if runs < min_runs {
                    problems.push(format!(
                        "{}/{channel}: {runs} runs, at least {min_runs} expected",
                        scenario.id
                    ));
                }
            }
        }
        for run in &self.runs {
            let known = scenario_by_id(&run.scenario)
                .is_some_and(|scenario| scenario.ids.contains(&run.channel.as_str()));
            if !known {
                problems.push(format!(
                    "{}/{}: not in the catalogue",
                    run.scenario, run.channel
                ));
            }
        }
        problems.dedup();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("incomplete results:\n  {}", problems.join("\n  ")))
        }
    }
}

/// Minimum, median and maximum of some values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl Spread {
    /// `None` for no values.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
        let mut values: Vec<f64> = values.into_iter().collect();
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let middle = values.len() / 2;
        let median = if values.len() % 2 == 1 {
            values[middle]
        } else {
            (values[middle - 1] + values[middle]) / 2.0
        };
        Some(Spread {
            min: values[0],
            median,
            max: values[values.len() - 1],
        })
    }
}

/// The repository's root (`bench/` lives in it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ lives in the repository")
        .to_path_buf()
}

/// Where the committed results live.
pub fn results_dir() -> PathBuf {
    root().join("bench").join("results")
}

pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().expect("a file in a folder"))
        .and_then(|()| std::fs::write(path, text))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(scenario: &str, channel: &str, wall_ns: u64) -> Run {
        Run {
            scenario: scenario.into(),
            channel: channel.into(),
            messages: 10,
            wall_ns,
            user_ns: 7,
            sys_ns: 3,
        }
    }

    #[test]
    fn raw_data_round_trips_through_its_files() {
        let mut data = Data::default();
        data.runs.push(run("spsc", "std", 120));
        data.conditions
            .insert("load at start".into(), "0.10, 0.20, 0.30".into());
        let again = Data::parse(&data.runs_csv(), &data.conditions_text()).unwrap();
        assert_eq!(again, data);
        assert_eq!(again.runs[0].cpu_per_message(), 1.0);
    }

    #[test]
    fn bad_raw_data_is_refused() {
        assert!(Data::parse("scenario,channel\n", "").is_err());
        let header = format!("{CSV_HEADER}\n");
        assert!(Data::parse(&format!("{header}spsc,std,10,x,1,1\n"), "").is_err());
        assert!(Data::parse(&format!("{header}spsc,std,0,1,1,1\n"), "").is_err());
        assert!(Data::parse(&header, "no separator\n").is_err());
    }

    #[test]
    fn a_missing_or_stray_row_is_an_error() {
        let mut data = Data::default();
        for scenario in SCENARIOS {
            for &channel in scenario.ids {
                data.runs.push(run(scenario.id, channel, 100));
            }
        }
        assert_eq!(data.check_complete(1), Ok(()));
        assert!(data.check_complete(2).is_err());
        let mut missing = data.clone();
        missing
            .runs
            .retain(|run| !(run.scenario == "bounded1" && run.channel == "mailslot"));
        let error = missing.check_complete(1).unwrap_err();
        assert!(error.contains("bounded1/mailslot"), "{error}");
        let mut stray = data;
        stray.runs.push(run("spsc", "nobody", 1));
        assert!(stray.check_complete(1).unwrap_err().contains("spsc/nobody"));
    }

    #[test]
    fn spread_is_min_median_max() {
        let spread = Spread::of([3.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!(
            spread,
            Spread {
                min: 1.0,
                median: 2.5,
                max: 10.0
            }
        );
        assert_eq!(Spread::of([4.0]).unwrap().median, 4.0);
        assert_eq!(Spread::of([]), None);
    }

    #[test]
    fn every_crowded_scenario_has_an_uncrowded_baseline_with_the_same_channels() {
        for scenario in SCENARIOS.iter().filter(|s| s.section == Section::Crowded) {
            let baseline = scenario_by_id(scenario.baseline.unwrap()).unwrap();
            assert_eq!(baseline.cores, None, "{}", scenario.id);
            for channel in scenario.ids {
                assert!(baseline.ids.contains(channel), "{}/{channel}", scenario.id);
            }
        }
    }
}
