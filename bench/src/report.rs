//! The chapter's tables and charts, drawn from the raw data alone.
//!
//! [`render`] returns every generated file with its path; `cargo xtask bench` writes them, and the
//! quick mode compares them with the committed files (a table edited by hand, or not regenerated
//! after the data changed, fails the check command).

use std::fmt::Write as _;

use crate::{CHANNELS, Data, SCENARIOS, Scenario, Section, Spread, scenario_by_id};

/// A crowded run this many times slower per message than the uncrowded median has collapsed.
pub const COLLAPSE: f64 = 10.0;

/// Every generated file: a path relative to the repository's root, and its text.
pub fn render(data: &Data) -> Result<Vec<(String, String)>, String> {
    let results = |name: &str| format!("bench/results/{name}");
    let img = |name: &str| format!("book/src/img/{name}");
    Ok(vec![
        (results("machine.md"), machine(data)),
        (
            results("streaming.md"),
            channel_table(data, Section::Streaming)?,
        ),
        (
            results("handoffs.md"),
            channel_table(data, Section::HandOff)?,
        ),
        (results("crowded.md"), crowded_table(data)?),
        (results("costs.md"), costs_table(data)?),
        (results("targets.md"), targets(data)?),
        (results("floor.md"), floor_table(data)?),
        (results("counter.md"), counter_table(data)?),
        (img("channels.svg"), channels_chart(data)?),
        (img("crowded.svg"), crowded_chart(data)?),
        (img("counter.svg"), counter_chart(data)?),
    ])
}

// --- Numbers ---------------------------------------------------------------------------------------

/// Three significant figures at most, and no decimals past them: 16.1, 439, 12 300.
pub fn ns(value: f64) -> String {
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
        thousands(rounded)
    }
}

/// Digits in groups of three, with a narrow no-break space between them: 12 300.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

pub fn ratio(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2}×")
    } else {
        format!("{value:.0}×")
    }
}

/// Wall and CPU time per message of one (scenario, channel), over its runs.
#[derive(Clone, Copy, Debug)]
struct Cell {
    wall: Spread,
    cpu: Spread,
    /// System time's share of the CPU time, over all runs.
    system_share: f64,
    runs: usize,
}

fn cell(data: &Data, scenario: &str, channel: &str) -> Result<Cell, String> {
    let runs = data.cell(scenario, channel);
    let missing = || format!("no runs of {scenario}/{channel}");
    let wall = Spread::of(runs.iter().map(|run| run.wall_per_message())).ok_or_else(missing)?;
    let cpu = Spread::of(runs.iter().map(|run| run.cpu_per_message())).ok_or_else(missing)?;
    let system: u64 = runs.iter().map(|run| run.sys_ns).sum();
    let total: u64 = runs.iter().map(|run| run.user_ns + run.sys_ns).sum();
    Ok(Cell {
        wall,
        cpu,
        system_share: if total == 0 {
            0.0
        } else {
            system as f64 / total as f64
        },
        runs: runs.len(),
    })
}

fn spread_text(spread: Spread) -> String {
    format!("{} – {}", ns(spread.min), ns(spread.max))
}

/// The name of a channel in a table: mailslot stands out; the naive steps say what they are.
fn channel_name(channel: &str) -> String {
    match channel {
        "mailslot" => "**mailslot**".into(),
        "step1" => "naive step 1".into(),
        "step4" => "naive step 4".into(),
        other => other.into(),
    }
}

fn scenarios(section: Section) -> impl Iterator<Item = &'static Scenario> {
    SCENARIOS.iter().filter(move |s| s.section == section)
}

fn special(id: &str) -> Result<&'static Scenario, String> {
    scenario_by_id(id).ok_or_else(|| format!("no scenario `{id}`"))
}

// --- Tables ----------------------------------------------------------------------------------------

