//! Building, serving and checking the book: the pinned mdbook, its warnings, leftover directives,
//! links and `#fragments`, and a real-browser check in headless Chromium.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use crate::steps::{Outcome, root};

/// The mdbook version the book is built and tested with.
pub const MDBOOK_VERSION: &str = "0.5.4";

fn book_dir() -> PathBuf {
    root().join("book")
}

fn build_dir() -> PathBuf {
    book_dir().join("build")
}

/// The pinned mdbook, installed with `cargo install` if it is missing or another version.
fn mdbook() -> Result<PathBuf, String> {
    let wanted = format!("mdbook v{MDBOOK_VERSION}");
    let installed = Command::new("mdbook").arg("--version").output();
    if let Ok(out) = installed
        && String::from_utf8_lossy(&out.stdout).trim() == wanted
    {
        return Ok(PathBuf::from("mdbook"));
    }
    eprintln!("installing {wanted} with cargo install (about 7 minutes, once per machine)...");
    let status = Command::new(env!("CARGO"))
        .args(["install", "mdbook", "--locked", "--version", MDBOOK_VERSION])
        .status()
        .map_err(|e| format!("cargo install mdbook: {e}"))?;
    if !status.success() {
        return Err("cargo install mdbook failed".into());
    }
    Ok(PathBuf::from("mdbook"))
}

/// `cargo xtask book`: serve the book with live reload on 127.0.0.1:3000.
pub fn serve() -> Outcome {
    let mdbook = mdbook()?;
    println!("serving the book at http://127.0.0.1:3000 (Ctrl-C to stop)");
    let status = Command::new(mdbook)
        .args(["serve", "--hostname", "127.0.0.1", "--port", "3000"])
        .arg(book_dir())
        .status()
        .map_err(|e| format!("mdbook serve: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("mdbook serve exited with {status}"))
    }
}

/// Builds the book, failing on any mdbook warning or error (mdbook exits 0 on a missing include).
pub fn build() -> Outcome {
    let mdbook = mdbook()?;
    let start = Instant::now();
    let output = Command::new(mdbook)
        .arg("build")
        .arg(book_dir())
        .output()
        .map_err(|e| format!("mdbook build: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    print!("{log}");
    println!("mdbook build took {:.1} s", start.elapsed().as_secs_f64());
    if !output.status.success() {
        return Err(format!("mdbook build failed ({})", output.status));
    }
    let complaints: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .collect();
    if !complaints.is_empty() {
        return Err(format!(
            "mdbook reported problems:\n{}",
            complaints.join("\n")
        ));
    }
    let leftovers: Vec<String> = html_files()
        .into_iter()
        .filter(|page| fs::read_to_string(page).is_ok_and(|html| html.contains("{{#")))
        .map(|page| page.display().to_string())
        .collect();
    if !leftovers.is_empty() {
        return Err(format!(
            "unexpanded `{{{{#` directives in:\n{}",
            leftovers.join("\n")
        ));
    }
    Ok(())
}

fn html_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&build_dir(), &mut found);
    found.sort();
    found
}

/// The values of every `attribute="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(byte)) = text
                .get(i + 1..i + 3)
                .map(|hex| u8::from_str_radix(hex, 16))
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every local link and `#fragment` in the built HTML. External links are only counted: this
/// machine has no internet, and a link checker that needs it cannot fail honestly.
pub fn check_links() -> Outcome {
    let pages = html_files();
    if pages.is_empty() {
        return Err("no HTML pages: build the book first".into());
    }
    let mut ids: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    let (mut checked, mut external) = (0, 0);
    for page in &pages {
        let html = fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
        let links = attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"));
        for link in links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                external += 1;
                continue;
            }
            if link.starts_with("javascript:") || link.starts_with("data:") || link.is_empty() {
                continue;
            }
            checked += 1;
            let link = link.split('?').next().unwrap_or(link);
            let (path, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link, None),
            };
            let mut target = match path {
                "" => page.clone(),
                // Site-absolute (the 404 page uses them): relative to the book's root.
                absolute if absolute.starts_with('/') => {
                    build_dir().join(percent_decode(&absolute[1..]))
                }
                relative => page.parent().unwrap().join(percent_decode(relative)),
            };
            if target.is_dir() {
                target = target.join("index.html");
            }
            if !target.exists() {
                broken.push(format!("{}: {link}: no such file", page.display()));
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let target = fs::canonicalize(&target).unwrap();
            let known = ids.entry(target.clone()).or_insert_with(|| {
                let html = fs::read_to_string(&target).unwrap_or_default();
                let mut found: Vec<String> = attribute_values(&html, "id")
                    .into_iter()
                    .map(String::from)
                    .collect();
                found.extend(
                    attribute_values(&html, "name")
                        .into_iter()
                        .map(String::from),
                );
                found
            });
            if !known.iter().any(|id| *id == percent_decode(fragment)) {
                broken.push(format!(
                    "{}: {link}: no element with id `{fragment}`",
                    page.display()
                ));
            }
        }
    }
    println!(
        "links: {checked} local links checked in {} pages, {external} external links not fetched",
        pages.len()
    );
    if broken.is_empty() {
        Ok(())
    } else {
        Err(format!("broken links:\n{}", broken.join("\n")))
    }
}

