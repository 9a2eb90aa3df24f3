//! The course's schedule, computed from `book/course.toml` and nothing else:
//! - the one-day and two-day schedules and the per-chapter timings are rendered here as Markdown and
//!   compared with the snapshots `book/src/course/schedule.md` includes, so every start time and total
//!   in the book is computed, and a changed number without a re-rendered schedule fails;
//! - every chapter in SUMMARY.md (outside `course/`) has timing metadata, in SUMMARY's order, and speaker
//!   notes that render as Markdown and whose `**Timing:**` agrees with the metadata;
//! - every exercise in `exercises/` appears exactly once, and the two-day plan does all of them;
//! - no slot holds more than its minutes, and slots do not overlap.
//!
//! `course.toml` uses a small subset of TOML (`[[table]]` headers, `key = "string" | integer |
//! true | false`, `#` comments), read by the strict parser below: anything else is an error.
#![cfg(not(any(loom, shuttle)))]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Number(u32),
    Flag(bool),
}

type Table = BTreeMap<String, Value>;

/// `[[kind]]` tables in file order, as (kind, table).
fn parse(text: &str) -> Result<Vec<(String, Table)>, String> {
    let mut tables: Vec<(String, Table)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = |message: String| format!("course.toml line {}: {message}", number + 1);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(kind) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
            tables.push((kind.trim().to_string(), Table::new()));
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| at(format!("expected `key = value`, found `{line}`")))?;
        let (key, value) = (key.trim(), value.trim());
        let value = if let Some(rest) = value.strip_prefix('"') {
            let (text, after) = rest
                .split_once('"')
                .ok_or_else(|| at("unterminated string".into()))?;
            if !(after.trim().is_empty() || after.trim().starts_with('#')) || text.contains('\\') {
                return Err(at(format!("unsupported string `{value}`")));
            }
            Value::Text(text.to_string())
        } else {
            let bare = value.split('#').next().unwrap().trim();
            match bare {
                "true" => Value::Flag(true),
                "false" => Value::Flag(false),
                _ => Value::Number(
                    bare.parse()
                        .map_err(|_| at(format!("unsupported value `{bare}`")))?,
                ),
            }
        };
        let (_, table) = tables
            .last_mut()
            .ok_or_else(|| at("a key before any [[table]]".into()))?;
        if table.insert(key.to_string(), value).is_some() {
            return Err(at(format!("`{key}` twice in one table")));
        }
    }
    Ok(tables)
}

struct Slot {
    id: String,
    plan: String,
    day: u32,
    name: String,
    /// Minutes after midnight.
    start: u32,
    minutes: u32,
}

struct Chapter {
    path: String,
    lecture: u32,
    one_day: Option<String>,
    two_day: Option<String>,
}

struct Exercise {
    name: String,
    chapter: String,
    minutes: u32,
    one_day: bool,
    /// `two-day = false` (optional, default true): homework in the two-day plan too, said out loud.
    two_day: bool,
}

struct Course {
    slots: Vec<Slot>,
    chapters: Vec<Chapter>,
    exercises: Vec<Exercise>,
}