fn machine(data: &Data) -> String {
    let c = |key| data.condition(key);
    let mut out = format!(
        "Measured on {} with `cargo xtask bench`, which took {}: a virtual machine with {} cores ({}), \
         Linux {}, {}, mailslot at commit {} (`src/chan.rs`: {} lines). Load average (1, 5, 15 \
         minutes) when the run started: **{}**; when it ended: **{}**. Other programs kept **{}** \
         cores busy on average during the run (the machine's busy time in `/proc/stat`, less the \
         benchmark's own CPU time).",
        c("date"),
        c("duration"),
        c("cores"),
        c("cpu"),
        c("kernel"),
        c("rustc"),
        c("commit"),
        c("src/chan.rs lines"),
        c("load at start"),
        c("load at end"),
        c("cores used by other programs"),
    );
    // What other programs did during the run is measured (`/proc/stat`); the load average is only
    // the fallback, and only at the start: at the end it counts the benchmark's own threads, and at
    // the start it still remembers a run that has just finished.
    let busy = match c("cores used by other programs").parse::<f64>() {
        Ok(cores) => cores > 0.1,
        Err(_) => c("load at start")
            .split(", ")
            .next()
            .and_then(|one_minute| one_minute.parse::<f64>().ok())
            .is_some_and(|one_minute| one_minute > 0.5),
    };
    if busy {
        out.push_str(
            " The machine was **not quiet**: other programs competed for the cores during the run, \
             which slows the hand-offs most and widens every spread.",
        );
    }
    write!(
        out,
        "\n\nEach benchmark ran once untimed, then {} timed runs (fewer if its runs took more than a \
         few seconds in all; the tables give the count where it is smaller). A run times everything \
         from creating the channel and spawning its threads to joining them: **wall time** by the \
         clock, and **CPU time** as the user + system time of the whole process \
         (`getrusage(RUSAGE_SELF)`, which adds up every thread), both divided by the run's message \
         count: {} messages for a stream, {} for a hand-off scenario, {} increments for the counter.\n",
        c("timed runs per benchmark"),
        count(c("messages per stream")),
        count(c("messages per hand-off run")),
        count(c("increments per counter run")),
    )
    .unwrap();
    out
}

/// A count with its thousands apart: 200 000.
fn count(text: &str) -> String {
    text.parse().map_or_else(|_| text.to_string(), thousands)
}

fn channel_table(data: &Data, section: Section) -> Result<String, String> {
    let mut out = String::from(
        "| scenario | channel | wall ns/msg, median | wall, min – max | CPU ns/msg, median | CPU, min – max | wall ÷ std | CPU ÷ std |\n\
         |---|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for scenario in scenarios(section) {
        let std = cell(data, scenario.id, "std")?;
        for (i, &channel) in scenario.ids.iter().enumerate() {
            let this = cell(data, scenario.id, channel)?;
            writeln!(
                out,
                "| {} | {}{} | {} | {} | {} | {} | {} | {} |",
                if i == 0 { scenario.label } else { "" },
                channel_name(channel),
                runs_note(this.runs, data),
                ns(this.wall.median),
                spread_text(this.wall),
                ns(this.cpu.median),
                spread_text(this.cpu),
                ratio(this.wall.median / std.wall.median),
                ratio(this.cpu.median / std.cpu.median),
            )
            .unwrap();
        }
    }
    Ok(out)
}

/// " (7 runs)" when a benchmark made fewer timed runs than the others.
fn runs_note(runs: usize, data: &Data) -> String {
    let planned: usize = data
        .condition("timed runs per benchmark")
        .parse()
        .unwrap_or(0);
    if runs < planned {
        format!(" ({runs} runs)")
    } else {
        String::new()
    }
}

/// The slowest run of a crowded (scenario, channel), per message, divided by the uncrowded median.
fn collapse_factor(data: &Data, scenario: &Scenario, channel: &str) -> Result<f64, String> {
    let baseline = scenario
        .baseline
        .ok_or_else(|| format!("{} has no baseline", scenario.id))?;
    Ok(cell(data, scenario.id, channel)?.wall.max / cell(data, baseline, channel)?.wall.median)
}