/// A minimal static file server for the built book on 127.0.0.1, on a free port, for Chromium.
fn serve_build_dir() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind 127.0.0.1: {e}"))?;
    let port = listener.local_addr().unwrap().port();
    let dir = build_dir();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            thread::spawn(move || answer(stream, &dir));
        }
    });
    Ok(port)
}

fn answer(mut stream: TcpStream, dir: &Path) {
    let mut request_line = String::new();
    if BufReader::new(&stream)
        .read_line(&mut request_line)
        .is_err()
    {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(path.split(['?', '#']).next().unwrap_or("/"));
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match fs::File::open(&file) {
        Ok(mut f) if !path.contains("..") => {
            let mut body = Vec::new();
            let _ = f.read_to_end(&mut body);
            ("200 OK", body)
        }
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(header.as_bytes())
        .and_then(|_| stream.write_all(&body));
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok()
        })
}

/// Loads `url` in headless Chromium; returns the rendered DOM and the console messages it logged.
fn load_in_chromium(
    browser: &str,
    url: &str,
    extra: &[&str],
) -> Result<(String, Vec<String>), String> {
    let profile = root().join("target/book-check/profile");
    let _ = fs::remove_dir_all(&profile);
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .map_err(|e| format!("{browser}: {e}"))?;
    let console = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|line| line.contains(":CONSOLE") || line.contains("Uncaught"))
        .map(String::from)
        .collect();
    Ok((
        String::from_utf8_lossy(&output.stdout).into_owned(),
        console,
    ))
}

/// Every page loads in a real browser without a console message, search finds "condvar", and a
/// screenshot of a chapter is written for a person to look at. Skipped (loudly) without Chromium,
/// except under CI, where `.ci/run` installs it and its absence is a failure.
pub fn browser_check() -> Outcome {
    let Some(browser) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(
                "Chromium is not installed: .ci/run should have installed the `chromium` package"
                    .into(),
            );
        }
        println!("SKIPPED browser check: install Debian's `chromium` package to run it");
        return Ok(());
    };
    let port = serve_build_dir()?;
    let base = format!("http://127.0.0.1:{port}");
    let pages: Vec<String> = html_files()
        .iter()
        .map(|p| {
            p.strip_prefix(build_dir())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != "404.html" && p != "toc.html")
        .collect();
    // First prove the console check can fail: a page that logs an error must be caught.
    let probe = build_dir().join("xtask-console-probe.html");
    fs::write(
        &probe,
        "<html><body><script>console.error('probe')</script></body></html>",
    )
    .map_err(|e| format!("write {}: {e}", probe.display()))?;
    let (_, console) = load_in_chromium(
        browser,
        &format!("{base}/xtask-console-probe.html"),
        &["--dump-dom"],
    )?;
    let _ = fs::remove_file(&probe);
    if !console.iter().any(|line| line.contains("probe")) {
        return Err(
            "the console check did not see a deliberate console.error: it cannot be trusted".into(),
        );
    }
    let mut problems = Vec::new();
    for page in &pages {
        let (dom, console) = load_in_chromium(browser, &format!("{base}/{page}"), &["--dump-dom"])?;
        if !dom.contains("</html>") {
            problems.push(format!("{page}: did not render"));
        }
        if !dom.contains(" data-speaker-notes=\"") {
            problems.push(format!("{page}: the speaker-notes script did not run"));
        }
        problems.extend(
            console
                .into_iter()
                .map(|line| format!("{page}: console: {line}")),
        );
    }
    let (dom, _) = load_in_chromium(
        browser,
        &format!("{base}/index.html?search=condvar"),
        &["--dump-dom"],
    )?;
    let found = dom.split("search results for").next().and_then(|before| {
        before
            .rsplit(['>', ' '])
            .find(|w| !w.is_empty())
            .and_then(|n| n.trim().parse::<usize>().ok())
    });
    match found {
        Some(n) if n > 0 => println!("browser: search for \"condvar\" found {n} results"),
        _ => problems.push("search for \"condvar\" returned no results".into()),
    }
    problems.extend(check_speaker_notes(browser, &base)?);
    let shot = root().join("target/book-check/chapter.png");
    let shot_arg = format!("--screenshot={}", shot.display());
    load_in_chromium(
        browser,
        &format!("{base}/foundations/several-producers.html"),
        &[shot_arg.as_str(), "--window-size=1280,900"],
    )?;
    if !shot.exists() {
        problems.push("no screenshot was written".into());
    }
    println!(
        "browser: {} pages loaded in {browser}; screenshot at {}",
        pages.len(),
        shot.display()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("browser check:\n{}", problems.join("\n")))
    }
}