fn clock(text: &str) -> Result<u32, String> {
    let (h, m) = text
        .split_once(':')
        .ok_or(format!("`{text}` is not HH:MM"))?;
    let (h, m): (u32, u32) = (
        h.parse().map_err(|_| format!("bad hour in `{text}`"))?,
        m.parse().map_err(|_| format!("bad minute in `{text}`"))?,
    );
    if h > 23 || m > 59 {
        return Err(format!("`{text}` is not a time of day"));
    }
    Ok(h * 60 + m)
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

impl Course {
    fn from_text(text: &str) -> Result<Course, String> {
        let mut course = Course {
            slots: Vec::new(),
            chapters: Vec::new(),
            exercises: Vec::new(),
        };
        for (kind, mut table) in parse(text)? {
            let mut take = |key: &str| {
                table
                    .remove(key)
                    .ok_or(format!("a [[{kind}]] without `{key}`"))
            };
            let text = |v: Value| match v {
                Value::Text(t) => Ok(t),
                other => Err(format!("expected a string, found {other:?}")),
            };
            let number = |v: Value| match v {
                Value::Number(n) => Ok(n),
                other => Err(format!("expected a number, found {other:?}")),
            };
            let slot_name = |v: Value| text(v).map(|t| Some(t).filter(|t| !t.is_empty()));
            match kind.as_str() {
                "slot" => course.slots.push(Slot {
                    id: text(take("id")?)?,
                    plan: text(take("plan")?)?,
                    day: number(take("day")?)?,
                    name: text(take("name")?)?,
                    start: clock(&text(take("start")?)?)?,
                    minutes: number(take("minutes")?)?,
                }),
                "chapter" => course.chapters.push(Chapter {
                    path: text(take("path")?)?,
                    lecture: number(take("lecture")?)?,
                    one_day: slot_name(take("one-day")?)?,
                    two_day: slot_name(take("two-day")?)?,
                }),
                "exercise" => course.exercises.push(Exercise {
                    name: text(take("name")?)?,
                    chapter: text(take("chapter")?)?,
                    minutes: number(take("minutes")?)?,
                    one_day: match take("one-day")? {
                        Value::Flag(b) => b,
                        other => return Err(format!("one-day: expected true or false, {other:?}")),
                    },
                    two_day: match table.remove("two-day") {
                        None => true,
                        Some(Value::Flag(b)) => b,
                        Some(other) => {
                            return Err(format!("two-day: expected true or false, {other:?}"));
                        }
                    },
                }),
                other => return Err(format!("unknown table [[{other}]]")),
            }
            if let Some(key) = table.keys().next() {
                return Err(format!("unknown key `{key}` in a [[{kind}]]"));
            }
        }
        Ok(course)
    }

    fn load() -> Course {
        let text = fs::read_to_string(root().join("book/course.toml")).unwrap();
        Course::from_text(&text).unwrap_or_else(|e| panic!("book/course.toml: {e}"))
    }

    /// The slot a chapter is taught in under `plan`, if any.
    fn slot_of<'a>(&self, chapter: &'a Chapter, plan: &str) -> Option<&'a str> {
        match plan {
            "one-day" => chapter.one_day.as_deref(),
            "two-day" => chapter.two_day.as_deref(),
            _ => None,
        }
    }

    fn exercises_of<'a>(&'a self, chapter: &'a Chapter) -> impl Iterator<Item = &'a Exercise> {
        self.exercises
            .iter()
            .filter(move |e| e.chapter == chapter.path)
    }

    /// Whether `plan` does `exercise` in class.
    fn in_class(&self, exercise: &Exercise, plan: &str) -> bool {
        let chapter = self.chapters.iter().find(|c| c.path == exercise.chapter);
        chapter.is_some_and(|c| self.slot_of(c, plan).is_some())
            && (plan != "one-day" || exercise.one_day)
            && (plan != "two-day" || exercise.two_day)
    }

    /// What a slot holds, in order: (title, minutes, is an exercise).
    fn slot_items(
        &self,
        slot: &Slot,
        titles: &BTreeMap<String, String>,
    ) -> Vec<(String, u32, bool)> {
        let mut items = Vec::new();
        for chapter in &self.chapters {
            if self.slot_of(chapter, &slot.plan) != Some(slot.id.as_str()) {
                continue;
            }
            let title = titles
                .get(&chapter.path)
                .map_or(chapter.path.as_str(), String::as_str);
            items.push((
                format!("[{title}](../{})", chapter.path),
                chapter.lecture,
                false,
            ));
            for exercise in self.exercises_of(chapter) {
                if self.in_class(exercise, &slot.plan) {
                    items.push((exercise_title(&exercise.name), exercise.minutes, true));
                }
            }
        }
        items
    }

    /// Everything that is wrong with the plan itself, independent of the book.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let ids: BTreeSet<&str> = self.slots.iter().map(|s| s.id.as_str()).collect();
        if ids.len() != self.slots.len() {
            problems.push("two slots share an id".to_string());
        }
        for slot in &self.slots {
            if slot.plan != "one-day" && slot.plan != "two-day" {
                problems.push(format!("slot {}: unknown plan `{}`", slot.id, slot.plan));
            }
            let used: u32 = self
                .slot_items(slot, &BTreeMap::new())
                .iter()
                .map(|(_, minutes, _)| minutes)
                .sum();
            if used > slot.minutes {
                problems.push(format!(
                    "slot {} holds {used} minutes, more than its {}",
                    slot.id, slot.minutes
                ));
            }
        }
        for pair in self.slots.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.plan == b.plan && a.day == b.day && a.start + a.minutes > b.start {
                problems.push(format!("slot {} runs into slot {}", a.id, b.id));
            }
            if a.plan == b.plan && (b.day, b.start) <= (a.day, a.start) {
                problems.push(format!(
                    "slot {} is listed after {} but starts earlier",
                    b.id, a.id
                ));
            }
        }
        for chapter in &self.chapters {
            for (plan, slot) in [("one-day", &chapter.one_day), ("two-day", &chapter.two_day)] {
                let Some(slot) = slot else { continue };
                match self.slots.iter().find(|s| &s.id == slot) {
                    None => problems.push(format!("{}: no slot `{slot}`", chapter.path)),
                    Some(s) if s.plan != plan => problems.push(format!(
                        "{}: `{slot}` is a {} slot, not {plan}",
                        chapter.path, s.plan
                    )),
                    Some(_) => {}
                }
            }
        }
        for exercise in &self.exercises {
            if !self.chapters.iter().any(|c| c.path == exercise.chapter) {
                problems.push(format!(
                    "{}: no chapter {}",
                    exercise.name, exercise.chapter
                ));
            }
        }
        problems
    }
}