fn crowded_table(data: &Data) -> Result<String, String> {
    let mut out = String::from(
        "| scenario | channel | wall ns/msg, median | wall, min – max | CPU ns/msg, median | wall ÷ std | uncrowded wall, median | slowest run ÷ uncrowded | collapsed? |\n\
         |---|---|--:|--:|--:|--:|--:|--:|:-:|\n",
    );
    for scenario in scenarios(Section::Crowded) {
        let std = cell(data, scenario.id, "std")?;
        let baseline = scenario.baseline.unwrap_or_default();
        for (i, &channel) in scenario.ids.iter().enumerate() {
            let this = cell(data, scenario.id, channel)?;
            let factor = collapse_factor(data, scenario, channel)?;
            writeln!(
                out,
                "| {} | {}{} | {} | {} | {} | {} | {} ({baseline}) | {} | {} |",
                if i == 0 { scenario.label } else { "" },
                channel_name(channel),
                runs_note(this.runs, data),
                ns(this.wall.median),
                spread_text(this.wall),
                ns(this.cpu.median),
                ratio(this.wall.median / std.wall.median),
                ns(cell(data, baseline, channel)?.wall.median),
                ratio(factor),
                if factor >= COLLAPSE { "**yes**" } else { "no" },
            )
            .unwrap();
        }
    }
    write!(
        out,
        "\nA run **collapses** when it takes {}× or more the median time per message of the same \
         channel in the uncrowded scenario named in brackets (for 8 producers: the same channel \
         with one producer on every core).\n",
        COLLAPSE
    )
    .unwrap();
    Ok(out)
}

/// Who pays for waiting: how many cores a channel keeps busy, and how much of that is the kernel.
fn costs_table(data: &Data) -> Result<String, String> {
    let mut out = String::from(
        "| scenario | channel | wall ns/msg | CPU ns/msg | CPU ÷ wall (cores kept busy) | system share of CPU | CPU ÷ std |\n\
         |---|---|--:|--:|--:|--:|--:|\n",
    );
    for scenario in scenarios(Section::HandOff) {
        let std = cell(data, scenario.id, "std")?;
        for (i, channel) in CHANNELS.iter().enumerate() {
            let this = cell(data, scenario.id, channel)?;
            writeln!(
                out,
                "| {} | {} | {} | {} | {:.2} | {:.0} % | {} |",
                if i == 0 { scenario.label } else { "" },
                channel_name(channel),
                ns(this.wall.median),
                ns(this.cpu.median),
                this.cpu.median / this.wall.median,
                100.0 * this.system_share,
                ratio(this.cpu.median / std.cpu.median),
            )
            .unwrap();
        }
    }
    Ok(out)
}

/// One target of the issue: what is compared, the limit, and whether the median ratio meets it.
struct Target {
    what: String,
    measured: f64,
    /// The ratio from the most favourable to the least favourable pairing of runs.
    range: Option<(f64, f64)>,
    limit: String,
    met: bool,
}

/// mailslot ÷ std in one scenario: the ratio of the medians, and its range over the runs.
fn against_std(data: &Data, scenario: &str, cpu: bool) -> Result<(f64, (f64, f64)), String> {
    let pick = |cell: Cell| if cpu { cell.cpu } else { cell.wall };
    let mailslot = pick(cell(data, scenario, "mailslot")?);
    let std = pick(cell(data, scenario, "std")?);
    Ok((
        mailslot.median / std.median,
        (mailslot.min / std.max, mailslot.max / std.min),
    ))
}

/// The limits a ratio to std is held to: at most, or (keeping a lead) strictly below.
#[derive(Clone, Copy)]
enum Limit {
    AtMost(f64),
    Below(f64),
}

/// One "mailslot ÷ std" target: the ratio of the medians in `scenario`, by wall or CPU time.
fn ratio_target(
    data: &Data,
    scenario: &str,
    cpu: bool,
    what: String,
    limit: Limit,
) -> Result<Target, String> {
    let (measured, range) = against_std(data, scenario, cpu)?;
    let (limit, met) = match limit {
        Limit::AtMost(x) => (format!("≤ {x:.1}×"), measured <= x),
        Limit::Below(x) => (format!("< {x:.1}×"), measured < x),
    };
    Ok(Target {
        what,
        measured,
        range: Some(range),
        limit,
        met,
    })
}