/// The value of `<html data-speaker-notes="...">` in a dumped DOM: the visibility the page's script
/// read back from a note's computed style (`shown`, `hidden`, or `none` on a page without notes).
fn speaker_notes_state(dom: &str) -> Option<&str> {
    attribute_values(dom, "data-speaker-notes")
        .into_iter()
        .next()
}

/// Speaker notes are hidden by default and shown with `?notes=1`, as the browser computes it (the
/// script reports a note's computed `display`). First proves the check can fail: the same chapter
/// without the notes stylesheet must report its notes as shown.
fn check_speaker_notes(browser: &str, base: &str) -> Result<Vec<String>, String> {
    let chapter = "foundations/one-message.html";
    let mut problems = Vec::new();
    let html = fs::read_to_string(build_dir().join(chapter))
        .map_err(|e| format!("read {chapter}: {e}"))?;
    let unstyled: String = html
        .lines()
        .filter(|line| !(line.contains("<link") && line.contains("speaker-notes")))
        .collect::<Vec<_>>()
        .join("\n");
    if unstyled.len() == html.len() {
        return Err(format!("{chapter} links no speaker-notes stylesheet"));
    }
    let probe = build_dir().join("foundations/xtask-notes-probe.html");
    fs::write(&probe, unstyled).map_err(|e| format!("write {}: {e}", probe.display()))?;
    let (dom, _) = load_in_chromium(
        browser,
        &format!("{base}/foundations/xtask-notes-probe.html"),
        &["--dump-dom"],
    )?;
    let _ = fs::remove_file(&probe);
    if speaker_notes_state(&dom) != Some("shown") {
        return Err(format!(
            "without its stylesheet, a chapter's notes were reported as {:?}, not shown: the speaker-notes check cannot be trusted",
            speaker_notes_state(&dom)
        ));
    }
    for (query, wanted) in [
        ("", "hidden"),
        ("?notes=1", "shown"),
        ("?notes=0", "hidden"),
    ] {
        let (dom, _) = load_in_chromium(
            browser,
            &format!("{base}/{chapter}{query}"),
            &["--dump-dom"],
        )?;
        let state = speaker_notes_state(&dom);
        if state != Some(wanted) {
            problems.push(format!(
                "{chapter}{query}: speaker notes are {state:?}, expected {wanted}"
            ));
        }
        if !dom.contains("id=\"speaker-notes-toggle\"") {
            problems.push(format!("{chapter}{query}: no speaker-notes button"));
        }
    }
    if problems.is_empty() {
        println!(
            "browser: speaker notes hidden by default, shown with ?notes=1 (and the check fails without their CSS)"
        );
    }
    Ok(problems)
}

/// The games and trace pictures driven in Chromium by `browser-tests/` (playwright-core, installed
/// by `.ci/run` with `npm ci` from its lock file; it launches the system Chromium, never a
/// downloaded browser). Skipped (loudly) when Node, the package or Chromium is missing, except
/// under CI, where that is a failure.
pub fn games_browser_check() -> Outcome {
    let tests = root().join("browser-tests");
    let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|path| Path::new(path).exists());
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    let package = tests
        .join("node_modules/playwright-core/package.json")
        .exists();
    let missing: Vec<&str> = [
        (browser.is_none(), "Chromium (Debian's `chromium`)"),
        (!node, "Node.js (`node`)"),
        (
            !package,
            "playwright-core (`npm ci` in browser-tests/, as .ci/run does)",
        ),
    ]
    .into_iter()
    .filter_map(|(absent, what)| absent.then_some(what))
    .collect();
    if !missing.is_empty() {
        let message = format!("browser tools missing: {}", missing.join(", "));
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(message);
        }
        println!("SKIPPED games in a browser: {message}");
        return Ok(());
    }
    if !build_dir().join("proving/play.html").exists() {
        return Err("no built book with the games page: build the book first".into());
    }
    crate::steps::run(
        "browser-tests (node --test)",
        Command::new("node")
            .arg("--test")
            .arg("--test-reporter=spec")
            .current_dir(&tests)
            .env("BOOK_DIR", build_dir())
            .env("CHROMIUM", browser.expect("checked above")),
    )
}
