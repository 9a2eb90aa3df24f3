//! The learner's progress: `.progress.toml` at the repository root (ignored by git via `/.progress*`),
//! read and written with serde and the `toml` crate:
//!
//! ```toml
//! [ex01_first_message]
//! state = "done"          # or "failing": the result of the last `cargo learn check`
//! checked = "5f1c..."     # a fingerprint of the file that was checked, to notice later edits
//! hints = 2               # how many hints were shown
//! ```
//!
//! A missing file means a fresh start. A file that cannot be read is an error that says where and
//! what to do, never a panic and never silently discarded or overwritten (it holds the learner's
//! record).

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Checked {
    Done,
    Failing,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The result of the last check, and the fingerprint of the file it checked.
    pub checked: Option<(Checked, String)>,
    pub hints: usize,
}

/// One exercise's table in the file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    state: Option<Checked>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checked: Option<String>,
    #[serde(default)]
    hints: usize,
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
            Ok(text) => Progress::parse(&text).map_err(|problem| {
                format!(
                    "{} is damaged:\n{problem}\n\
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

    /// Parses the file; on failure says what is wrong and where.
    pub fn parse(text: &str) -> Result<Progress, String> {
        let entries: BTreeMap<String, Entry> =
            toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        let mut progress = Progress::default();
        for (name, entry) in entries {
            if entry.hints > 3 {
                return Err(format!(
                    "[{name}] hints = {}: there are 3 hints",
                    entry.hints
                ));
            }
            let checked = match (entry.state, entry.checked) {
                (Some(state), Some(hash))
                    if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) =>
                {
                    Some((state, hash))
                }
                (Some(_), Some(hash)) => {
                    return Err(format!("[{name}] checked = {hash:?} is not a fingerprint"));
                }
                (None, None) => None,
                _ => {
                    return Err(format!(
                        "[{name}] needs both `state` and `checked`, or neither"
                    ));
                }
            };
            progress.records.insert(
                name,
                Record {
                    checked,
                    hints: entry.hints,
                },
            );
        }
        Ok(progress)
    }

    pub fn render(&self) -> String {
        let entries: BTreeMap<&String, Entry> = self
            .records
            .iter()
            .map(|(name, record)| {
                let (state, checked) = match &record.checked {
                    Some((state, hash)) => (Some(*state), Some(hash.clone())),
                    None => (None, None),
                };
                let entry = Entry {
                    state,
                    checked,
                    hints: record.hints,
                };
                (name, entry)
            })
            .collect();
        format!(
            "# cargo learn: your progress (not committed). Delete this file to clear the records;\n\
             # your exercise files are not touched.\n\n{}",
            toml::to_string(&entries).unwrap_or_default()
        )
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
        progress.record("ex01_first_message").checked = Some((Checked::Done, fingerprint(b"x")));
        progress.record("ex01_first_message").hints = 2;
        progress.record("ex02_drain").hints = 1;
        let parsed = Progress::parse(&progress.render()).expect("our own output parses");
        assert_eq!(parsed, progress);
    }

    #[test]
    fn damaged_files_say_what_is_wrong() {
        let cases = [
            ("[ex01]\nstate = \"maybe\"\n", "line 2"),
            ("hints = 1\n", "line 1"),
            ("[ex01]\nhints = 7\n", "3 hints"),
            ("[ex01]\njust words\n", "line 2"),
            ("[ex01]\ncolour = \"red\"\n", "colour"),
            (
                "[ex01]\nstate = \"done\"\nchecked = \"not hex\"\n",
                "not a fingerprint",
            ),
            ("[ex01]\nstate = \"done\"\n", "both"),
        ];
        for (text, says) in cases {
            let error = Progress::parse(text).expect_err(text);
            assert!(error.contains(says), "{text:?}: {error}");
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
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            "[ex01]\nhints = lots\n",
            "a damaged file is never overwritten"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fingerprints_differ_for_different_contents() {
        assert_eq!(fingerprint(b"a"), fingerprint(b"a"));
        assert_ne!(fingerprint(b"a"), fingerprint(b"b"));
    }
}