fn target_list(data: &Data) -> Result<Vec<Target>, String> {
    let mut list = Vec::new();
    for id in ["spsc", "mpsc4"] {
        let what = format!("{}: wall time ÷ std", special(id)?.label);
        list.push(ratio_target(data, id, false, what, Limit::AtMost(1.0))?);
    }
    for scenario in scenarios(Section::HandOff) {
        let (id, label) = (scenario.id, scenario.label);
        let what = format!("{label}: wall time ÷ std (keep the lead)");
        list.push(ratio_target(data, id, false, what, Limit::Below(1.0))?);
        let what = format!("{label}: CPU time ÷ std");
        list.push(ratio_target(data, id, true, what, Limit::AtMost(2.0))?);
    }
    for scenario in scenarios(Section::Crowded) {
        let what = format!("{}: wall time ÷ std", scenario.label);
        list.push(ratio_target(
            data,
            scenario.id,
            false,
            what,
            Limit::AtMost(1.5),
        )?);
    }
    let (worst, worst_scenario) = scenarios(Section::Crowded)
        .map(|scenario| Ok((collapse_factor(data, scenario, "mailslot")?, scenario.label)))
        .collect::<Result<Vec<_>, String>>()?
        .into_iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .ok_or("no crowded scenario")?;
    list.push(Target {
        what: format!(
            "no collapse: mailslot's slowest crowded run ÷ its uncrowded median (worst: {worst_scenario})"
        ),
        measured: worst,
        range: None,
        limit: "< 10×".into(),
        met: worst < COLLAPSE,
    });
    Ok(list)
}

fn targets(data: &Data) -> Result<String, String> {
    let list = target_list(data)?;
    let mut out = String::from(
        "| target | mailslot, median ratio | range over the runs | limit | met? |\n|---|--:|--:|:-:|:-:|\n",
    );
    for target in &list {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            target.what,
            // Three decimals: a ratio of 1.004 must not read "1.00×, not met".
            if target.measured < 10.0 {
                format!("{:.3}×", target.measured)
            } else {
                format!("{:.1}×", target.measured)
            },
            target.range.map_or("".into(), |(low, high)| format!(
                "{} – {}",
                ratio(low),
                ratio(high)
            )),
            target.limit,
            if target.met { "yes" } else { "**no**" },
        )
        .unwrap();
    }
    let lines: usize = data
        .condition("src/chan.rs lines")
        .parse()
        .unwrap_or(usize::MAX);
    writeln!(
        out,
        "| the core stays readable: lines of `src/chan.rs`, comments included | {} lines | | < 350 | {} |",
        data.condition("src/chan.rs lines"),
        if lines < 350 { "yes" } else { "**no**" },
    )
    .unwrap();
    let met = list.iter().filter(|t| t.met).count() + usize::from(lines < 350);
    write!(
        out,
        "\n**{met} of {} targets met** in this run. The range pairs mailslot's fastest run with \
         std's slowest, and mailslot's slowest with std's fastest: where it straddles the limit, \
         another run on this machine may well decide the target the other way.\n",
        list.len() + 1
    )
    .unwrap();
    Ok(out)
}

