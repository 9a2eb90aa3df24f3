//! The learner's progress: `.progress.toml` at the repository root (ignored by git via `/.progress*`).
//!
//! A tiny TOML subset, written and read by this module only:
//!
//! ```toml
//! [ex01_first_message]
//! state = "done"          # or "failing": the result of the last `cargo learn check`
//! checked = "5f1c..."     # a hash of the file that was checked, to notice later edits
//! hints = 2               # how many hints were shown
//! ```
//!
//! A missing file means a fresh start. A file that cannot be read is an error with its line number
//! and what to do, never a panic and never silently discarded (it holds the learner's work).

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    Done,
    Failing,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The result of the last check, and the hash of the file it checked.
    pub checked: Option<(Checked, String)>,
    pub hints: usize,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub records: BTreeMap<String, Record>,
}

pub fn path(root: &Path) -> PathBuf {
    root.join(".progress.toml")
}

impl Progress {
    pub fn load(file: &Path) -> Result<Progress, String> {
        match fs::read_to_string(file) {
            Ok(text) => Progress::parse(&text).map_err(|(line, problem)| {
                format!(
                    "{} is damaged (line {line}: {problem}).\n\
                     It only records which exercises passed and which hints you saw. Fix that line, \
                     or delete the file to start the records afresh (your exercise files are not \
                     touched): rm {}",
                    file.display(),
                    file.display()
                )
            }),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(Progress::default()),
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
        }
    }

    pub fn save(&self, file: &Path) -> Result<(), String> {
        // Write to a temporary file and rename it, so an interrupted save cannot damage the record.
        let temporary = file.with_extension("toml.tmp");
        fs::write(&temporary, self.render())
            .and_then(|()| fs::rename(&temporary, file))
            .map_err(|e| format!("cannot save {}: {e}", file.display()))
    }

    pub fn record(&mut self, exercise: &str) -> &mut Record {
        self.records.entry(exercise.to_string()).or_default()
    }

    pub fn get(&self, exercise: &str) -> Record {
        self.records.get(exercise).cloned().unwrap_or_default()
    }

    /// Parses the file; on failure returns the 1-based line number and the problem.
    pub fn parse(text: &str) -> Result<Progress, (usize, String)> {
        let mut progress = Progress::default();
        let mut section: Option<String> = None;
        let mut state: Option<Checked> = None;
        let mut hash: Option<String> = None;
        // Applies the `state`/`checked` pair collected for the section that just ended.
        let finish = |progress: &mut Progress,
                      section: &Option<String>,
                      state: &mut Option<Checked>,
                      hash: &mut Option<String>| {
            if let Some(name) = section {
                progress.record(name).checked = state.take().zip(hash.take());
            }
        };
        for (index, raw) in text.lines().enumerate() {
            let line_number = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let name = name.trim();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err((line_number, format!("`{line}` is not an exercise name")));
                }
                finish(&mut progress, &section, &mut state, &mut hash);
                progress.record(name);
                section = Some(name.to_string());
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err((
                    line_number,
                    format!("expected `key = value`, found `{line}`"),
                ));
            };
            let Some(name) = &section else {
                return Err((line_number, "a value before any [exercise] header".into()));
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "state" => {
                    state = Some(match value {
                        "\"done\"" => Checked::Done,
                        "\"failing\"" => Checked::Failing,
                        _ => {
                            return Err((
                                line_number,
                                format!("state must be \"done\" or \"failing\", not {value}"),
                            ));
                        }
                    })
                }
                "checked" => {
                    let unquoted = value
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .filter(|v| v.chars().all(|c| c.is_ascii_hexdigit()));
                    let Some(unquoted) = unquoted else {
                        return Err((
                            line_number,
                            format!("checked must be a quoted hash, not {value}"),
                        ));
                    };
                    hash = Some(unquoted.to_string());
                }
                "hints" => {
                    let count = value.parse::<usize>().ok().filter(|n| *n <= 3);
                    let Some(count) = count else {
                        return Err((line_number, format!("hints must be 0 to 3, not {value}")));
                    };
                    progress.record(name).hints = count;
                }
                other => return Err((line_number, format!("unknown key `{other}`"))),
            }
        }
        finish(&mut progress, &section, &mut state, &mut hash);
        Ok(progress)
    }

    pub fn render(&self) -> String {
        let mut out = String::from(
            "# cargo learn: your progress (not committed). Delete this file to clear the records;\n\
             # your exercise files are not touched.\n",
        );
        for (name, record) in &self.records {
            out.push_str(&format!("\n[{name}]\n"));
            if let Some((state, hash)) = &record.checked {
                let state = match state {
                    Checked::Done => "done",
                    Checked::Failing => "failing",
                };
                out.push_str(&format!("state = \"{state}\"\nchecked = \"{hash}\"\n"));
            }
            out.push_str(&format!("hints = {}\n", record.hints));
        }
        out
    }
}

/// A stable fingerprint of a file's contents (FNV-1a, 64 bits): not for security, only to notice
/// that an exercise was edited since it was last checked.
pub fn fingerprint(contents: &[u8]) -> String {
    let hash = contents
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut progress = Progress::default();
        progress.record("ex01_first_message").checked = Some((Checked::Done, "00ff".into()));
        progress.record("ex01_first_message").hints = 2;
        progress.record("ex02_drain").hints = 1;
        let parsed = Progress::parse(&progress.render()).expect("our own output parses");
        assert_eq!(parsed, progress);
    }

    #[test]
    fn damaged_files_name_the_line() {
        let cases = [
            ("[ex01]\nstate = \"maybe\"\n", 2),
            ("hints = 1\n", 1),
            ("[ex01]\nhints = 7\n", 2),
            ("[ex01]\njust words\n", 2),
            ("[ex 01]\n", 1),
            ("[ex01]\ncolour = \"red\"\n", 2),
            ("[ex01]\nchecked = \"not hex\"\n", 2),
        ];
        for (text, line) in cases {
            let error = Progress::parse(text).expect_err(text);
            assert_eq!(error.0, line, "{text:?}: {}", error.1);
        }
    }

    #[test]
    fn missing_file_is_a_fresh_start_and_damaged_file_an_error() {
        let dir = std::env::temp_dir().join(format!("learn-progress-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join(".progress.toml");
        let _ = fs::remove_file(&file);
        assert_eq!(Progress::load(&file), Ok(Progress::default()));
        fs::write(&file, "[ex01]\nhints = lots\n").unwrap();
        let error = Progress::load(&file).expect_err("damaged");
        assert!(
            error.contains("line 2") && error.contains("delete"),
            "{error}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fingerprints_differ_for_different_contents() {
        assert_eq!(fingerprint(b"a"), fingerprint(b"a"));
        assert_ne!(fingerprint(b"a"), fingerprint(b"b"));
    }
}
