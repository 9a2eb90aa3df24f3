//! Trace pictures: every failing-schedule trace the book shows, drawn as an SVG swimlane.
//!
//! The traces are the zoo's snapshots (`snapshots/zoo_trace_*.snap` from loom,
//! `snapshots/zoo_shuttle_trace_*.snap` from shuttle), which `tests/zoo/mod.rs` renders from the
//! model journal of the failing execution. This file reads those tables back and draws them: one
//! lane per thread, one row per step, a bar while a thread holds the lock, a dashed lane while it
//! sleeps on a condvar, the queue after each step, the preemption and the decisive steps marked,
//! and the verdict at the end. The pictures are insta snapshots (`snapshots/picture_*.snap`), so a
//! changed trace or drawing shows up as a snapshot diff; the book inlines them, and `<title>` and
//! `<desc>` carry the text alternative. Colours are `currentColor` and classes styled by
//! `book/src/games/game.css`, so the pictures follow the book's light and dark themes.
//!
//! A trace longer than `LONG` steps is drawn with only its decisive steps and their neighbours,
//! the gaps marked; the book keeps the full table in a `<details>` box below the picture.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Traces longer than this are drawn decisive steps first.
const LONG: usize = 20;
/// How many of a long trace's last steps are drawn, besides its decisive ones.
const TAIL: usize = 8;
/// Roughly the width of one character of the 12 px monospace text, with some room to spare.
const CHAR_W: f64 = 7.5;

#[derive(Debug, Clone, PartialEq)]
struct Row {
    step: usize,
    thread: String,
    what: String,
    after: String,
}

#[derive(Debug)]
struct Trace {
    /// The lines before the table: which program, which checker.
    heading: Vec<String>,
    rows: Vec<Row>,
    verdict: String,
}

/// Reads a trace snapshot: the heading, the table (columns found from its header line), and the
/// `what went wrong:` line.
fn parse(text: &str) -> Result<Trace, String> {
    let body: Vec<&str> = text.lines().skip(3).collect();
    let header_at = body
        .iter()
        .position(|l| l.starts_with("step  thread"))
        .ok_or("no table header")?;
    let header = body[header_at];
    let col = |name: &str| header.find(name).ok_or(format!("no column {name}"));
    let (thread_at, what_at) = (col("thread")?, col("operation")?);
    // The one-shot's traces (oneshot/tests/) have no channel state to show: no `afterwards`.
    let after_at = header.find("afterwards").unwrap_or(usize::MAX);
    let mut rows = Vec::new();
    let mut verdict = None;
    for line in &body[header_at + 1..] {
        if let Some(v) = line.strip_prefix("what went wrong: ") {
            verdict = Some(v.to_string());
            break;
        }
        let cut = |from: usize, to: usize| line.get(from..to.min(line.len())).unwrap_or("").trim();
        rows.push(Row {
            step: cut(0, thread_at)
                .parse()
                .map_err(|_| format!("bad row: {line}"))?,
            thread: cut(thread_at, what_at).to_string(),
            what: cut(what_at, after_at).to_string(),
            after: line
                .get(after_at.min(line.len())..)
                .unwrap_or("")
                .trim()
                .to_string(),
        });
    }
    Ok(Trace {
        heading: body[..header_at]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.to_string())
            .collect(),
        rows,
        verdict: verdict.ok_or("no `what went wrong:` line")?,
    })
}

/// What the picture knows at each row, worked out from the rows before it.
struct Lanes {
    threads: Vec<String>,
    /// Per row: which threads hold a lock after it.
    holding: Vec<BTreeSet<String>>,
    /// Per row: which threads are asleep after it.
    asleep: Vec<BTreeSet<String>>,
    /// Rows at which the running thread was switched out while it could still run.
    preempted: BTreeSet<usize>,
    decisive: BTreeSet<usize>,
}