/// "Exercise 12: `ex12_build_channel`".
fn exercise_title(name: &str) -> String {
    let number: u32 = name
        .strip_prefix("ex")
        .and_then(|rest| rest.get(..2))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    format!("Exercise {number}: `{name}`")
}

/// SUMMARY.md's chapters in order, as (path, title).
fn summary_chapters() -> Vec<(String, String)> {
    let summary = fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches("- ");
            let rest = line.strip_prefix('[')?;
            let (title, rest) = rest.split_once("](")?;
            let path = rest.strip_suffix(')')?;
            Some((path.to_string(), title.to_string()))
        })
        .collect()
}

fn titles() -> BTreeMap<String, String> {
    summary_chapters().into_iter().collect()
}

fn render_plan(course: &Course, plan: &str, titles: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let slots: Vec<&Slot> = course.slots.iter().filter(|s| s.plan == plan).collect();
    let (mut talk, mut practice) = (0, 0);
    let days: BTreeSet<u32> = slots.iter().map(|s| s.day).collect();
    for &day in &days {
        if days.len() > 1 {
            writeln!(out, "#### Day {day}\n").unwrap();
        }
        let day_slots: Vec<&&Slot> = slots.iter().filter(|s| s.day == day).collect();
        let (mut day_talk, mut day_practice) = (0, 0);
        writeln!(out, "| start | what | minutes |").unwrap();
        writeln!(out, "| --- | --- | ---: |").unwrap();
        for (i, slot) in day_slots.iter().enumerate() {
            let mut time = slot.start;
            writeln!(
                out,
                "| **{}** | **{}, {}–{}** | **{}** |",
                hhmm(slot.start),
                slot.name,
                hhmm(slot.start),
                hhmm(slot.start + slot.minutes),
                slot.minutes
            )
            .unwrap();
            for (title, minutes, is_exercise) in course.slot_items(slot, titles) {
                writeln!(out, "| {} | {title} | {minutes} |", hhmm(time)).unwrap();
                time += minutes;
                if is_exercise {
                    day_practice += minutes;
                } else {
                    day_talk += minutes;
                }
            }
            let end = slot.start + slot.minutes;
            if time < end {
                writeln!(
                    out,
                    "| {} | *questions, recap, catching up* | {} |",
                    hhmm(time),
                    end - time
                )
                .unwrap();
            }
            if let Some(next) = day_slots.get(i + 1)
                && next.start > end
            {
                let pause = if next.start - end >= 45 {
                    "lunch"
                } else {
                    "break"
                };
                writeln!(out, "| {} | *{pause}* | {} |", hhmm(end), next.start - end).unwrap();
            }
        }
        writeln!(
            out,
            "\nDay {day}: {} of talk and demos, {} of exercises: {} planned.\n",
            duration(day_talk),
            duration(day_practice),
            duration(day_talk + day_practice)
        )
        .unwrap();
        talk += day_talk;
        practice += day_practice;
    }
    let available: u32 = slots.iter().map(|s| s.minutes).sum();
    let done = course
        .exercises
        .iter()
        .filter(|e| course.in_class(e, plan))
        .count();
    writeln!(
        out,
        "**Total: {} planned ({} of talk and demos, {} of exercises, {done} of {} exercises in class), \
         in {} of teaching time; the remaining {} is for questions.**",
        duration(talk + practice),
        duration(talk),
        duration(practice),
        course.exercises.len(),
        duration(available),
        duration(available - talk - practice)
    )
    .unwrap();
    let reading: Vec<String> = course
        .chapters
        .iter()
        .filter(|c| c.lecture > 0 && course.slot_of(c, plan).is_none())
        .map(|c| {
            format!(
                "[{}](../{})",
                titles.get(&c.path).unwrap_or(&c.path),
                c.path
            )
        })
        .collect();
    let homework: Vec<String> = course
        .exercises
        .iter()
        .filter(|e| !course.in_class(e, plan))
        .map(|e| exercise_title(&e.name))
        .collect();
    if !reading.is_empty() || !homework.is_empty() {
        writeln!(out, "\nAfter the course, on their own:\n").unwrap();
        if !reading.is_empty() {
            writeln!(out, "- reading: {}", reading.join(", ")).unwrap();
        }
        if !homework.is_empty() {
            writeln!(out, "- exercises: {}", homework.join(", ")).unwrap();
        }
    }
    out
}

