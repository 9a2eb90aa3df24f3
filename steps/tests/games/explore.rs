//! Exhaustive exploration of a small program under shuttle, by a depth-first scheduler, into the
//! game graph that `book/src/games/NAME.json` holds; and the checks that such a graph is complete
//! and tells the truth.
//!
//! The scheduler replays a prefix of choices and then always takes the first runnable thread,
//! recording every scheduling point; after each execution the last choice that still has an
//! untried alternative is advanced, like an odometer. Shuttle has no partial-order reduction, so
//! this visits every schedule of the program: the programs are kept tiny.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use mailslot_steps::sync::journal;
use serde::{Deserialize, Serialize};
use shuttle::scheduler::{ReplayScheduler, Schedule, Scheduler, Task, TaskId};
use shuttle::{Config, FailurePersistence, Runner};

use crate::zoo::Property;

/// One journal event, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub thread: String,
    pub what: String,
    /// `file:line: statement` of the steps' code that did it, when the journal knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The channel's state after a node's events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Threads holding a lock (a channel's mutex), in the order they took it.
    pub holding: Vec<String>,
    /// Each channel's queue, oldest first.
    pub queues: Vec<Vec<String>>,
    /// `(thread, condvar)` for every thread asleep on a condvar.
    pub asleep: Vec<(String, String)>,
    /// Each thread's last event, by thread.
    pub last: BTreeMap<String, String>,
    /// Each thread's last known line of code (`file:line: statement`), by thread.
    pub code: BTreeMap<String, String>,
}

/// A node: the state right after a choice (and whatever followed it while only one thread could
/// run), and either the next choices or the end of the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Journal events since the parent node.
    pub events: Vec<Step>,
    /// The thread each scheduling point between the parent and this node ran, forced ones included.
    pub ran: Vec<String>,
    pub state: State,
    /// `(thread, child node)`, one per runnable thread; empty at the end of a run.
    pub choices: Vec<(String, usize)>,
    /// At the end of a run: what happened.
    pub verdict: Option<Verdict>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// `ok`, `hang`, `lost message`, `capacity exceeded`, `recv woke up to an empty queue`.
    pub kind: String,
    /// The checker's own words (the panic or deadlock message's first line), or `every thread finished`.
    pub message: String,
}

impl Verdict {
    pub fn is_failure(&self) -> bool {
        self.kind != "ok"
    }
}

/// One game: a program, every one of its schedules as a tree, and its shortest failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Game {
    pub name: String,
    pub title: String,
    /// What the zoo's table says about the program.
    pub what: String,
    /// What the model checker (loom and shuttle, `tests/zoo_*.rs`) finds: `None` for a correct step.
    pub expected: Option<String>,
    /// Threads in the order shuttle numbers them (the model's main thread first).
    pub threads: Vec<String>,
    /// Node 0 is the start.
    pub nodes: Vec<Node>,
    /// Threads to pick, node by node from the start, to reach the failure with the fewest choices.
    pub shortest_failure: Option<Vec<String>>,
    pub executions: usize,
    pub choices: usize,
}

/// The name the journal uses for a task (shuttle calls the model's main thread `main-thread`).
fn task_name(task: &Task) -> String {
    match task.name().as_deref() {
        None | Some("main-thread") => "main".to_string(),
        Some(name) => name.to_string(),
    }
}

/// One scheduling point of an execution.
#[derive(Clone, Debug)]
struct Point {
    runnable: Vec<(TaskId, String)>,
    chosen: usize,
    /// How many journal events there were when the scheduler was asked.
    events_before: usize,
}

/// What a scheduler saw in one execution.
#[derive(Default)]
struct Recording {
    /// The choice indices to replay before taking the first runnable thread.
    prefix: Vec<usize>,
    points: Vec<Point>,
    started: bool,
}

/// Replays `prefix`, then picks the first runnable task; records every point. One execution.
struct Recorder(Rc<RefCell<Recording>>);

impl Scheduler for Recorder {
    fn new_execution(&mut self) -> Option<Schedule> {
        let mut rec = self.0.borrow_mut();
        if rec.started {
            return None;
        }
        rec.started = true;
        rec.points.clear();
        Some(Schedule::new(0))
    }

