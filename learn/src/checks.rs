//! Building the checks with cargo and running them: everything that starts a process.
//!
//! A check is built with `cargo build --test NAME --message-format=json` first and run second, rather
//! than with one `cargo test`, so that "does not compile" and "compiles but fails" are told apart
//! reliably (from cargo's JSON, not from its prose), the compiler's messages are attributed to the
//! right exercise, and `verify-all` can build every exercise of one configuration in one cargo call.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::catalog::Mode;

/// Which file a check is compiled against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// `exercises/NAME.rs`: the learner's file.
    Learner,
    /// `solutions/NAME.rs`, selected by `--cfg solution`.
    Solution,
}

/// What to build: a package, its test targets, and the configuration.
pub struct BuildRequest<'a> {
    pub manifest: PathBuf,
    pub target_dir: PathBuf,
    /// Extra `--cfg` names, for example `["loom", "solution"]`.
    pub cfgs: Vec<&'static str>,
    pub targets: &'a [&'a str],
    /// `--locked` (the lock file must not change); otherwise `--offline` (it may gain the root
    /// package, never a new version).
    pub locked: bool,
}

impl BuildRequest<'_> {
    /// The request for `exercises-check`: one target directory per configuration, so switching
    /// between them never rebuilds the world.
    pub fn exercises<'a>(
        root: &Path,
        mode: Mode,
        variant: Variant,
        targets: &'a [&'a str],
    ) -> BuildRequest<'a> {
        let mut cfgs = Vec::new();
        let mut dir = String::from("exercises-");
        if variant == Variant::Solution {
            cfgs.push("solution");
            dir.push_str("solution-");
        }
        if mode == Mode::Loom {
            cfgs.push("loom");
        }
        dir.push_str(mode.name());
        BuildRequest {
            manifest: root.join("exercises-check/Cargo.toml"),
            target_dir: root.join("target").join(dir),
            cfgs,
            targets,
            locked: true,
        }
    }
}

/// What cargo said about each test target.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// The test binaries that were built, by target name.
    pub executables: BTreeMap<String, PathBuf>,
    /// The compiler's rendered messages, by target name, errors first.
    pub errors: BTreeMap<String, Vec<String>>,
    pub warnings: BTreeMap<String, Vec<String>>,
    /// Cargo's own stderr, for failures that are not the compiler's (a broken lock file, ...).
    pub cargo_stderr: String,
}

pub fn build(request: &BuildRequest) -> Result<BuildOutcome, String> {
    let mut cmd = Command::new(cargo());
    cmd.args(["build", "--keep-going"])
        .arg(if request.locked {
            "--locked"
        } else {
            "--offline"
        })
        .args(["--message-format", "json"])
        .arg("--manifest-path")
        .arg(&request.manifest)
        .env("CARGO_TARGET_DIR", &request.target_dir);
    for target in request.targets {
        cmd.args(["--test", target]);
    }
    // The cfgs go through RUSTFLAGS, added to the learner's own, and the encoded variant (which
    // would silently win over RUSTFLAGS) is removed.
    let user_flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    let cfg_flags: Vec<String> = request.cfgs.iter().map(|c| format!("--cfg {c}")).collect();
    cmd.env(
        "RUSTFLAGS",
        format!("{user_flags} {}", cfg_flags.join(" ")).trim(),
    )
    .env_remove("CARGO_ENCODED_RUSTFLAGS");

    let output = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    let mut outcome = parse_build_messages(&String::from_utf8_lossy(&output.stdout));
    outcome.cargo_stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Ok(outcome)
}