fn render_timings(course: &Course, titles: &BTreeMap<String, String>) -> String {
    let slot_label = |id: Option<&str>| {
        id.and_then(|id| course.slots.iter().find(|s| s.id == id))
            .map_or("reading".to_string(), |s| {
                if s.plan == "two-day" {
                    format!("day {}, {}", s.day, s.name.to_lowercase())
                } else {
                    s.name.to_lowercase()
                }
            })
    };
    let mut out = String::new();
    writeln!(out, "| chapter | talk | exercises | one day | two days |").unwrap();
    writeln!(out, "| --- | ---: | --- | --- | --- |").unwrap();
    let (mut talk, mut practice) = (0, 0);
    for chapter in &course.chapters {
        let exercises: Vec<String> = course
            .exercises_of(chapter)
            .map(|e| {
                practice += e.minutes;
                let note = match (course.in_class(e, "one-day"), course.in_class(e, "two-day")) {
                    (true, _) => "",
                    (false, true) => ", homework in the one-day plan",
                    (false, false) => ", homework in both plans",
                };
                format!("{} ({} min{note})", exercise_title(&e.name), e.minutes)
            })
            .collect();
        talk += chapter.lecture;
        let title = titles.get(&chapter.path).unwrap_or(&chapter.path);
        writeln!(
            out,
            "| [{title}](../{}) | {} | {} | {} | {} |",
            chapter.path,
            chapter.lecture,
            if exercises.is_empty() {
                "-".to_string()
            } else {
                exercises.join("; ")
            },
            slot_label(course.slot_of(chapter, "one-day")),
            slot_label(course.slot_of(chapter, "two-day")),
        )
        .unwrap();
    }
    writeln!(
        out,
        "| **all chapters** | **{talk}** | **{practice} min in {} exercises** | | |",
        course.exercises.len()
    )
    .unwrap();
    out
}

#[test]
fn the_schedules_are_computed_from_course_toml() {
    let course = Course::load();
    let problems = course.problems();
    assert!(
        problems.is_empty(),
        "book/course.toml:\n{}",
        problems.join("\n")
    );
    let titles = titles();
    let one_day = render_plan(&course, "one-day", &titles);
    let two_day = render_plan(&course, "two-day", &titles);
    let timings = render_timings(&course, &titles);
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("course_schedule_one_day", one_day);
        insta::assert_snapshot!("course_schedule_two_day", two_day);
        insta::assert_snapshot!("course_chapter_timings", timings);
    });
}

/// A chapter's speaker notes: the text between `<div class="speaker-notes">` and `</div>`, if the
/// block is written so that its inside renders as Markdown (blank lines after the opening and before
/// the closing tag: without them CommonMark treats the text as raw HTML).
fn speaker_notes(page: &str) -> Result<Vec<&str>, String> {
    const OPEN: &str = "<div class=\"speaker-notes\">";
    let mut notes = Vec::new();
    for block in page.split(OPEN).skip(1) {
        let (inside, _) = block
            .split_once("</div>")
            .ok_or("speaker notes without </div>")?;
        if !inside.starts_with("\n\n") || !inside.ends_with("\n\n") {
            return Err(
                "speaker notes need a blank line after <div ...> and before </div> to render as Markdown"
                    .into(),
            );
        }
        if inside.contains("<div") {
            return Err("a <div> inside speaker notes".into());
        }
        notes.push(inside);
    }
    Ok(notes)
}