fn lanes(trace: &Trace) -> Lanes {
    let mut threads: Vec<String> = Vec::new();
    for row in &trace.rows {
        if !threads.contains(&row.thread) {
            threads.push(row.thread.clone());
        }
    }
    let mut holding = Vec::new();
    let mut asleep = Vec::new();
    let mut now_holding: BTreeSet<String> = BTreeSet::new();
    let mut now_asleep: BTreeSet<String> = BTreeSet::new();
    let mut preempted = BTreeSet::new();
    for (i, row) in trace.rows.iter().enumerate() {
        // A switch away from a thread that did not go to sleep, was not waiting for a lock that
        // someone else held, and runs again later: the checker preempted it.
        if i > 0 {
            let before = &trace.rows[i - 1];
            let came_back = trace.rows[i..].iter().any(|r| r.thread == before.thread);
            let slept = before.what.starts_with("wait on") || before.what == "parks";
            let lock_busy = now_holding.iter().any(|h| *h != before.thread);
            if row.thread != before.thread && came_back && !slept && !lock_busy {
                preempted.insert(i);
            }
        }
        if row.what == "lock" || row.what.starts_with("wakes up") {
            now_holding.insert(row.thread.clone());
        }
        if row.what == "unlock" || row.what.starts_with("wait on") {
            now_holding.remove(&row.thread);
        }
        if row.what.starts_with("wait on") || row.what == "parks" {
            now_asleep.insert(row.thread.clone());
        }
        if row.what.starts_with("wakes up") || row.what.starts_with("returns from park") {
            now_asleep.remove(&row.thread);
        }
        holding.push(now_holding.clone());
        asleep.push(now_asleep.clone());
    }
    // Decisive: the preemptions, a notification nobody received, messages dropped or taken
    // back, and the last step, where the failure shows.
    let mut decisive: BTreeSet<usize> = preempted.clone();
    for (i, row) in trace.rows.iter().enumerate() {
        if row.what.contains("lost") || row.what.starts_with("drop ") && row.what.contains("queued")
        {
            decisive.insert(i);
        }
    }
    if !trace.rows.is_empty() {
        decisive.insert(trace.rows.len() - 1);
    }
    Lanes {
        threads,
        holding,
        asleep,
        preempted,
        decisive,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The rows to draw: all of a short trace; for a long one, each decisive step with one step of
/// context either side (`None` marks a gap).
fn shown_rows(trace: &Trace, lanes: &Lanes) -> Vec<Option<usize>> {
    let n = trace.rows.len();
    if n <= LONG {
        return (0..n).map(Some).collect();
    }
    let mut keep = BTreeSet::new();
    for &d in &lanes.decisive {
        keep.extend(d.saturating_sub(1)..=(d + 1).min(n - 1));
    }
    // The first step, and the last few, where the failure develops.
    keep.insert(0);
    keep.extend(n.saturating_sub(TAIL)..n);
    let mut rows = Vec::new();
    let mut last = None;
    for i in keep {
        if last.is_some_and(|l: usize| i > l + 1) {
            rows.push(None);
        }
        rows.push(Some(i));
        last = Some(i);
    }
    rows
}

const LEGEND: &str = "bar: holds the lock; dashes: asleep; red box: decisive";

/// The SVG picture of a trace; `id` makes element ids unique on a page with several pictures.
fn draw(id: &str, trace: &Trace) -> String {
    let lanes = lanes(trace);
    let rows = shown_rows(trace, &lanes);
    let (row_h, top, lane_w, step_w) = (22.0, 58.0, 64.0, 34.0);
    let ops_x = step_w + lanes.threads.len() as f64 * lane_w + 10.0;
    let label = |i: usize| {
        let row = &trace.rows[i];
        if lanes.preempted.contains(&i) {
            format!("{}: {}  ← preempted before this", row.thread, row.what)
        } else {
            format!("{}: {}", row.thread, row.what)
        }
    };
    let chars = |text: &str| text.chars().count() as f64 * CHAR_W;
    let op_w = rows
        .iter()
        .flatten()
        .map(|&i| chars(&label(i)))
        .fold(chars("operation"), f64::max);
    let after_x = ops_x + op_w + 14.0;
    // A trace without channel state (the one-shot's) has no queue column.
    let has_queue = trace.rows.iter().any(|r| !r.after.is_empty());
    let after_head = if has_queue { "queue afterwards" } else { "" };
    let after_w = rows
        .iter()
        .flatten()
        .map(|&i| chars(queue_part(&trace.rows[i].after)))
        .fold(chars(after_head), f64::max);
    let verdict = format!("what went wrong: {}", trace.verdict);
    let width = (after_x + after_w + 10.0)
        .max(chars(&verdict) + 12.0)
        .max(chars(LEGEND) + ops_x + 10.0);
    let height = top + rows.len() as f64 * row_h + 40.0;
    let lane_x = |thread: &str| {
        let i = lanes.threads.iter().position(|t| t == thread).unwrap_or(0);
        step_w + lane_w * (i as f64 + 0.5)
    };
    let y_of = |k: usize| top + k as f64 * row_h + row_h / 2.0;

    let mut svg = String::new();
    let summary = describe(trace, &lanes);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"12\">"
    );
    let _ = writeln!(
        svg,
        "<title id=\"{id}-title\">{}</title>",
        escape(&format!(
            "Swimlane of the failing schedule: {}",
            trace.heading.join(" ")
        ))
    );
    let _ = writeln!(svg, "<desc id=\"{id}-desc\">{}</desc>", escape(&summary));
    // Column heads and lanes.
    let _ = writeln!(
        svg,
        "<text x=\"4\" y=\"{:.0}\" class=\"note\">step</text>",
        top - 30.0
    );
    for thread in &lanes.threads {
        let x = lane_x(thread);
        let _ = writeln!(
            svg,
            "<text x=\"{x:.0}\" y=\"{:.0}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
            top - 30.0,
            escape(thread)
        );
        let _ = writeln!(
            svg,
            "<line class=\"lane-line\" x1=\"{x:.0}\" y1=\"{:.0}\" x2=\"{x:.0}\" y2=\"{:.0}\"/>",
            top - 20.0,
            top + rows.len() as f64 * row_h
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{ops_x:.0}\" y=\"{:.0}\" class=\"note\">operation</text>\n<text x=\"{after_x:.0}\" y=\"{:.0}\" class=\"note\">{after_head}</text>",
        top - 30.0,
        top - 30.0
    );
    let _ = writeln!(
        svg,
        "<text x=\"{ops_x:.0}\" y=\"{:.0}\" class=\"note\">{LEGEND}</text>",
        top - 12.0
    );
    for (k, shown) in rows.iter().enumerate() {
        let y = y_of(k);
        let Some(i) = *shown else {
            let skipped = match (rows.get(k.wrapping_sub(1)), rows.get(k + 1)) {
                (Some(Some(a)), Some(Some(b))) => b - a - 1,
                _ => 0,
            };
            let _ = writeln!(
                svg,
                "<text x=\"{ops_x:.0}\" y=\"{:.0}\" class=\"note\">⋮ {skipped} more steps (see the full table below)</text>",
                y + 4.0
            );
            continue;
        };
        let row = &trace.rows[i];
        let decisive = lanes.decisive.contains(&i);
        if decisive {
            let _ = writeln!(
                svg,
                "<rect class=\"decisive-row\" x=\"2\" y=\"{:.0}\" width=\"{:.0}\" height=\"{row_h:.0}\" rx=\"3\"/>",
                y - row_h / 2.0,
                width - 4.0
            );
        }
        // Lock bars and sleep marks for every thread, for this row.
        for thread in &lanes.threads {
            let x = lane_x(thread);
            if lanes.holding[i].contains(thread) {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{:.0}\" y=\"{:.0}\" width=\"8\" height=\"{row_h:.0}\" fill=\"currentColor\" fill-opacity=\"0.35\"/>",
                    x - 4.0,
                    y - row_h / 2.0
                );
            }
            if lanes.asleep[i].contains(thread) {
                let _ = writeln!(
                    svg,
                    "<line x1=\"{x:.0}\" y1=\"{:.0}\" x2=\"{x:.0}\" y2=\"{:.0}\" stroke=\"currentColor\" stroke-width=\"3\" stroke-dasharray=\"3 3\"/>",
                    y - row_h / 2.0,
                    y + row_h / 2.0
                );
            }
        }
        let class = if decisive {
            "step-box decisive"
        } else {
            "step-box"
        };
        let x = lane_x(&row.thread);
        let _ = writeln!(
            svg,
            "<circle class=\"{class}\" cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"6\"/>"
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\" class=\"note\">{}</text>",
            step_w - 6.0,
            y + 4.0,
            row.step
        );
        let weight = if decisive {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            "<text x=\"{ops_x:.0}\" y=\"{:.0}\"{weight}>{}</text>",
            y + 4.0,
            escape(&label(i))
        );
        let _ = writeln!(
            svg,
            "<text x=\"{after_x:.0}\" y=\"{:.0}\">{}</text>",
            y + 4.0,
            escape(queue_part(&row.after))
        );
    }
    let _ = writeln!(
        svg,
        "<text class=\"verdict\" x=\"4\" y=\"{:.0}\">{}</text>",
        top + rows.len() as f64 * row_h + 24.0,
        escape(&verdict)
    );
    svg.push_str("</svg>\n");
    svg
}

/// The queue part of an *afterwards* cell (sleepers are drawn on the lanes).
fn queue_part(after: &str) -> &str {
    after.split("  asleep:").next().unwrap_or(after).trim()
}

/// The text alternative: what the picture shows, in words.
fn describe(trace: &Trace, lanes: &Lanes) -> String {
    let decisive: Vec<String> = lanes
        .decisive
        .iter()
        .map(|&i| {
            let r = &trace.rows[i];
            format!("step {}: {} {}", r.step, r.thread, r.what)
        })
        .collect();
    let preempted: Vec<String> = lanes
        .preempted
        .iter()
        .map(|&i| format!("before step {}", trace.rows[i].step))
        .collect();
    format!(
        "{} steps by threads {}. {}. Decisive steps: {}. What went wrong: {}.",
        trace.rows.len(),
        lanes.threads.join(", "),
        if preempted.is_empty() {
            // The journal records operations, not every scheduling point: a preemption between
            // two unrecorded points does not show.
            "No preemption visible in the journal".to_string()
        } else {
            format!(
                "A thread that could still run was switched out (a preemption) {}",
                preempted.join(", ")
            )
        },
        decisive.join("; "),
        trace.verdict
    )
}

fn snapshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Every trace snapshot, by name (`zoo_trace_unlock_before_wait`, ...): the zoo's here, and the
/// one-shot's (`oneshot/tests/snapshots/oneshot_trace_*.snap`, the book's part "Below the Mutex").
fn traces() -> Vec<(String, String)> {
    let oneshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("../oneshot/tests/snapshots");
    let mut found: Vec<(String, String)> = [snapshots(), oneshot]
        .iter()
        .flat_map(|dir| {
            fs::read_dir(dir)
                .into_iter()
                .flatten()
                .map(move |e| (dir.clone(), e))
        })
        .filter_map(|(dir, e)| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".snap")?.to_string();
            let is_trace = stem.starts_with("zoo_trace_")
                || stem.starts_with("zoo_shuttle_trace_")
                || stem.starts_with("oneshot_trace_");
            is_trace.then(|| (stem, fs::read_to_string(dir.join(&name)).unwrap()))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_trace_has_a_picture() {
    let traces = traces();
    assert!(traces.len() >= 10, "only {} traces found", traces.len());
    for (name, text) in &traces {
        let trace = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!trace.rows.is_empty(), "{name}: no steps");
        let svg = draw(name, &trace);
        insta::with_settings!({
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("picture_{name}"), svg);
        });
    }
}