/// Reads cargo's JSON messages (one per line; other lines are ignored).
pub fn parse_build_messages(stdout: &str) -> BuildOutcome {
    let mut outcome = BuildOutcome::default();
    let messages = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok());
    for message in messages {
        let target = message["target"]["name"].as_str().unwrap_or("").to_string();
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(exe) = message["executable"].as_str() {
                    outcome.executables.insert(target, PathBuf::from(exe));
                }
            }
            Some("compiler-message") => {
                let level = message["message"]["level"].as_str();
                let rendered = message["message"]["rendered"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let bucket = match level {
                    Some("error") => &mut outcome.errors,
                    Some("warning") => &mut outcome.warnings,
                    _ => continue,
                };
                bucket.entry(target).or_default().push(rendered);
            }
            _ => {}
        }
    }
    outcome
}

/// How a test binary ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this code (0: every test passed, 101: some failed).
    Code(i32),
    /// It was killed by a signal (for example an abort on a panic inside a panic).
    Crashed,
    /// It ran longer than allowed and was stopped: something waits forever.
    TimedOut,
    /// It sat without using the processor for [`IDLE_LIMIT`]: blocked outside the model checker
    /// (which, exploring, always computes).
    Stuck,
}

/// How long a check may sit idle (no processor time and no output at all) before it counts as
/// stuck. The model checker never idles; a plain check's longest deliberate wait is 2 s (a
/// deadline for the learner's call, after which the check fails with its own message).
pub const IDLE_LIMIT: Duration = Duration::from_secs(3);

/// The processor time a process has used so far, in clock ticks (Linux only; elsewhere `None`, and
/// only the overall time limit applies).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// The test that was running when the binary stopped: libtest run with one thread prints
/// `test NAME ... ` when a test starts and the result when it ends.
pub fn unfinished_test(text: &str) -> Option<String> {
    text.lines().rev().find_map(|line| {
        let name = line.strip_prefix("test ")?;
        let name = name
            .strip_suffix(" ... ")
            .or_else(|| name.strip_suffix(" ..."))?;
        Some(name.to_string())
    })
}

pub struct RunOutput {
    pub exit: Exit,
    /// Standard output and error, stdout first.
    pub text: String,
    pub seconds: f64,
}