    fn next_task(&mut self, runnable: &[&Task], _: Option<TaskId>, _: bool) -> Option<TaskId> {
        let events_before = journal::events().len();
        let mut rec = self.0.borrow_mut();
        let at = rec.points.len();
        let chosen = rec.prefix.get(at).copied().unwrap_or(0);
        let runnable: Vec<(TaskId, String)> =
            runnable.iter().map(|t| (t.id(), task_name(t))).collect();
        let id = runnable.get(chosen)?.0;
        rec.points.push(Point {
            runnable,
            chosen,
            events_before,
        });
        Some(id)
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}

/// How one execution ended.
pub struct Run {
    points: Vec<Point>,
    events: Vec<journal::Event>,
    pub verdict: Verdict,
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

pub fn verdict_of(outcome: Result<(), String>) -> Result<Verdict, String> {
    match outcome {
        Ok(()) => Ok(Verdict {
            kind: "ok".into(),
            message: "every thread finished".into(),
        }),
        Err(message) => {
            let first = message.lines().next().unwrap_or("").to_string();
            let property = Property::from_failure(&message)
                .ok_or_else(|| format!("a failure the game cannot name: {message}"))?;
            Ok(Verdict {
                kind: property.describe().into(),
                message: first,
            })
        }
    }
}

fn quiet_config() -> Config {
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::None;
    config
}

/// Runs `program` once under `scheduler`, catching its failure.
fn run_once(scheduler: impl Scheduler + 'static, program: fn()) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        Runner::new(scheduler, quiet_config()).run(program);
    }))
    .map_err(|payload| panic_message(&*payload))
}

fn run_prefix(program: fn(), prefix: Vec<usize>) -> Result<Run, String> {
    let recording = Rc::new(RefCell::new(Recording {
        prefix,
        ..Recording::default()
    }));
    let outcome = run_once(Recorder(Rc::clone(&recording)), program);
    let points = std::mem::take(&mut recording.borrow_mut().points);
    Ok(Run {
        points,
        events: journal::events(),
        verdict: verdict_of(outcome)?,
    })
}

/// The state after `events`, computed from the journal alone.
fn state_after(events: &[journal::Event]) -> State {
    let mut state = State::default();
    for event in events {
        let who = &event.thread;
        if event.what == "lock" || event.what.starts_with("wakes up") {
            state.holding.push(who.clone());
        } else if event.what == "unlock" || event.what.starts_with("wait on") {
            if let Some(at) = state.holding.iter().position(|h| h == who) {
                state.holding.remove(at);
            }
        }
        state.last.insert(who.clone(), event.what.clone());
        if let Some(code) = code_at(event) {
            state.code.insert(who.clone(), code);
        }
    }
    if let Some(last) = events.last() {
        state.queues = last.queues.clone();
        state.asleep = last.asleep.clone();
    }
    state
}

/// `file:line: statement` for an event's location: the whole statement, however many lines
/// rustfmt spread it over, read from the source file.
fn code_at(event: &journal::Event) -> Option<String> {
    let at = event.at?;
    let file = at.file().replace('\\', "/");
    // Only the channel's own code: a note from the test program points at its macro call.
    if file.contains("/tests/") || file.starts_with("tests/") {
        return None;
    }
    let text = source(&file)?;
    let lines: Vec<&str> = text.lines().collect();
    let line = at.line() as usize;
    let mut first = line.checked_sub(1)?;
    let ends = |l: &str| {
        let l = l.trim_end();
        l.ends_with(';')
            || l.ends_with('{')
            || l.ends_with('}')
            || l.ends_with(',')
            || l.trim().starts_with("//")
    };
    while first > 0 && !ends(lines[first - 1]) {
        first -= 1;
    }
    let mut last = line - 1;
    while last + 1 < lines.len() && !ends(lines[last]) {
        last += 1;
    }
    let mut statement = String::new();
    for l in &lines[first..=last] {
        let l = l.trim();
        if !statement.is_empty() && !l.starts_with('.') && !l.starts_with(')') {
            statement.push(' ');
        }
        statement.push_str(l);
    }
    // Generated zoo modules live in OUT_DIR: show them as `zoo/NAME.rs`.
    let shown = match file.rsplit_once("/out/") {
        Some((_, tail)) => tail.to_string(),
        None => file
            .rsplit_once("/src/")
            .map_or(file.clone(), |(_, t)| t.to_string()),
    };
    Some(format!("{shown}:{line}: {statement}"))
}

/// A source file's text, by the path a `Location` gives (relative to the workspace, or absolute).
fn source(file: &str) -> Option<String> {
    thread_local! {
        static CACHE: RefCell<BTreeMap<String, Option<String>>> = const { RefCell::new(BTreeMap::new()) };
    }
    CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry(file.to_string())
            .or_insert_with(|| {
                let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                [here.join(file), here.join("..").join(file)]
                    .iter()
                    .find_map(|p| std::fs::read_to_string(p).ok())
            })
            .clone()
    })
}