const FLOOR_LABELS: [(&str, &str); 3] = [
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

fn floor_table(data: &Data) -> Result<String, String> {
    let floor = special("floor")?;
    let mut out = String::from(
        "| the floor | wall ns, median | wall, min – max | CPU ns, median |\n|---|--:|--:|--:|\n",
    );
    for &id in floor.ids {
        let label = FLOOR_LABELS
            .iter()
            .find(|(key, _)| *key == id)
            .map_or(id, |(_, label)| label);
        let this = cell(data, floor.id, id)?;
        writeln!(
            out,
            "| {label} | {} | {} | {} |",
            ns(this.wall.median),
            spread_text(this.wall),
            ns(this.cpu.median)
        )
        .unwrap();
    }
    let spsc = cell(data, "spsc", "mailslot")?.wall.median
        / cell(data, "floor", "lock_push_pop")?.wall.median;
    let trip = cell(data, "ping_pong", "mailslot")?.wall.median
        / cell(data, "floor", "spin_ping_pong")?.wall.median;
    write!(
        out,
        "\nmailslot's SPSC unbounded message costs **{}** the one-thread lock-push-pop floor; its \
         ping-pong round trip costs **{}** the spinning round trip.\n",
        ratio(spsc),
        ratio(trip),
    )
    .unwrap();
    Ok(out)
}

const COUNTER_LABELS: [(&str, &str); 4] = [
    ("atomic", "an `AtomicU64`, `fetch_add`"),
    ("mutex", "a `Mutex<u64>`"),
    (
        "channel_mailslot",
        "a mailslot channel to the counter's owner",
    ),
    ("channel_std", "a std channel to the counter's owner"),
];

fn counter_table(data: &Data) -> Result<String, String> {
    let counter = special("counter")?;
    let atomic = cell(data, counter.id, "atomic")?;
    let mut out = String::from(
        "| two threads count together with… | ns per increment | ÷ atomic | CPU ns per increment |\n|---|--:|--:|--:|\n",
    );
    for &id in counter.ids {
        let label = COUNTER_LABELS
            .iter()
            .find(|(key, _)| *key == id)
            .map_or(id, |(_, label)| label);
        let this = cell(data, counter.id, id)?;
        writeln!(
            out,
            "| {label} | {} | {} | {} |",
            ns(this.wall.median),
            ratio(this.wall.median / atomic.wall.median),
            ns(this.cpu.median),
        )
        .unwrap();
    }
    Ok(out)
}

// --- Charts ----------------------------------------------------------------------------------------

fn colour(series: &str) -> &'static str {
    match series {
        "mailslot" | "channel_mailslot" => "#c8102e",
        "step1" | "step4" => "#8e6bbf",
        "std" | "channel_std" => "#1f6fb2",
        "crossbeam" | "mutex" => "#2e9b45",
        "flume" => "#e08a00",
        "kanal" => "#6b6b6b",
        _ => "#111111",
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

/// One group of bars: a scenario, and per series its wall time and (if shown) CPU time.
struct Row {
    label: String,
    bars: Vec<(String, Spread, Option<Spread>)>,
}

/// Horizontal bars on a logarithmic axis (the figures span five orders of magnitude): per series a
/// solid bar for the median wall time and a pale one for the median CPU time, each with a line from
/// the fastest to the slowest run.
fn bar_chart(title: &str, unit: &str, rows: &[Row]) -> String {
    const WIDTH: f64 = 820.0;
    const LEFT: f64 = 215.0;
    const RIGHT: f64 = 60.0;
    const BAR: f64 = 7.0;
    const GAP: f64 = 3.0;
    const ROW_GAP: f64 = 12.0;
    const TOP: f64 = 84.0;

    let values = rows.iter().flat_map(|row| {
        row.bars.iter().flat_map(|(_, wall, cpu)| {
            [wall.min, wall.max]
                .into_iter()
                .chain(cpu.iter().flat_map(|cpu| [cpu.min, cpu.max]))
        })
    });
    let min = values.clone().fold(f64::INFINITY, f64::min).max(0.1);
    let max = values.fold(0.0, f64::max).max(min * 10.0);
    let low = min.log10().floor();
    let high = max.log10().ceil();
    let plot = WIDTH - LEFT - RIGHT;
    // A zero (a run too short for the CPU clock) is drawn at the left edge, not at minus infinity.
    let x = |value: f64| LEFT + (value.max(10f64.powf(low)).log10() - low) / (high - low) * plot;
    let bars_of = |row: &Row| {
        row.bars
            .iter()
            .map(|(_, _, cpu)| if cpu.is_some() { 2.0 * BAR } else { BAR } + GAP)
            .sum::<f64>()
    };

    let mut series: Vec<&str> = Vec::new();
    for row in rows {
        for (name, _, _) in &row.bars {
            if !series.iter().any(|seen| legend(seen) == legend(name)) {
                series.push(name);
            }
        }
    }
    let plot_height: f64 = rows.iter().map(|row| bars_of(row) + ROW_GAP).sum();
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
    let mut legend_x = 10.0;
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
    writeln!(
        svg,
        r##"<rect x="10" y="52" width="22" height="{BAR}" fill="#444444"/><text x="36" y="59">wall time (median)</text><rect x="160" y="52" width="22" height="{BAR}" fill="#444444" fill-opacity="0.35"/><text x="186" y="59">CPU time, all threads (median)</text><line x1="380" y1="55.5" x2="410" y2="55.5" stroke="black"/><text x="416" y="59">fastest to slowest run</text>"##
    )
    .unwrap();
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
        writeln!(
            svg,
            r#"<text x="{}" y="{:.1}" text-anchor="end" font-weight="bold">{}</text>"#,
            LEFT - 8.0,
            y + bars_of(row) / 2.0 + 4.0,
            escape(&row.label)
        )
        .unwrap();
        for (name, wall, cpu) in &row.bars {
            let kinds = [("wall", Some(*wall), 1.0), ("CPU", *cpu, 0.35)];
            for (kind, spread, opacity) in kinds {
                let Some(spread) = spread else { continue };
                let width = (x(spread.median) - LEFT).max(1.0);
                let mid = y + BAR / 2.0;
                writeln!(
                    svg,
                    r#"<rect x="{LEFT}" y="{y:.1}" width="{width:.1}" height="{BAR}" fill="{}" fill-opacity="{opacity}"><title>{}, {kind}: median {} {unit}, runs {} – {}</title></rect><line x1="{:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="black" stroke-width="1"/>"#,
                    colour(name),
                    escape(name),
                    ns(spread.median),
                    ns(spread.min),
                    ns(spread.max),
                    x(spread.min),
                    x(spread.max),
                )
                .unwrap();
                if kind == "wall" {
                    writeln!(
                        svg,
                        r#"<text x="{:.1}" y="{:.1}" font-size="9">{}</text>"#,
                        x(spread.max).max(LEFT + width) + 4.0,
                        y + BAR,
                        ns(spread.median)
                    )
                    .unwrap();
                }
                y += BAR;
            }
            y += GAP;
        }
        y += ROW_GAP;
    }
    svg.push_str("</svg>\n");
    svg
}

fn channel_rows<'a>(
    data: &Data,
    scenarios: impl Iterator<Item = &'a Scenario>,
) -> Result<Vec<Row>, String> {
    scenarios
        .map(|scenario| {
            let bars = scenario
                .ids
                .iter()
                .map(|&id| {
                    let this = cell(data, scenario.id, id)?;
                    Ok((id.to_string(), this.wall, Some(this.cpu)))
                })
                .collect::<Result<_, String>>()?;
            Ok(Row {
                label: scenario.label.to_string(),
                bars,
            })
        })
        .collect()
}

