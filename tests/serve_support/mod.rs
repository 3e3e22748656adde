//! Running `gen serve` from tests: a copy of the example site in a temp dir,
//! the server's stderr read line by line, the URL it reports, raw HTTP
//! requests (so `..` reaches the server untouched), and polling with
//! deadlines.
#![allow(dead_code)] // each test file uses a different part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const STARTUP: Duration = Duration::from_secs(60);

/// Serve tests take turns: each starts a server that builds a site, and
/// timing assertions (one rebuild per burst) need a machine that is not
/// running six other builds at the same moment.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn take_turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Copy the repository's example site (book.toml + content/) to a temp dir.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("book.toml"), dir.path().join("book.toml")).expect("book.toml");
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A running `gen serve`; killed when dropped.
pub struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub log: Vec<String>,
    /// e.g. `http://127.0.0.1:41234/reports/`
    pub url: String,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
            .arg("--root")
            .arg(root)
            .arg("serve")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gen serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            lines,
            log: Vec::new(),
            url: String::new(),
        };
        let line = server.wait_for_line("serving ", STARTUP);
        let start = line.find("http://").expect("a URL in the serving line");
        let rest = &line[start..];
        server.url = rest.split_whitespace().next().unwrap_or(rest).to_owned();
        server
    }

    /// Wait for a stderr line containing `needle` (lines seen so far count).
    pub fn wait_for_line(&mut self, needle: &str, within: Duration) -> String {
        if let Some(line) = self.log.iter().find(|l| l.contains(needle)) {
            return line.clone();
        }
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line with {needle:?} from gen serve within {within:?}; log:\n{}",
                    self.log.join("\n")
                ),
            }
        }
    }

    /// Count the lines containing `needle` seen so far (after draining).
    pub fn count_lines(&mut self, needle: &str) -> usize {
        while let Ok(line) = self.lines.try_recv() {
            self.log.push(line);
        }
        self.log.iter().filter(|l| l.contains(needle)).count()
    }

    pub fn host_port(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Send SIGTERM and wait for the exit status.
    pub fn terminate(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One raw HTTP/1.1 GET with the path sent exactly as given.
/// Returns (status, body).
pub fn raw_get(host_port: &str, raw_path: &str) -> (u16, String) {
    raw_get_as(host_port, host_port, raw_path)
}

/// [`raw_get`] with the `Host` header set to `host_header`.
pub fn raw_get_as(host_port: &str, host_header: &str, raw_path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(host_port).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {raw_path} HTTP/1.1\r\nHost: {host_header}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Poll `check` until it is true or `within` passes.
pub fn eventually(what: &str, within: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !check() {
        assert!(
            Instant::now() < deadline,
            "timed out after {within:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn path_in(root: &Path, relative: &str) -> PathBuf {
    root.join(relative)
}
