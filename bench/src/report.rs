//! Turns criterion's output of `cargo bench -p mailslot-bench` into the book's chart and tables.
//!
//! Reads `target/criterion/GROUP/ID/new/{estimates,benchmark}.json` (the median time of one run, and
//! the run's message count), and writes:
//! - `bench/results/channels.md`, `floor.md`, `counter.md`: the tables the chapter includes;
//! - `bench/results/machine.md`: when and on what the numbers were measured;
//! - `bench/results/results.csv`: every figure, in nanoseconds per message;
//! - `book/src/img/channels.svg`, `book/src/img/counter.svg`: the charts.
//!
//! `cargo xtask bench` runs the benchmarks and then this; run it alone with
//! `cargo run -p mailslot-bench --bin bench-report` to redraw from the last benchmark run.
//! `MAILSLOT_BENCH_LOAD` (set by `cargo xtask bench`) is the load average taken before the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The channel implementations of a scenario, in the order of the table's columns and the chart's
/// bars. The second is the book's naive step: step 1 for the unbounded scenarios, step 4 (the first
/// step with a capacity) for the bounded ones.
fn channels(group: &str) -> [&'static str; 5] {
    let naive = if group.starts_with("bounded") {
        "step4"
    } else {
        "step1"
    };
    ["mailslot", naive, "std", "crossbeam", "flume"]
}
/// The peers mailslot is compared with (the naive step is our own past, not a peer).
const PEERS: [&str; 3] = ["std", "crossbeam", "flume"];

/// The channel scenarios: criterion group, and the label the book shows.
const SCENARIOS: [(&str, &str); 8] = [
    ("spsc", "SPSC unbounded, 8 bytes"),
    ("mpsc4", "4 producers, unbounded"),
    ("bounded0", "bounded(0), rendezvous"),
    ("bounded1", "bounded(1)"),
    ("bounded64", "bounded(64)"),
    ("ping_pong", "ping-pong round trip"),
    ("spsc_1kib_value", "SPSC, 1 KiB by value"),
    ("spsc_1kib_arc", "SPSC, 1 KiB in an Arc"),
];

const FLOOR: [(&str, &str); 3] = [
    (
        "lock_push_pop",
        "one thread: lock, push, unlock, lock, pop, unlock",
    ),
    ("notify_nobody", "`Condvar::notify_one` with nobody waiting"),
    (
        "spin_ping_pong",
        "round trip between two spinning threads (one atomic)",
    ),
];

const COUNTER: [(&str, &str); 4] = [
    ("atomic", "an `AtomicU64`, `fetch_add`"),
    ("mutex", "a `Mutex<u64>`"),
    (
        "channel_mailslot",
        "a mailslot channel to the counter's owner",
    ),
    ("channel_std", "a std channel to the counter's owner"),
];

/// Nanoseconds per message, by group and id.
type Results = BTreeMap<(String, String), f64>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ lives in the repo")
        .to_path_buf()
}

fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("criterion")
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e} (run `cargo bench -p mailslot-bench` first)",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The median of one benchmark divided by its message count: nanoseconds per message.
fn ns_per_message(dir: &Path, group: &str, id: &str) -> Result<f64, String> {
    let new = dir.join(group).join(id).join("new");
    let estimates = read_json(&new.join("estimates.json"))?;
    let benchmark = read_json(&new.join("benchmark.json"))?;
    let median = estimates["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{group}/{id}: no median in estimates.json"))?;
    let messages = benchmark["throughput"]["Elements"]
        .as_f64()
        .ok_or_else(|| format!("{group}/{id}: no element count in benchmark.json"))?;
    Ok(median / messages)
}

fn wanted() -> Vec<(&'static str, &'static str)> {
    let mut wanted = Vec::new();
    for (group, _) in SCENARIOS {
        for id in channels(group) {
            wanted.push((group, id));
        }
    }
    wanted.extend(FLOOR.iter().map(|&(id, _)| ("floor", id)));
    wanted.extend(COUNTER.iter().map(|&(id, _)| ("counter", id)));
    wanted
}

fn load(dir: &Path) -> Result<Results, String> {
    wanted()
        .into_iter()
        .map(|(group, id)| {
            let ns = ns_per_message(dir, group, id)?;
            Ok(((group.to_string(), id.to_string()), ns))
        })
        .collect()
}