fn channels_chart(data: &Data) -> Result<String, String> {
    let uncrowded = SCENARIOS
        .iter()
        .filter(|s| matches!(s.section, Section::Streaming | Section::HandOff));
    Ok(bar_chart(
        "Time per message, wall and CPU: mailslot, the naive steps, std, crossbeam, flume, kanal",
        "nanoseconds per message (per round trip for ping-pong)",
        &channel_rows(data, uncrowded)?,
    ))
}

fn crowded_chart(data: &Data) -> Result<String, String> {
    Ok(bar_chart(
        "Crowded: more runnable threads than cores (wall and CPU time per message)",
        "nanoseconds per message (per round trip for ping-pong)",
        &channel_rows(data, scenarios(Section::Crowded))?,
    ))
}

fn counter_chart(data: &Data) -> Result<String, String> {
    let counter = special("counter")?;
    let bars = counter
        .ids
        .iter()
        .map(|&id| Ok((id.to_string(), cell(data, counter.id, id)?.wall, None)))
        .collect::<Result<_, String>>()?;
    Ok(bar_chart(
        "Myth: message passing is always faster",
        "nanoseconds per increment (wall time)",
        &[Row {
            label: counter.label.into(),
            bars,
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Run;

    /// Made-up figures: these tests check the report's shape and arithmetic, never a timing.
    fn fake(mailslot_factor: u64) -> Data {
        let mut data = Data::default();
        for scenario in SCENARIOS {
            for (i, &channel) in scenario.ids.iter().enumerate() {
                for k in 0..3u64 {
                    let base = 1_000 * (i as u64 + 2);
                    let per_run = if channel == "mailslot" {
                        1_000 * mailslot_factor
                    } else {
                        base
                    };
                    // Runs 10 % apart, every channel alike: the median ratios stay exact.
                    let wall = per_run * (10 + k) / 10;
                    data.runs.push(Run {
                        scenario: scenario.id.into(),
                        channel: channel.into(),
                        messages: 10,
                        wall_ns: wall,
                        user_ns: wall,
                        sys_ns: wall / 4,
                    });
                }
            }
        }
        data.conditions
            .insert("timed runs per benchmark".into(), "3".into());
        data.conditions
            .insert("src/chan.rs lines".into(), "333".into());
        data
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(ns(7.0 / 3.0), "2.33");
        assert_eq!(ns(16.12), "16.1");
        assert_eq!(ns(439.4), "439");
        assert_eq!(ns(12_345.0), "12\u{202f}300");
        assert_eq!(count("123456"), "123\u{202f}456");
        assert_eq!(count("unknown"), "unknown");
        assert_eq!(ratio(0.583), "0.58×");
        assert_eq!(ratio(15.4), "15×");
    }

    #[test]
    fn every_scenario_and_channel_has_a_row_and_two_bars() {
        let data = fake(1);
        let files = render(&data).unwrap();
        let text = |name: &str| {
            &files
                .iter()
                .find(|(path, _)| path.ends_with(name))
                .unwrap()
                .1
        };
        let rows = |section| scenarios(section).map(|s| s.ids.len()).sum::<usize>();
        assert_eq!(
            text("streaming.md").lines().count(),
            2 + rows(Section::Streaming)
        );
        assert_eq!(
            text("handoffs.md").lines().count(),
            2 + rows(Section::HandOff)
        );
        let chart = text("channels.svg");
        assert_eq!(
            chart.matches("<title>").count(),
            2 * (rows(Section::Streaming) + rows(Section::HandOff))
        );
        assert!(chart.starts_with("<svg") && chart.ends_with("</svg>\n"));
        assert_eq!(
            text("crowded.svg").matches("<title>").count(),
            2 * rows(Section::Crowded)
        );
    }

    #[test]
    fn targets_follow_the_ratios() {
        // mailslot at 1 µs per run beats std (3 µs) everywhere: every ratio target met.
        let fast = targets(&fake(1)).unwrap();
        assert!(!fast.contains("**no**"), "{fast}");
        // At 9 µs it is 3× std: the ratio targets fail, and 9× is still no collapse.
        let slow = targets(&fake(9)).unwrap();
        assert!(slow.contains("| 3.000× |"), "{slow}");
        assert!(slow.contains("**no**"));
        let count = target_list(&fake(9)).unwrap().len() + 1;
        assert!(slow.contains(&format!("of {count} targets met")), "{slow}");
    }

    #[test]
    fn a_collapse_is_reported() {
        let mut data = fake(1);
        for run in &mut data.runs {
            if run.scenario == "bounded1_1core" && run.channel == "flume" {
                run.wall_ns *= 20;
            }
        }
        let table = crowded_table(&data).unwrap();
        let row = table
            .lines()
            .skip_while(|line| !line.starts_with("| bounded(1), one core"))
            .find(|line| line.contains("| flume |"))
            .unwrap();
        assert!(row.ends_with("| **yes** |"), "{row}");
        assert_eq!(table.matches("**yes**").count(), 1);
    }

    #[test]
    fn a_missing_cell_is_an_error_not_a_blank() {
        let mut data = fake(1);
        data.runs
            .retain(|run| run.scenario != "ping_pong" || run.channel != "kanal");
        let error = render(&data).unwrap_err();
        assert!(error.contains("ping_pong/kanal"), "{error}");
    }
}
