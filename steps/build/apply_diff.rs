// Reads a bug-zoo diff (`src/zoo/NAME.diff`) and applies it to the correct step it names. One
// implementation, used by `build.rs` to generate the zoo's modules and by `tests/zoo_diffs.rs` to test
// the mechanism itself (both take it with `#[path]`).
//
// The format is a strict, hand-written unified diff:
//
//     # What the bug is, in a comment line or two.
//     --- step3.rs
//     +++ zoo/one_condvar.rs
//     @@ fn recv @@
//     -                self.shared.not_full.notify_one();
//     +                self.shared.cond.notify_one();
//
// `---` names the base file (relative to `src/`), `+++` the generated one. A hunk starts at `@@ LABEL @@`
// and holds lines that start with ` ` (context: kept), `-` (removed) or `+` (added); an empty line is an
// empty context line. The context and `-` lines, in order, must stand exactly once in the file as the
// hunks before have left it: no line numbers, no fuzz. LABEL is for the reader, but it is checked: it
// must occur in the file at or before the hunk, so it cannot point somewhere else.

/// One line of a hunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Context(String),
    Remove(String),
    Add(String),
}

/// One `@@ LABEL @@` section.
#[derive(Clone, Debug)]
pub struct Hunk {
    pub label: String,
    /// Where it starts in the diff file, 1-based, for error messages.
    pub line: usize,
    pub lines: Vec<Line>,
}

impl Hunk {
    /// The lines to look for (context and removed lines, in order), or with `after`, what replaces
    /// them (context and added lines).
    fn side(&self, after: bool) -> Vec<&str> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                Line::Context(s) => Some(s.as_str()),
                Line::Remove(s) if !after => Some(s.as_str()),
                Line::Add(s) if after => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    fn describe(&self) -> String {
        format!("hunk `@@ {} @@` (diff line {})", self.label, self.line)
    }
}

/// A parsed diff file.
#[derive(Clone, Debug)]
pub struct Diff {
    /// The `#` lines at the top, without the `#` and one space.
    pub comment: Vec<String>,
    /// The `---` file, relative to `src/`.
    pub base: String,
    /// The `+++` file, relative to the generated folder.
    pub target: String,
    pub hunks: Vec<Hunk>,
}