/// Runs a test binary, one test at a time (the model checker's panic hook is process-wide), with
/// the output of passing tests shown too (it says how many schedules were explored).
pub fn run_tests(executable: &Path, limit: Duration) -> Result<RunOutput, String> {
    let started = Instant::now();
    let mut child = Command::new(executable)
        .args(["--test-threads=1", "--show-output"])
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run {}: {e}", executable.display()))?;
    // Drain both pipes on their own threads, so a chatty test cannot block on a full pipe.
    let output_bytes = Arc::new(AtomicUsize::new(0));
    let stdout = drain(child.stdout.take(), Arc::clone(&output_bytes));
    let stderr = drain(child.stderr.take(), Arc::clone(&output_bytes));
    let mut last_output = 0;
    let pid = child.id();
    let mut last_ticks = cpu_ticks(pid);
    let mut idle_since = Instant::now();
    let exit = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status.code().map_or(Exit::Crashed, Exit::Code),
            None => {
                let ticks = cpu_ticks(pid);
                let output = output_bytes.load(Ordering::SeqCst);
                if ticks != last_ticks || ticks.is_none() || output != last_output {
                    last_ticks = ticks;
                    last_output = output;
                    idle_since = Instant::now();
                }
                if crate::learner::INTERRUPTED.load(Ordering::SeqCst) {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(
                        "stopped by Ctrl-C. Your exercise files and your progress are as they were."
                            .into(),
                    );
                }
                let stuck = ticks.is_some() && idle_since.elapsed() > IDLE_LIMIT;
                if stuck || started.elapsed() > limit {
                    // Ending our own child, by its handle.
                    let _ = child.kill();
                    let _ = child.wait();
                    break if stuck { Exit::Stuck } else { Exit::TimedOut };
                }
                thread::sleep(Duration::from_millis(20));
            }
        }
    };
    let mut text = stdout.join().unwrap_or_default();
    text.push_str(&stderr.join().unwrap_or_default());
    Ok(RunOutput {
        exit,
        text,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Reads a pipe to its end on a thread of its own, counting the bytes in `seen` as they come (the
/// watchdog counts new output as progress: libtest prints a line when each test starts).
fn drain(
    pipe: Option<impl Read + Send + 'static>,
    seen: Arc<AtomicUsize>,
) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                bytes.extend_from_slice(&chunk[..n]);
                seen.fetch_add(n, Ordering::SeqCst);
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The cargo that runs us (set by `cargo run`), or the one on the PATH.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// One test's result, read from libtest's output.
#[derive(Debug, PartialEq, Eq)]
pub struct TestCase {
    pub name: String,
    pub passed: bool,
    /// For a failure: the panic message. For a pass: what it printed (the schedule count).
    pub detail: String,
}

/// Reads libtest's human output: the `test NAME ... ok|FAILED` lines, then each test's captured
/// output from its `---- NAME stdout ----` section.
pub fn parse_test_output(text: &str) -> Vec<TestCase> {
    let mut cases: Vec<TestCase> = Vec::new();
    let mut sections: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("test ")
            && let Some((name, result)) = rest.rsplit_once(" ... ")
        {
            let result = result.trim();
            if result == "ok" || result == "FAILED" {
                cases.push(TestCase {
                    name: name.to_string(),
                    passed: result == "ok",
                    detail: String::new(),
                });
            }
            current = None;
            continue;
        }
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            current = Some(name.to_string());
            continue;
        }
        if line == "successes:" || line == "failures:" || line.starts_with("test result:") {
            current = None;
            continue;
        }
        if let Some(name) = &current {
            sections.entry(name.clone()).or_default().push(line);
        }
    }
    for case in &mut cases {
        let lines = sections.remove(&case.name).unwrap_or_default();
        case.detail = if case.passed {
            lines.join("\n").trim().to_string()
        } else {
            panic_message(&lines)
        };
    }
    cases
}

/// The message of the first panic in a test's output, without the `thread '...' panicked at` line
/// and the backtrace note; the whole output if there was no panic.
fn panic_message(lines: &[&str]) -> String {
    let start = lines
        .iter()
        .position(|l| l.starts_with("thread '") && l.contains("panicked at"));
    let Some(start) = start else {
        return lines.join("\n").trim().to_string();
    };
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBTEST: &str = "
running 3 tests
test a_fails ... FAILED
test b_passes ... ok
test c_passes ... ok

successes:

---- b_passes stdout ----
model check passed: loom explored 9 schedules (preemption bound 2)

---- c_passes stdout ----


successes:
    b_passes
    c_passes

failures:

---- a_fails stdout ----
thread 'a_fails' (4242) panicked at src/model.rs:101:17:
model check failed in schedule 3 (loom, preemption bound 2):
deadlock: every thread ...
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    a_fails

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
";

    #[test]
    fn reads_passes_failures_and_their_messages() {
        let cases = parse_test_output(LIBTEST);
        let summary: Vec<(&str, bool)> = cases.iter().map(|c| (&*c.name, c.passed)).collect();
        assert_eq!(
            summary,
            [("a_fails", false), ("b_passes", true), ("c_passes", true)]
        );
        assert_eq!(
            cases[0].detail,
            "model check failed in schedule 3 (loom, preemption bound 2):\ndeadlock: every thread ..."
        );
        assert_eq!(
            cases[1].detail,
            "model check passed: loom explored 9 schedules (preemption bound 2)"
        );
    }

    #[test]
    fn reads_executables_and_compiler_errors_from_cargo() {
        let stdout = r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"support"},"executable":null}
{"reason":"compiler-artifact","target":{"kind":["test"],"name":"ex01"},"executable":"/t/ex01-1"}
{"reason":"compiler-message","target":{"kind":["test"],"name":"ex07"},"message":{"level":"error","rendered":"error[E0382]: borrow of moved value: `letter`\n"}}
{"reason":"compiler-message","target":{"kind":["test"],"name":"ex07"},"message":{"level":"warning","rendered":"warning: unused\n"}}
not json at all
{"reason":"build-finished","success":false}"#;
        let outcome = parse_build_messages(stdout);
        assert_eq!(
            outcome.executables.keys().collect::<Vec<_>>(),
            ["ex01"],
            "only test binaries count"
        );
        assert!(outcome.errors["ex07"][0].contains("E0382"));
        assert_eq!(outcome.warnings["ex07"].len(), 1);
    }
}

