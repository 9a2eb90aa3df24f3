//! `cargo xtask zoo ...`: the bug zoo's commands.
//!
//! - `cargo xtask zoo replay BUG [SCHEDULE]`: finds BUG's failure with shuttle (fixed seeds), or takes
//!   the SCHEDULE string shuttle printed, replays exactly that execution, and prints its trace.
//! - `cargo xtask zoo list`: the exhibits' names.

use std::process::Command;

use crate::steps::{Outcome, root};

/// The exhibits, as named in `steps/tests/zoo/mod.rs`.
const EXHIBITS: &[&str] = &[
    "if_instead_of_while_spurious",
    "notify_before_push",
    "unlock_before_wait",
    "no_wakeup_on_disconnect",
    "send_ignores_receiver",
    "one_condvar",
    "if_instead_of_while_bounded",
    "lost_handoff",
    "receive_first",
];

pub fn run(args: &[String]) -> Outcome {
    match args.first().map(String::as_str) {
        Some("list") => {
            for name in EXHIBITS {
                println!("{name}");
            }
            Ok(())
        }
        Some("replay") => {
            let bug = args
                .get(1)
                .ok_or("usage: cargo xtask zoo replay BUG [SCHEDULE]")?;
            if !EXHIBITS.contains(&bug.as_str()) {
                return Err(format!(
                    "no exhibit `{bug}`; `cargo xtask zoo list` shows them"
                ));
            }
            replay(bug, args.get(2).map(String::as_str))
        }
        _ => Err("usage: cargo xtask zoo replay BUG [SCHEDULE] | cargo xtask zoo list".into()),
    }
}

fn replay(bug: &str, schedule: Option<&str>) -> Outcome {
    let user_flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root())
        .env("RUSTFLAGS", format!("{user_flags} --cfg shuttle").trim())
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CARGO_TARGET_DIR", root().join("target").join("shuttle"))
        .env("MAILSLOT_ZOO_BUG", bug)
        .args(["test", "--locked", "--release", "-p", "mailslot-steps"])
        .args(["--test", "zoo_shuttle", "--", "zoo_replay", "--exact"])
        .args(["--nocapture", "--test-threads=1"]);
    match schedule {
        Some(schedule) => cmd.env("MAILSLOT_ZOO_SCHEDULE", schedule),
        None => cmd.env_remove("MAILSLOT_ZOO_SCHEDULE"),
    };
    let status = cmd
        .status()
        .map_err(|e| format!("zoo replay: could not start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("zoo replay failed ({status})"))
    }
}