/// The book shows each trace together with its picture: wherever a page includes a trace
/// snapshot, it also includes the picture of that trace.
#[test]
fn every_page_with_a_trace_shows_its_picture() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/src");
    let mut pages = Vec::new();
    let mut stack = vec![book];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    let mut missing = Vec::new();
    for page in pages {
        let text = fs::read_to_string(&page).unwrap();
        for (name, _) in traces() {
            if text.contains(&format!("snapshots/{name}.snap"))
                && !text.contains(&format!("snapshots/picture_{name}.snap"))
            {
                missing.push(format!("{}: {name}", page.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "traces shown without their picture:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_reader_finds_what_matters() {
    let text = traces()
        .into_iter()
        .find(|(n, _)| n == "zoo_trace_unlock_before_wait")
        .expect("the trace the book reads step by step")
        .1;
    let trace = parse(&text).unwrap();
    let lanes = lanes(&trace);
    // Main lets go of the lock at step 2 and `a` runs in the gap: the one preemption. Step 5's
    // notification is lost; step 9 is where main falls asleep for good.
    assert_eq!(lanes.preempted, BTreeSet::from([2]));
    assert_eq!(lanes.decisive, BTreeSet::from([2, 4, 8]));
    let svg = draw("t", &trace);
    assert!(svg.contains("preempted before this"));
    assert!(svg.contains("<title id=\"t-title\">"));
    // A long trace is cut to its decisive steps; a short one is drawn whole.
    let long = traces()
        .into_iter()
        .find(|(n, _)| n == "zoo_trace_one_condvar")
        .unwrap()
        .1;
    let long = parse(&long).unwrap();
    assert!(long.rows.len() > LONG);
    let shown = shown_rows(&long, &lanes_of(&long));
    assert!(shown.contains(&None) && shown.len() < long.rows.len());
    assert_eq!(shown_rows(&trace, &lanes).len(), trace.rows.len());
}

fn lanes_of(trace: &Trace) -> Lanes {
    lanes(trace)
}