fn get(results: &Results, group: &str, id: &str) -> f64 {
    results[&(group.to_string(), id.to_string())]
}

/// Three significant figures at most, and no decimals past them: 16.1, 439, 12 345.
fn ns(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2}")
    } else if value < 100.0 {
        format!("{value:.1}")
    } else {
        let rounded = if value < 1000.0 {
            value.round() as u64
        } else {
            let scale = 10f64.powi(value.log10().floor() as i32 - 2);
            ((value / scale).round() * scale) as u64
        };
        let digits = rounded.to_string();
        let mut out = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push('\u{202f}'); // a narrow no-break space between thousands
            }
            out.push(digit);
        }
        out
    }
}

fn ratio(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2}×")
    } else {
        format!("{value:.0}×")
    }
}

fn channels_table(results: &Results) -> String {
    let mut out = String::from(
        "| scenario (ns per message) | mailslot | naive step | std | crossbeam | flume | mailslot ÷ std | naive ÷ std | mailslot ÷ fastest peer |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for (group, label) in SCENARIOS {
        let [_, naive, ..] = channels(group);
        let cell = |id: &str| ns(get(results, group, id));
        let std = get(results, group, "std");
        let mailslot = get(results, group, "mailslot");
        let (fastest, fastest_ns) = PEERS
            .iter()
            .map(|&id| (id, get(results, group, id)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("there are peers");
        writeln!(
            out,
            "| {label} | {} | {} ({naive}) | {} | {} | {} | **{}** | {} | {} ({fastest}) |",
            cell("mailslot"),
            cell(naive),
            cell("std"),
            cell("crossbeam"),
            cell("flume"),
            ratio(mailslot / std),
            ratio(get(results, group, naive) / std),
            ratio(mailslot / fastest_ns),
        )
        .unwrap();
    }
    out
}

fn floor_table(results: &Results) -> String {
    let mut out = String::from("| the floor | ns |\n|---|--:|\n");
    for (id, label) in FLOOR {
        writeln!(out, "| {label} | {} |", ns(get(results, "floor", id))).unwrap();
    }
    let spsc = get(results, "spsc", "mailslot") / get(results, "floor", "lock_push_pop");
    let trip = get(results, "ping_pong", "mailslot") / get(results, "floor", "spin_ping_pong");
    write!(
        out,
        "\nmailslot's SPSC unbounded message costs **{}** the one-thread lock-push-pop floor; its \
         ping-pong round trip costs **{}** the spinning round trip.\n",
        ratio(spsc),
        ratio(trip),
    )
    .unwrap();
    out
}

fn counter_table(results: &Results) -> String {
    let atomic = get(results, "counter", "atomic");
    let mut out = String::from(
        "| two threads count together with… | ns per increment | ÷ atomic |\n|---|--:|--:|\n",
    );
    for (id, label) in COUNTER {
        let value = get(results, "counter", id);
        writeln!(
            out,
            "| {label} | {} | {} |",
            ns(value),
            ratio(value / atomic)
        )
        .unwrap();
    }
    out
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let load_before =
        std::env::var("MAILSLOT_BENCH_LOAD").unwrap_or_else(|_| "not recorded".into());
    let load_after = fs::read_to_string("/proc/loadavg")
        .map(|text| text.split(' ').take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".into());
    let rustc = command_output(
        &std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()),
        &["--version"],
    );
    format!(
        "Measured on {} with `cargo xtask bench`: a virtual machine with {cpus} cores ({model}), \
         Linux {}, {rustc}. Load average (1, 5, 15 minutes) when the run started: {load_before}; when it \
         ended: {load_after}. Other programs running at the same time slow the hand-offs (bounded(0), \
         bounded(1), ping-pong) most. Each figure is criterion's median over 10 timed runs of a whole scenario, divided by its \
         message count.\n",
        command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        kernel.trim(),
    )
}

fn csv(results: &Results) -> String {
    let mut out = String::from("group,id,ns_per_message\n");
    for ((group, id), value) in results {
        writeln!(out, "{group},{id},{value:.3}").unwrap();
    }
    out
}

// --- The chart -------------------------------------------------------------------------------------

/// One group of bars: a label, and (series, nanoseconds) pairs.
struct Row {
    label: String,
    bars: Vec<(String, f64)>,
}

fn colour(series: &str) -> &'static str {
    match series {
        "mailslot" | "channel_mailslot" => "#c8102e",
        "step1" | "step4" => "#8e6bbf",
        "std" | "channel_std" => "#1f6fb2",
        "crossbeam" | "mutex" => "#2e9b45",
        "flume" => "#e08a00",
        _ => "#555555",
    }
}

/// The legend's name for a series: the two naive steps share one colour and one entry.
fn legend(series: &str) -> &str {
    match series {
        "step1" | "step4" => "naive step (1; 4 when bounded)",
        other => other,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A horizontal bar chart on a logarithmic axis (the figures span four orders of magnitude).
fn bar_chart(title: &str, unit: &str, rows: &[Row]) -> String {
    const WIDTH: f64 = 800.0;
    const LEFT: f64 = 190.0;
    const RIGHT: f64 = 70.0;
    const BAR: f64 = 11.0;
    const GAP: f64 = 2.0;
    const ROW_GAP: f64 = 12.0;
    const TOP: f64 = 62.0;

    let values = rows.iter().flat_map(|row| row.bars.iter().map(|bar| bar.1));
    let min = values.clone().fold(f64::INFINITY, f64::min).max(0.1);
    let max = values.fold(0.0, f64::max).max(min * 10.0);
    let low = min.log10().floor();
    let high = max.log10().ceil();
    let plot = WIDTH - LEFT - RIGHT;
    let x = |value: f64| LEFT + (value.log10() - low) / (high - low) * plot;

    let mut series: Vec<&str> = Vec::new();
    for row in rows {
        for (name, _) in &row.bars {
            if !series.iter().any(|seen| legend(seen) == legend(name)) {
                series.push(name);
            }
        }
    }
    let height_of = |row: &Row| row.bars.len() as f64 * (BAR + GAP) + ROW_GAP;
    let plot_height: f64 = rows.iter().map(height_of).sum();
    let height = TOP + plot_height + 40.0;

    let mut svg = String::new();
    writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">"#
    )
    .unwrap();
    writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#).unwrap();
    writeln!(
        svg,
        r#"<text x="10" y="20" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    )
    .unwrap();
    let mut legend_x = LEFT;
    for name in &series {
        writeln!(
            svg,
            r#"<rect x="{legend_x}" y="32" width="11" height="11" fill="{}"/><text x="{}" y="42">{}</text>"#,
            colour(name),
            legend_x + 15.0,
            escape(legend(name))
        )
        .unwrap();
        legend_x += 24.0 + 6.0 * legend(name).len() as f64;
    }
    // A grid line per decade.
    let bottom = TOP + plot_height;
    for decade in low as i32..=high as i32 {
        let value = 10f64.powi(decade);
        let gx = x(value);
        let label = match decade {
            d if d < 3 => format!("{} ns", value as u64),
            d if d < 6 => format!("{} µs", 10u64.pow(d as u32 - 3)),
            d => format!("{} ms", 10u64.pow(d as u32 - 6)),
        };
        writeln!(
            svg,
            r##"<line x1="{gx:.1}" y1="{}" x2="{gx:.1}" y2="{bottom}" stroke="#dddddd"/><text x="{gx:.1}" y="{}" text-anchor="middle" fill="#444444">{label}</text>"##,
            TOP - 6.0,
            bottom + 14.0
        )
        .unwrap();
    }
    writeln!(
        svg,
        r##"<text x="{}" y="{}" text-anchor="middle" fill="#444444">{} (logarithmic scale: shorter is faster)</text>"##,
        LEFT + plot / 2.0,
        bottom + 30.0,
        escape(unit)
    )
    .unwrap();
    let mut y = TOP;
    for row in rows {
        let row_height = row.bars.len() as f64 * (BAR + GAP);
        writeln!(
            svg,
            r#"<text x="{}" y="{:.1}" text-anchor="end" font-weight="bold">{}</text>"#,
            LEFT - 8.0,
            y + row_height / 2.0 + 4.0,
            escape(&row.label)
        )
        .unwrap();
        for (name, value) in &row.bars {
            let width = (x(*value) - LEFT).max(1.0);
            writeln!(
                svg,
                r#"<rect x="{LEFT}" y="{y:.1}" width="{width:.1}" height="{BAR}" fill="{}"><title>{}: {} {}</title></rect><text x="{:.1}" y="{:.1}" font-size="10">{}</text>"#,
                colour(name),
                escape(name),
                ns(*value),
                escape(unit),
                LEFT + width + 4.0,
                y + BAR - 2.0,
                ns(*value)
            )
            .unwrap();
            y += BAR + GAP;
        }
        y += ROW_GAP;
    }
    svg.push_str("</svg>\n");
    svg
}

fn channels_chart(results: &Results) -> String {
    let rows: Vec<Row> = SCENARIOS
        .iter()
        .map(|&(group, label)| Row {
            label: label.to_string(),
            bars: channels(group)
                .iter()
                .map(|&id| (id.to_string(), get(results, group, id)))
                .collect(),
        })
        .collect();
    bar_chart(
        "mailslot, the book's naive steps 1 and 4, std, crossbeam and flume: time per message",
        "nanoseconds per message (per round trip for ping-pong)",
        &rows,
    )
}

fn counter_chart(results: &Results) -> String {
    let rows = vec![Row {
        label: "count to N, two threads".into(),
        bars: COUNTER
            .iter()
            .map(|&(id, _)| (id.to_string(), get(results, "counter", id)))
            .collect(),
    }];
    bar_chart(
        "Myth: message passing is always faster",
        "nanoseconds per increment",
        &rows,
    )
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::create_dir_all(path.parent().expect("a file in a folder"))
        .and_then(|()| fs::write(path, text))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn run() -> Result<(), String> {
    let results = load(&criterion_dir())?;
    let out = root().join("bench").join("results");
    let img = root().join("book").join("src").join("img");
    write(&out.join("channels.md"), &channels_table(&results))?;
    write(&out.join("floor.md"), &floor_table(&results))?;
    write(&out.join("counter.md"), &counter_table(&results))?;
    write(&out.join("machine.md"), &machine())?;
    write(&out.join("results.csv"), &csv(&results))?;
    write(&img.join("channels.svg"), &channels_chart(&results))?;
    write(&img.join("counter.svg"), &counter_chart(&results))?;
    print!("\n{}", channels_table(&results));
    print!("\n{}", floor_table(&results));
    print!("\n{}", counter_table(&results));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made-up figures: these tests check the generator's shape, never a timing.
    fn fake() -> Results {
        wanted()
            .into_iter()
            .enumerate()
            .map(|(i, (group, id))| ((group.into(), id.into()), 5.0 * (i + 1) as f64))
            .collect()
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(ns(7.0 / 3.0), "2.33");
        assert_eq!(ns(16.12), "16.1");
        assert_eq!(ns(439.4), "439");
        assert_eq!(ns(12_345.0), "12\u{202f}300");
        assert_eq!(ratio(0.583), "0.58×");
        assert_eq!(ratio(15.4), "15×");
    }

    #[test]
    fn every_scenario_has_a_row_and_every_bar_is_drawn() {
        let results = fake();
        let table = channels_table(&results);
        assert_eq!(table.lines().count(), 2 + SCENARIOS.len());
        let svg = channels_chart(&results);
        assert_eq!(svg.matches("<title>").count(), SCENARIOS.len() * 5);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    }

    #[test]
    fn reads_criterion_output() {
        let dir = std::env::temp_dir().join(format!("mailslot-bench-{}", std::process::id()));
        let new = dir.join("g").join("x").join("new");
        fs::create_dir_all(&new).unwrap();
        fs::write(
            new.join("estimates.json"),
            r#"{"median":{"point_estimate":2000.0}}"#,
        )
        .unwrap();
        fs::write(
            new.join("benchmark.json"),
            r#"{"throughput":{"Elements":100}}"#,
        )
        .unwrap();
        assert_eq!(ns_per_message(&dir, "g", "x"), Ok(20.0));
        fs::remove_dir_all(&dir).unwrap();
    }
}