/// Reads a diff file's text.
pub fn parse(text: &str) -> Result<Diff, String> {
    let mut comment = Vec::new();
    let mut base = None;
    let mut target = None;
    let mut hunks: Vec<Hunk> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let at = |what: &str| format!("line {number}: {what}");
        if let Some(hunk) = hunks.last_mut() {
            if let Some(rest) = line.strip_prefix("@@") {
                hunks.push(parse_label(rest, number)?);
            } else if let Some(rest) = line.strip_prefix(' ') {
                hunk.lines.push(Line::Context(rest.to_string()));
            } else if line.is_empty() {
                hunk.lines.push(Line::Context(String::new()));
            } else if let Some(rest) = line.strip_prefix('-') {
                hunk.lines.push(Line::Remove(rest.to_string()));
            } else if let Some(rest) = line.strip_prefix('+') {
                hunk.lines.push(Line::Add(rest.to_string()));
            } else {
                return Err(at(&format!(
                    "a hunk line must start with ' ', '-' or '+', found {line:?}"
                )));
            }
        } else if let Some(rest) = line.strip_prefix("---") {
            if base.is_some() {
                return Err(at("a second `---` line"));
            }
            base = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("+++") {
            if base.is_none() || target.is_some() {
                return Err(at("`+++` must come once, right after `---`"));
            }
            target = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("@@") {
            if target.is_none() {
                return Err(at("a hunk before the `--- BASE` and `+++ TARGET` lines"));
            }
            hunks.push(parse_label(rest, number)?);
        } else if base.is_none() && (line.starts_with('#') || line.trim().is_empty()) {
            let text = line.trim_start_matches('#');
            comment.push(text.strip_prefix(' ').unwrap_or(text).to_string());
        } else {
            return Err(at(&format!("unexpected {line:?} before the first hunk")));
        }
    }
    let (Some(base), Some(target)) = (base, target) else {
        return Err("no `--- BASE` and `+++ TARGET` lines".to_string());
    };
    if hunks.is_empty() {
        return Err("no hunks".to_string());
    }
    for hunk in &hunks {
        if !hunk.lines.iter().any(|l| !matches!(l, Line::Context(_))) {
            return Err(format!("{} changes nothing", hunk.describe()));
        }
        if hunk.side(false).is_empty() {
            return Err(format!(
                "{} has no context or `-` line to say where it goes",
                hunk.describe()
            ));
        }
    }
    while comment.last().is_some_and(|l| l.trim().is_empty()) {
        comment.pop();
    }
    Ok(Diff {
        comment,
        base,
        target,
        hunks,
    })
}

fn parse_label(rest: &str, line: usize) -> Result<Hunk, String> {
    let label = rest
        .strip_suffix("@@")
        .ok_or_else(|| format!("line {line}: a hunk header must look like `@@ LABEL @@`"))?;
    Ok(Hunk {
        label: label.trim().to_string(),
        line,
        lines: Vec::new(),
    })
}

/// Applies `diff`'s hunks, in order, to `base` (the text of the file named by `---`).
pub fn apply(diff: &Diff, base: &str) -> Result<String, String> {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    for hunk in &diff.hunks {
        let old = hunk.side(false);
        if old.is_empty() {
            return Err(format!("{} has nothing to look for", hunk.describe()));
        }
        let found: Vec<usize> = (0..lines.len().saturating_sub(old.len() - 1))
            .filter(|&start| {
                lines[start..start + old.len()]
                    .iter()
                    .zip(&old)
                    .all(|(have, want)| have == want)
            })
            .collect();
        let start = match found.as_slice() {
            [start] => *start,
            [] => {
                return Err(format!(
                    "{}: these lines are not in {} (after the hunks before it):\n{}",
                    hunk.describe(),
                    diff.base,
                    old.join("\n")
                ));
            }
            several => {
                let at: Vec<String> = several.iter().map(|s| (s + 1).to_string()).collect();
                return Err(format!(
                    "{}: its lines stand {} times in {} (at lines {}): add context to pick one:\n{}",
                    hunk.describe(),
                    several.len(),
                    diff.base,
                    at.join(", "),
                    old.join("\n")
                ));
            }
        };
        let end = start + old.len();
        if !hunk.label.is_empty() && !lines[..end].iter().any(|l| l.contains(&hunk.label)) {
            return Err(format!(
                "{}: the label `{}` is not in {} at or before the hunk",
                hunk.describe(),
                hunk.label,
                diff.base
            ));
        }
        let new: Vec<String> = hunk.side(true).into_iter().map(str::to_string).collect();
        lines.splice(start..end, new);
    }
    let mut text = lines.join("\n");
    if base.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The applied file as the body of a generated module, which `build.rs` `include!`s inside
/// `pub mod NAME { ... }`: `header` and the diff's `#` comment lines first, as plain comments, then
/// the file. Inner attributes and inner doc comments are not allowed inside that module, so the
/// step's `//!` lines become plain comments on the same line, and a `#!` line is an error.
pub fn includable_module(header: &str, diff: &Diff, applied: &str) -> Result<String, String> {
    let mut code = format!("{header}\n");
    for line in &diff.comment {
        code += &if line.is_empty() {
            "//\n".to_string()
        } else {
            format!("// {line}\n")
        };
    }
    for (number, line) in applied.lines().enumerate() {
        if line.trim_start().starts_with("#!") {
            return Err(format!(
                "src/{} line {}: an inner attribute cannot be included in a zoo module",
                diff.base,
                number + 1
            ));
        }
        match line.trim_start().strip_prefix("//!") {
            Some(rest) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                code += &format!("{indent}//{rest}\n");
            }
            None => code += &format!("{line}\n"),
        }
    }
    Ok(code)
}