#[test]
fn every_chapter_has_timing_metadata_and_speaker_notes() {
    let course = Course::load();
    let summary: Vec<String> = summary_chapters()
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| !path.starts_with("course/"))
        .collect();
    let listed: Vec<String> = course.chapters.iter().map(|c| c.path.clone()).collect();
    assert_eq!(
        listed, summary,
        "book/course.toml's [[chapter]]s must be SUMMARY.md's chapters (outside course/), in its order"
    );
    let mut problems = Vec::new();
    for chapter in &course.chapters {
        let page = fs::read_to_string(root().join("book/src").join(&chapter.path)).unwrap();
        let notes = match speaker_notes(&page) {
            Ok(notes) => notes.join("\n"),
            Err(e) => {
                problems.push(format!("{}: {e}", chapter.path));
                continue;
            }
        };
        if notes.is_empty() {
            problems.push(format!("{}: no speaker notes", chapter.path));
            continue;
        }
        let timing = format!("**Timing:** {} min", chapter.lecture);
        if !notes.contains(&timing) {
            problems.push(format!(
                "{}: the notes must say `{timing}` (book/course.toml's lecture minutes)",
                chapter.path
            ));
        }
        let taught = chapter.lecture > 0;
        for label in ["**Demo:**", "**Ask:**", "**Wrong answers:**"] {
            if taught && !notes.contains(label) {
                problems.push(format!("{}: the notes have no {label}", chapter.path));
            }
        }
        for exercise in course.exercises_of(chapter) {
            if !notes.contains(&exercise.name) {
                problems.push(format!(
                    "{}: the notes do not mention {}, done right after it",
                    chapter.path, exercise.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_exercise_is_scheduled_once() {
    let course = Course::load();
    let on_disk: BTreeSet<String> = fs::read_dir(root().join("exercises"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let names: Vec<&str> = course.exercises.iter().map(|e| e.name.as_str()).collect();
    let listed: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
    assert_eq!(names.len(), listed.len(), "an exercise is listed twice");
    assert_eq!(
        listed, on_disk,
        "book/course.toml's exercises and exercises/*.rs differ"
    );
    // Only an exercise marked `two-day = false` may be homework in the two-day plan: nothing is
    // left out without saying so (the rendered schedule lists it under "on their own").
    let skipped: Vec<&str> = course
        .exercises
        .iter()
        .filter(|e| e.two_day && !course.in_class(e, "two-day"))
        .map(|e| e.name.as_str())
        .collect();
    assert!(
        skipped.is_empty(),
        "the two-day plan leaves out {skipped:?}"
    );
}

#[test]
fn the_checks_themselves_detect_problems() {
    let base = "[[slot]]\nid = \"a\"\nplan = \"two-day\"\nday = 1\nname = \"x\"\nstart = \"09:00\"\nminutes = 30\n\
                [[chapter]]\npath = \"c.md\"\nlecture = 20\none-day = \"\"\ntwo-day = \"a\"\n\
                [[exercise]]\nname = \"ex01_x\"\nchapter = \"c.md\"\nminutes = MINUTES\none-day = false\n";
    let fits = Course::from_text(&base.replace("MINUTES", "10")).unwrap();
    assert!(fits.problems().is_empty(), "{:?}", fits.problems());
    let overfull = Course::from_text(&base.replace("MINUTES", "11")).unwrap();
    assert!(
        overfull
            .problems()
            .iter()
            .any(|p| p.contains("more than its 30"))
    );
    assert!(Course::from_text(&base.replace("MINUTES", "ten")).is_err());
    assert!(
        Course::from_text(&format!(
            "{}colour = \"red\"\n",
            base.replace("MINUTES", "1")
        ))
        .is_err()
    );
    let rendered = render_plan(&fits, "two-day", &BTreeMap::new());
    assert!(
        rendered.contains("| 09:20 | Exercise 1: `ex01_x` | 10 |"),
        "{rendered}"
    );
    assert!(rendered.contains("**Total: 30 min planned"), "{rendered}");
    assert!(speaker_notes("<div class=\"speaker-notes\">\n**Timing:** 5 min\n</div>").is_err());
    assert_eq!(
        speaker_notes("<div class=\"speaker-notes\">\n\n**Timing:** 5 min\n\n</div>").unwrap(),
        vec!["\n\n**Timing:** 5 min\n\n"]
    );
}