/// A check that blocks outside the model checker is stopped within seconds and named; Ctrl-C stops
/// a running check at once. Both with a stand-in "test binary", a shell script that sleeps.
#[cfg(all(test, unix))]
mod watchdog {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn sleeper(name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/learn-watchdog");
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join(name);
        std::fs::write(
            &script,
            "#!/bin/sh\necho 'test waits_forever ... '\nexec sleep 30\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[test]
    fn a_blocked_check_is_stopped_within_seconds_and_named() {
        let _turn = crate::learner::TEST_TURNS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let run = run_tests(&sleeper("blocked"), Duration::from_secs(60)).expect("runs");
        assert_eq!(run.exit, Exit::Stuck);
        assert!(
            run.seconds < IDLE_LIMIT.as_secs_f64() + 2.0,
            "{}",
            run.seconds
        );
        assert_eq!(unfinished_test(&run.text).as_deref(), Some("waits_forever"));
    }

    #[test]
    fn ctrl_c_stops_a_running_check() {
        let _turn = crate::learner::TEST_TURNS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let interrupt = thread::spawn(|| {
            thread::sleep(Duration::from_millis(300));
            crate::learner::INTERRUPTED.store(true, Ordering::SeqCst);
        });
        let started = Instant::now();
        let result = run_tests(&sleeper("interrupted"), Duration::from_secs(60));
        crate::learner::INTERRUPTED.store(false, Ordering::SeqCst);
        interrupt.join().unwrap();
        let error = result
            .err()
            .expect("an interrupted check is an error, not a verdict");
        assert!(
            error.contains("Ctrl-C") && error.contains("as they were"),
            "{error}"
        );
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}

/// Really runs cargo on `learn/fixture`, a package with one passing, one failing and one
/// non-compiling check, through the same functions `cargo learn check` uses.
#[cfg(test)]
mod fixture {
    use super::*;

    #[test]
    fn reports_pass_failure_and_compile_error() {
        #[cfg(unix)]
        let _turn = crate::learner::TEST_TURNS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let learn = Path::new(env!("CARGO_MANIFEST_DIR"));
        let targets = ["passes", "fails", "broken"];
        let request = BuildRequest {
            manifest: learn.join("fixture/Cargo.toml"),
            target_dir: learn.join("../target/learn-fixture"),
            cfgs: vec![],
            targets: &targets,
            locked: true,
        };
        let built = build(&request).expect("cargo runs");

        let broken = built.errors.get("broken").expect("broken does not compile");
        assert!(
            broken.iter().any(|e| e.contains("E0382")),
            "the compiler's own message is kept: {broken:?}"
        );
        assert!(!built.executables.contains_key("broken"));

        let limit = Duration::from_secs(60);
        let passes = run_tests(&built.executables["passes"], limit).expect("runs");
        assert_eq!(passes.exit, Exit::Code(0));
        let cases = parse_test_output(&passes.text);
        assert_eq!(cases.len(), 1);
        assert!(cases[0].passed && cases[0].detail.contains("1 schedules"));

        let fails = run_tests(&built.executables["fails"], limit).expect("runs");
        assert_ne!(fails.exit, Exit::Code(0));
        let cases = parse_test_output(&fails.text);
        let failed: Vec<&TestCase> = cases.iter().filter(|c| !c.passed).collect();
        assert_eq!(cases.len(), 2);
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].name, "breaks");
        assert_eq!(
            failed[0].detail,
            "invariant violated: the queue held 2 messages, but the capacity is 1"
        );
    }
}