fn steps(events: &[journal::Event]) -> Vec<Step> {
    events
        .iter()
        .map(|e| Step {
            thread: e.thread.clone(),
            what: e.what.clone(),
            code: code_at(e),
        })
        .collect()
}

/// Explores every schedule of `program` into a game tree. Nodes are the points where two or
/// more threads could run; a point with one runnable thread is no choice and joins the edge.
pub fn explore(name: &str, program: fn()) -> Result<Game, String> {
    let mut nodes = vec![Node {
        events: Vec::new(),
        ran: Vec::new(),
        state: State::default(),
        choices: Vec::new(),
        verdict: None,
    }];
    let mut threads: Vec<(usize, String)> = Vec::new();
    let mut prefix = Vec::new();
    let mut executions = 0;
    loop {
        let run = run_prefix(program, prefix)?;
        executions += 1;
        for point in &run.points {
            for (id, name) in &point.runnable {
                let id = usize::from(*id);
                if !threads.iter().any(|(known, _)| *known == id) {
                    threads.push((id, name.clone()));
                }
            }
        }
        // Walk the tree along this execution, adding what is new.
        let mut node = 0;
        let mut events_start = 0;
        let branching: Vec<usize> = (0..run.points.len())
            .filter(|&i| run.points[i].runnable.len() >= 2)
            .collect();
        // The start node holds everything before the first real choice.
        let first = branching.first().copied();
        let first_events = first.map_or(run.events.len(), |i| run.points[i].events_before);
        if nodes[0].ran.is_empty() && !run.points.is_empty() {
            let upto = first.unwrap_or(run.points.len());
            nodes[0].ran = run.points[..upto]
                .iter()
                .map(|p| p.runnable[p.chosen].1.clone())
                .collect();
            nodes[0].events = steps(&run.events[..first_events]);
            nodes[0].state = state_after(&run.events[..first_events]);
        }
        events_start = first_events.max(events_start);
        for (k, &i) in branching.iter().enumerate() {
            let point = &run.points[i];
            let thread = point.runnable[point.chosen].1.clone();
            let end = branching.get(k + 1).copied();
            let events_end = end.map_or(run.events.len(), |j| run.points[j].events_before);
            let existing = nodes[node]
                .choices
                .iter()
                .find(|(t, _)| *t == thread)
                .map(|c| c.1);
            node = match existing {
                Some(child) => child,
                None => {
                    let upto = end.unwrap_or(run.points.len());
                    nodes.push(Node {
                        events: steps(&run.events[events_start..events_end]),
                        ran: run.points[i..upto]
                            .iter()
                            .map(|p| p.runnable[p.chosen].1.clone())
                            .collect(),
                        state: state_after(&run.events[..events_end]),
                        choices: Vec::new(),
                        verdict: None,
                    });
                    let child = nodes.len() - 1;
                    nodes[node].choices.push((thread, child));
                    child
                }
            };
            events_start = events_end;
        }
        match &nodes[node].verdict {
            None => nodes[node].verdict = Some(run.verdict.clone()),
            Some(seen) if *seen != run.verdict => {
                return Err(format!(
                    "{name}: one schedule gave two verdicts: {seen:?}, {:?}",
                    run.verdict
                ));
            }
            Some(_) => {}
        }
        // Advance the odometer: the last point with an untried alternative.
        let Some(last) = (0..run.points.len())
            .rev()
            .find(|&i| run.points[i].chosen + 1 < run.points[i].runnable.len())
        else {
            break;
        };
        prefix = run.points[..last].iter().map(|p| p.chosen).collect();
        prefix.push(run.points[last].chosen + 1);
    }
    threads.sort();
    // Replaying a path names each task by its place in `threads`: shuttle numbers tasks from 0.
    if threads.iter().enumerate().any(|(i, (id, _))| i != *id) {
        return Err(format!(
            "{name}: shuttle's task ids are not 0..{}",
            threads.len()
        ));
    }
    let mut game = Game {
        name: name.to_string(),
        title: String::new(),
        what: String::new(),
        expected: None,
        threads: threads.into_iter().map(|(_, n)| n).collect(),
        nodes,
        shortest_failure: None,
        executions,
        choices: 0,
    };
    // Children are listed in the order threads were numbered, whatever order they were found in.
    let order = game.threads.clone();
    for node in &mut game.nodes {
        node.choices
            .sort_by_key(|(t, _)| order.iter().position(|o| o == t));
    }
    share_equal_subtrees(&mut game);
    game.choices = game.nodes.iter().map(|n| n.choices.len()).sum();
    game.shortest_failure = shortest_failure(&game);
    Ok(game)
}

