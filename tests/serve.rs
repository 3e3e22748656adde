//! `gen serve` driven as a process: it serves only the built site (no
//! source files, no traversal), on loopback, under the base path; it
//! rebuilds on edits (a burst is one rebuild), survives a report folder
//! vanishing, moves to the next port when one is taken, and stops cleanly
//! on SIGTERM.

mod serve_support;

use std::time::Duration;

use serve_support::{eventually, example_site, raw_get, raw_get_as, take_turn, Server};

const REBUILD: Duration = Duration::from_secs(30);

#[test]
fn traversal_and_source_paths_get_404_never_file_contents() {
    let _turn = take_turn();
    let site = example_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let host = server.host_port();
    assert_eq!(raw_get(&host, "/").0, 200);
    for path in [
        "/../../etc/passwd",
        "/../book.toml",
        "/reports/../../book.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/book.toml",
        "/content/about.md",
        "/about.md",
        "/.git/config",
        "//etc/passwd",
    ] {
        let (status, body) = raw_get(&host, path);
        assert!(status == 404 || status == 400, "{path}: status {status}");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
        assert!(!body.contains("[book]"), "{path} leaked book.toml");
        assert!(!body.contains("title:"), "{path} leaked front matter");
    }
}

#[test]
fn binds_loopback_and_serves_under_the_base_path_with_live_reload() {
    let _turn = take_turn();
    let site = example_site();
    let server = Server::start(
        site.path(),
        &[
            "--port",
            "0",
            "--base-url",
            "https://example.github.io/reports/",
        ],
    );
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert!(server.url.ends_with("/reports/"), "{}", server.url);
    let host = server.host_port();
    let (status, body) = raw_get(&host, "/reports/");
    assert_eq!(status, 200);
    assert!(
        body.contains("data-gen-live"),
        "the live-reload script is injected"
    );
    assert!(body.contains("/reports/__gen/live"));
    assert!(
        !body.contains("__GEN_BUILD__"),
        "the build number is stamped in"
    );
    assert_eq!(raw_get(&host, "/reports/search-index/meta.json").0, 200);
    // Outside the base path there is nothing but a redirect to it.
    assert_eq!(raw_get(&host, "/").0, 302);
    assert_eq!(raw_get(&host, "/assets/style.css").0, 404);
}

#[test]
fn a_burst_of_saves_is_one_rebuild_and_the_new_text_is_served() {
    let _turn = take_turn();
    let site = example_site();
    let mut server = Server::start(site.path(), &["--port", "0"]);
    let host = server.host_port();
    let about = site.path().join("content/about.md");
    let original = std::fs::read_to_string(&about).expect("about.md");
    for i in 0..5 {
        std::fs::write(&about, format!("{original}\n\n突发保存{i}\n")).expect("save");
    }
    server.wait_for_line("rebuilt", REBUILD);
    eventually("the last save to be served", REBUILD, || {
        raw_get(&host, "/about/").1.contains("突发保存4")
    });
    // Give a second (wrongly split) rebuild the chance to show up.
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(server.count_lines("rebuilt"), 1, "log: {:#?}", server.log);
    let line = server.wait_for_line("rebuilt", REBUILD);
    assert!(
        line.contains("content/about.md") && line.contains(" ms"),
        "{line}"
    );
}

#[test]
fn a_report_folder_vanishing_does_not_crash_the_server() {
    let _turn = take_turn();
    let site = example_site();
    let mut server = Server::start(site.path(), &["--port", "0"]);
    let host = server.host_port();
    std::fs::remove_dir_all(site.path().join("content/open-banking")).expect("rm report");
    eventually("a rebuild or a reported failure", REBUILD, || {
        server.count_lines("rebuilt") + server.count_lines("failed") > 0
    });
    assert!(server.is_running());
    assert_eq!(raw_get(&host, "/").0, 200);
    std::fs::rename(
        site.path().join("content/bank-privacy"),
        site.path().join("content/bank-privacy-renamed"),
    )
    .expect("rename report");
    eventually("the rename to be handled", REBUILD, || {
        server.count_lines("rebuilt") + server.count_lines("failed") > 1
    });
    assert!(server.is_running());
    assert_eq!(raw_get(&host, "/").0, 200);
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let _turn = take_turn();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let site = example_site();
    let mut server = Server::start(site.path(), &["--port", &port.to_string()]);
    let line = server.wait_for_line("in use", Duration::from_secs(5));
    assert!(line.contains(&port.to_string()), "{line}");
    assert!(!server.url.contains(&format!(":{port}/")), "{}", server.url);
    assert_eq!(raw_get(&server.host_port(), "/").0, 200);
}

#[test]
fn sigterm_stops_cleanly() {
    let _turn = take_turn();
    let site = example_site();
    let mut server = Server::start(site.path(), &["--port", "0"]);
    let status = server
        .terminate(Duration::from_secs(15))
        .expect("gen serve exits after SIGTERM");
    assert!(status.success(), "exit status {status}");
    server.wait_for_line("stopped", Duration::from_secs(5));
}

#[test]
fn foreign_host_names_are_refused_against_dns_rebinding() {
    let _turn = take_turn();
    let site = example_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let host = server.host_port();
    let port = host.rsplit(':').next().unwrap_or_default().to_owned();
    assert_eq!(raw_get_as(&host, &format!("localhost:{port}"), "/").0, 200);
    let (status, body) = raw_get_as(&host, &format!("rebound.example:{port}"), "/");
    assert_eq!(status, 403);
    assert!(!body.contains("<html"), "no page for a foreign host name");
}

#[test]
fn a_chapter_edit_is_incremental_and_a_config_edit_is_full() {
    let _turn = take_turn();
    let site = example_site();
    let mut server = Server::start(site.path(), &["--port", "0"]);
    let host = server.host_port();
    let chapter = site
        .path()
        .join("content/open-banking/02-implementation.md");
    let original = std::fs::read_to_string(&chapter).expect("chapter");
    std::fs::write(
        &chapter,
        format!("{original}\n\n## 增量新节\n\n增量修改的一段。\n"),
    )
    .expect("save");
    let line = server.wait_for_line("rebuilt", REBUILD);
    assert!(line.contains("incremental"), "{line}");
    eventually("the edit to be served", REBUILD, || {
        raw_get(&host, "/reports/open-banking/02-implementation/")
            .1
            .contains("增量修改的一段")
    });
    // The search index follows in the background (a record for the new
    // section), without another rebuild line.
    eventually("the search index to hold the edit", REBUILD, || {
        (0..16).any(|i| {
            raw_get(&host, &format!("/search-index/d/{i}.json"))
                .1
                .contains("增量新节")
        })
    });
    assert_eq!(server.count_lines("rebuilt"), 1, "log: {:#?}", server.log);
    let config = site.path().join("book.toml");
    let toml = std::fs::read_to_string(&config).expect("book.toml");
    std::fs::write(&config, format!("{toml}\n")).expect("save");
    eventually("a second rebuild", REBUILD, || {
        server.count_lines("rebuilt") > 1
    });
    let line = server
        .log
        .iter()
        .filter(|l| l.contains("rebuilt"))
        .nth(1)
        .cloned()
        .unwrap_or_default();
    assert!(line.contains("full"), "{line}");
}