/// Turns the tree into a DAG by keeping one copy of equal subtrees (same events, state, choices
/// and verdict all the way down). Nothing is lost: every path of the tree is still a path.
fn share_equal_subtrees(game: &mut Game) {
    let old = std::mem::take(&mut game.nodes);
    let mut kept: Vec<Node> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    // Post-order from the root, so children are renumbered before their parent is keyed.
    fn visit(
        at: usize,
        old: &[Node],
        kept: &mut Vec<Node>,
        index: &mut BTreeMap<String, usize>,
    ) -> usize {
        let mut node = old[at].clone();
        for choice in &mut node.choices {
            choice.1 = visit(choice.1, old, kept, index);
        }
        let key = serde_json::to_string(&node).expect("a node serializes");
        *index.entry(key).or_insert_with(|| {
            kept.push(node);
            kept.len() - 1
        })
    }
    let root = visit(0, &old, &mut kept, &mut index);
    // The start must be node 0: swap it to the front and fix the references.
    kept.swap(0, root);
    for node in &mut kept {
        for choice in &mut node.choices {
            if choice.1 == root {
                choice.1 = 0;
            } else if choice.1 == 0 {
                choice.1 = root;
            }
        }
    }
    game.nodes = kept;
}

/// Breadth first: the fewest choices from the start to a failure.
pub fn shortest_failure(game: &Game) -> Option<Vec<String>> {
    let mut queue = VecDeque::from([(0usize, Vec::<String>::new())]);
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = queue.pop_front() {
        if !seen.insert(node) {
            continue;
        }
        let here = game.nodes.get(node)?;
        if here.verdict.as_ref().is_some_and(Verdict::is_failure) {
            return Some(path);
        }
        for (thread, child) in &here.choices {
            let mut next = path.clone();
            next.push(thread.clone());
            queue.push_back((*child, next));
        }
    }
    None
}

// --- checking a game ---------------------------------------------------------------------------

/// Shuttle's own replay scheduler, watched: records the runnable threads at every point.
struct Watched {
    replay: ReplayScheduler,
    seen: Rc<RefCell<Vec<Vec<String>>>>,
}

impl Scheduler for Watched {
    fn new_execution(&mut self) -> Option<Schedule> {
        self.replay.new_execution()
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        yielding: bool,
    ) -> Option<TaskId> {
        self.seen
            .borrow_mut()
            .push(runnable.iter().map(|t| task_name(t)).collect());
        self.replay.next_task(runnable, current, yielding)
    }

    fn next_u64(&mut self) -> u64 {
        self.replay.next_u64()
    }
}

/// Every path from the start to an end of a run, as node numbers. Fails on a cycle or a dangling
/// reference rather than looping.
pub fn paths(game: &Game) -> Result<Vec<Vec<usize>>, String> {
    let mut done = Vec::new();
    let mut stack = vec![vec![0usize]];
    while let Some(path) = stack.pop() {
        let at = *path.last().expect("paths are never empty");
        let node = game
            .nodes
            .get(at)
            .ok_or_else(|| format!("node {at} does not exist"))?;
        if path.len() > game.nodes.len() {
            return Err(format!("a cycle through node {at}"));
        }
        match (&node.verdict, node.choices.is_empty()) {
            (Some(_), true) => done.push(path),
            (None, false) => {
                for (_, child) in node.choices.iter().rev() {
                    let mut next = path.clone();
                    next.push(*child);
                    stack.push(next);
                }
            }
            (Some(_), false) => return Err(format!("node {at} has both choices and a verdict")),
            (None, true) => return Err(format!("node {at} has neither choices nor a verdict")),
        }
    }
    Ok(done)
}

/// Checks `game` against the real program, with shuttle's own replay scheduler rather than the
/// explorer: every path is replayed, and at every point the threads shuttle offers must be exactly
/// the node's choices (so no schedule is missing), the journal must be the one the nodes show, and
/// the run must end with the node's verdict. Then the verdicts must agree with what the model
/// checker finds (`expected`), and the shortest failure must be a shortest one.
pub fn verify(game: &Game, program: fn()) -> Result<(), String> {
    let name = &game.name;
    let paths = paths(game).map_err(|e| format!("{name}: {e}"))?;
    if paths.len() != game.executions {
        return Err(format!(
            "{name}: {} paths to an end, but the game says {} executions",
            paths.len(),
            game.executions
        ));
    }
    let choices: usize = game.nodes.iter().map(|n| n.choices.len()).sum();
    if choices != game.choices {
        return Err(format!(
            "{name}: {choices} choices, but the game says {}",
            game.choices
        ));
    }
    for (i, node) in game.nodes.iter().enumerate() {
        let threads: BTreeSet<&String> = node.choices.iter().map(|(t, _)| t).collect();
        if threads.len() != node.choices.len() || node.choices.len() == 1 {
            return Err(format!(
                "{name}: node {i} has {} choices for {} threads (a choice needs two or more distinct threads)",
                node.choices.len(),
                threads.len()
            ));
        }
    }
    for path in &paths {
        let mut ran: Vec<String> = Vec::new();
        let mut events: Vec<Step> = Vec::new();
        // (index into `ran` where a choice is made, the node offering it)
        let mut offered: Vec<(usize, usize)> = Vec::new();
        for (k, &at) in path.iter().enumerate() {
            let node = &game.nodes[at];
            if k > 0 {
                let parent = path[k - 1];
                let (thread, _) = game.nodes[parent]
                    .choices
                    .iter()
                    .find(|(_, child)| *child == at)
                    .expect("a path follows choices");
                if node.ran.first() != Some(thread) {
                    return Err(format!(
                        "{name}: node {at} is reached by choosing {thread} but starts by running {:?}",
                        node.ran.first()
                    ));
                }
                offered.push((ran.len(), parent));
            }
            ran.extend(node.ran.iter().cloned());
            events.extend(node.events.iter().cloned());
        }
        let ids: Result<Vec<usize>, String> = ran
            .iter()
            .map(|t| {
                game.threads
                    .iter()
                    .position(|known| known == t)
                    .ok_or_else(|| format!("{name}: unknown thread {t}"))
            })
            .collect();
        let schedule = Schedule::new_from_task_ids(0, ids?);
        let seen = Rc::new(RefCell::new(Vec::new()));
        let outcome = run_once(
            Watched {
                replay: ReplayScheduler::new_from_schedule(schedule),
                seen: Rc::clone(&seen),
            },
            program,
        );
        let journal = steps(&journal::events());
        let verdict = verdict_of(outcome)?;
        let seen = seen.borrow();
        let end = &game.nodes[*path.last().expect("non-empty")];
        let route: Vec<String> = offered
            .iter()
            .map(|&(_, node)| game.nodes[node].choices.len().to_string())
            .collect();
        let here = format!("{name}: the path through nodes {path:?}");
        if seen.len() != ran.len() {
            return Err(format!(
                "{here}: the game runs {} scheduling points, shuttle's replay {}",
                ran.len(),
                seen.len()
            ));
        }
        for (point, runnable) in seen.iter().enumerate() {
            let choice = offered.iter().find(|&&(at, _)| at == point);
            let mut want: Vec<String> = match choice {
                Some(&(_, node)) => game.nodes[node]
                    .choices
                    .iter()
                    .map(|(t, _)| t.clone())
                    .collect(),
                None => vec![ran[point].clone()],
            };
            let mut got = runnable.clone();
            want.sort();
            got.sort();
            if want != got {
                return Err(format!(
                    "{here}: at scheduling point {point} shuttle offers {got:?}, the game {want:?} ({})",
                    route.join(",")
                ));
            }
        }
        if journal != events {
            return Err(format!(
                "{here}: the journal differs from the replay's:\ngame:   {events:?}\nreplay: {journal:?}"
            ));
        }
        if end.verdict.as_ref() != Some(&verdict) {
            return Err(format!(
                "{here}: the game's verdict is {:?}, shuttle's replay gives {verdict:?}",
                end.verdict
            ));
        }
    }
    // What the model checkers (loom and shuttle in tests/zoo_*.rs) find must be what the game shows.
    let failures: BTreeSet<&str> = game
        .nodes
        .iter()
        .filter_map(|n| n.verdict.as_ref())
        .filter(|v| v.is_failure())
        .map(|v| v.kind.as_str())
        .collect();
    match &game.expected {
        None if !failures.is_empty() => {
            return Err(format!(
                "{name}: a correct program, but the game shows failures {failures:?}"
            ));
        }
        Some(kind) if failures != BTreeSet::from([kind.as_str()]) => {
            return Err(format!(
                "{name}: the model checker finds {kind}, the game shows {failures:?}"
            ));
        }
        _ => {}
    }
    let shortest = shortest_failure(game);
    if shortest != game.shortest_failure {
        return Err(format!(
            "{name}: the shortest failure is {shortest:?}, the game says {:?}",
            game.shortest_failure
        ));
    }
    Ok(())
}
