//! `gen serve`: HTTP preview on loopback with live reload.
//!
//! The site is built in memory ([`OutputTarget::Memory`]) and served from
//! that map only, under the site's base path, so no source file can be
//! served and no path can escape. A notify watcher (debounced) feeds
//! [`crate::watch::plan_rebuild`]; each rebuild swaps the whole map at once
//! and only then tells the open pages to reload over a websocket, so a page
//! never sees a half-built site. A failed build keeps the last good site,
//! prints the error and shows it in the browser as an overlay.
//!
//! Rebuilds are incremental where [`crate::incremental`] can apply the
//! change to the state the last build kept, and full otherwise. After a
//! content edit the search index is rebuilt on a worker thread and
//! published without a page reload, so the edited page shows at once.

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use crate::build::BuildOptions;
use crate::cli::ServeArgs;
use crate::config::{base_path_of, Config};
use crate::incremental::{self, Applied, BackgroundJob, FileChanges, SiteState};
use crate::output::{OutputTarget, SharedFiles};
use crate::watch::{describe, plan_rebuild, RebuildPlan, SiteLayout};

/// Path (under the base) of the live-reload websocket.
const LIVE_PATH: &str = "__gen/live";
/// Replaced, in every HTML response, by the number of the build it came from.
const BUILD_MARK: &str = "__GEN_BUILD__";
/// The watcher merges repeated events on a path within this window…
const DEBOUNCE: Duration = Duration::from_millis(20);
/// …and a rebuild starts once no event came for this long, so saves closer
/// together than this are one change.
const QUIET: Duration = Duration::from_millis(60);
/// How many ports after a taken one to try.
const PORT_TRIES: u16 = 20;

/// What the open pages are told: the current build, or why the last one failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveState {
    pub build: u64,
    pub error: Option<String>,
}

/// The served site and the live state, shared by the server and the rebuild thread.
pub struct Preview {
    base: String,
    files: RwLock<Arc<SharedFiles>>,
    live: watch::Sender<LiveState>,
    /// Bumped whenever the served search index goes out of date; a search
    /// job started before the last bump is not published.
    search_generation: AtomicU64,
}

impl Preview {
    pub fn new(base: String) -> Preview {
        let (live, _) = watch::channel(LiveState {
            build: 0,
            error: None,
        });
        Preview {
            base,
            files: RwLock::new(Arc::new(SharedFiles::new())),
            live,
            search_generation: AtomicU64::new(0),
        }
    }

    /// Swap in a complete new site, then tell the pages to reload.
    pub fn publish(&self, files: SharedFiles) {
        match self.files.write() {
            Ok(mut current) => *current = Arc::new(files),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(files),
        }
        self.reload();
    }

    /// Swap in the served site with `changes` applied (a copy of the map
    /// that shares every unchanged file), then tell the pages to reload.
    pub fn publish_changes(&self, changes: FileChanges) {
        self.apply(changes);
        self.reload();
    }

    /// The served files now.
    pub fn current(&self) -> Arc<SharedFiles> {
        match self.files.read() {
            Ok(files) => Arc::clone(&files),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Mark the served search index out of date; returns the generation a
    /// search job for the new records must carry.
    fn next_search_generation(&self) -> u64 {
        self.search_generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Publish a finished search index, unless a newer one is on its way;
    /// no reload (the pages are unchanged, and a reload would interrupt a
    /// search in progress).
    fn publish_search(&self, generation: u64, changes: FileChanges) {
        let mut files = match self.files.write() {
            Ok(files) => files,
            Err(poisoned) => poisoned.into_inner(),
        };
        if self.search_generation.load(Ordering::SeqCst) != generation {
            return;
        }
        let mut next = SharedFiles::clone(&files);
        changes.apply(&mut next);
        *files = Arc::new(next);
    }

    /// Copy-and-swap under the write lock, so concurrent updates never
    /// lose each other's files.
    fn apply(&self, changes: FileChanges) {
        let mut files = match self.files.write() {
            Ok(files) => files,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut next = SharedFiles::clone(&files);
        changes.apply(&mut next);
        *files = Arc::new(next);
    }

    fn reload(&self) {
        self.live.send_modify(|state| {
            state.build += 1;
            state.error = None;
        });
    }

    /// Keep the last good site and show `message` in the pages.
    pub fn fail(&self, message: String) {
        self.live.send_modify(|state| state.error = Some(message));
    }

    fn snapshot(&self) -> (Arc<SharedFiles>, LiveState) {
        (self.current(), self.live.borrow().clone())
    }
}

/// The markup injected before `</body>` of every page in serve mode.
pub fn live_reload_script(base: &str) -> String {
    let socket_path = serde_json::to_string(&format!("{base}{LIVE_PATH}"))
        .unwrap_or_else(|_| "\"/__gen/live\"".to_owned());
    format!(
        r#"<script data-gen-live>(function(){{
var built={BUILD_MARK},path={socket_path},overlay=null,state=window.__genLive={{build:built,connected:false}};
function show(message){{if(!overlay){{overlay=document.createElement("div");overlay.id="gen-error-overlay";overlay.setAttribute("role","alert");
overlay.style.cssText="position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.92);color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
document.body.appendChild(overlay);}}overlay.textContent="gen: the build failed; showing the last good version.\n\n"+message;}}
function hide(){{if(overlay){{overlay.remove();overlay=null;}}}}
function connect(){{var ws=new WebSocket((location.protocol==="https:"?"wss://":"ws://")+location.host+path);
ws.onopen=function(){{state.connected=true;}};
ws.onmessage=function(event){{var live=JSON.parse(event.data);
if(live.error){{show(live.error);}}else if(live.build!==built){{location.reload();}}else{{hide();}}}};
ws.onclose=function(){{state.connected=false;setTimeout(connect,500);}};}}
connect();}})();</script>"#
    )
}

/// `gen serve`.
pub fn run_cli(root: &Path, args: &ServeArgs) -> Result<bool> {
    let root = std::fs::canonicalize(root)
        .with_context(|| format!("cannot open the site folder {}", root.display()))?;
    let config = Config::load(&root)?;
    let layout = SiteLayout::new(&root, &config);
    let site_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| config.output.html.site_url.clone());
    let base = base_path_of(&site_url);
    let bind: IpAddr = args
        .bind
        .parse()
        .with_context(|| format!("--bind {}: not an IP address", args.bind))?;
    if !bind.is_loopback() {
        eprintln!("warning: serving on {bind}: the preview is reachable from other machines");
    }
    let options = BuildOptions {
        out: OutputTarget::Memory,
        base_url: args.base_url.clone(),
        live_reload: Some(live_reload_script(&base)),
        ..BuildOptions::default()
    };

    let preview = Arc::new(Preview::new(base.clone()));
    let started = Instant::now();
    let state = match build_quietly(&root, &options) {
        Ok((files, state)) => {
            preview.next_search_generation();
            preview.publish(files);
            eprintln!("built the site in {} ms", started.elapsed().as_millis());
            Some(state)
        }
        Err(message) => {
            eprintln!("error: the build failed:\n{message}");
            preview.fail(message);
            None
        }
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(serve(root, layout, options, state, preview, bind, args))
}

async fn serve(
    root: PathBuf,
    layout: SiteLayout,
    options: BuildOptions,
    state: Option<SiteState>,
    preview: Arc<Preview>,
    bind: IpAddr,
    args: &ServeArgs,
) -> Result<bool> {
    let listener = bind_with_fallback(bind, args.port).await?;
    let address = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let url = format!("http://{}{}", display_addr(address), preview.base);
    // Watcher → rebuild thread; the thread also watches folders that appear
    // later (e.g. a new `templates/`), and ends when `stop` is set.
    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, events_tx).context("cannot start the file watcher")?;
    let mut watched = HashSet::new();
    watch_paths(&mut debouncer, &layout, &mut watched);
    let stop = Arc::new(AtomicBool::new(false));
    let preview_root = root.clone();
    let rebuilder = {
        let preview = Arc::clone(&preview);
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let rewatch = |layout: &SiteLayout| watch_paths(&mut debouncer, layout, &mut watched);
            let mut rebuilder = Rebuilder::new(root, options, state, preview);
            rebuild_loop(&layout, &mut rebuilder, &events_rx, &stop, rewatch);
        })
    };

    let shutdown = shutdown_signal();
    // Said only now that edits are seen and signals handled: tests wait for
    // this line.
    eprintln!(
        "serving {} at {url} (Ctrl-C to stop)",
        preview_root.display()
    );
    if args.open {
        if let Err(err) = open::that(&url) {
            eprintln!("warning: cannot open a browser: {err}");
        }
    }

    let (stop_tx, stop_rx) = watch::channel(false);
    let app = router(Arc::clone(&preview), stop_rx, bind.is_loopback());
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    server.await.context("the server failed")?;
    stop.store(true, Ordering::Relaxed);
    let _ = rebuilder.join();
    eprintln!("stopped");
    Ok(true)
}

fn display_addr(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
    }
}

/// Bind `port`, or the next free one (saying so); port 0 picks any.
async fn bind_with_fallback(bind: IpAddr, port: u16) -> Result<tokio::net::TcpListener> {
    let mut last_error = None;
    for offset in 0..=PORT_TRIES {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match tokio::net::TcpListener::bind(SocketAddr::new(bind, candidate)).await {
            Ok(listener) => {
                if offset > 0 {
                    eprintln!("port {port} is in use; using port {candidate} instead");
                }
                return Ok(listener);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                last_error = Some(err);
            }
            Err(err) => {
                return Err(err).with_context(|| format!("cannot listen on {bind}:{candidate}"))
            }
        }
    }
    match last_error {
        Some(err) => Err(err).with_context(|| {
            format!(
                "ports {port}–{} on {bind} are all in use (choose one with --port)",
                port.saturating_add(PORT_TRIES)
            )
        }),
        None => bail!("no port to listen on after {port}"),
    }
}

/// Watch the site's inputs that exist and are not watched yet.
fn watch_paths(
    debouncer: &mut impl WatchTarget,
    layout: &SiteLayout,
    watched: &mut HashSet<PathBuf>,
) {
    // The root itself (not recursively) sees book.toml and folders that
    // appear later; editors that save by renaming still show up there.
    let mut wanted = vec![(layout.root.clone(), RecursiveMode::NonRecursive)];
    for dir in [
        &layout.content,
        &layout.themes,
        &layout.templates,
        &layout.static_dir,
    ] {
        wanted.push((dir.clone(), RecursiveMode::Recursive));
    }
    for file in &layout.data_files {
        if let Some(parent) = file.parent() {
            wanted.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
        }
    }
    for (path, mode) in wanted {
        if path.is_dir() && !watched.contains(&path) && debouncer.add(&path, mode) {
            watched.insert(path);
        }
    }
}

/// The one method of the debouncer used here (kept apart to keep the
/// watcher's type out of the signatures).
trait WatchTarget {
    /// Start watching; false (after saying why) when that failed.
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> bool;
}

impl<T: notify::Watcher, C: notify_debouncer_full::FileIdCache> WatchTarget
    for notify_debouncer_full::Debouncer<T, C>
{
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> bool {
        match self.watch(path, mode) {
            Ok(()) => true,
            Err(err) => {
                eprintln!("warning: cannot watch {}: {err}", path.display());
                false
            }
        }
    }
}

fn rebuild_loop(
    layout: &SiteLayout,
    rebuilder: &mut Rebuilder,
    events: &mpsc::Receiver<DebounceEventResult>,
    stop: &AtomicBool,
    mut rewatch: impl FnMut(&SiteLayout),
) {
    loop {
        let first = match events.recv_timeout(Duration::from_millis(200)) {
            Ok(first) => first,
            Err(mpsc::RecvTimeoutError::Timeout) if !stop.load(Ordering::Relaxed) => continue,
            Err(_) => return,
        };
        // The debouncer flushes each event once it is old enough, so one
        // burst can arrive as several batches: wait for a quiet spell, and
        // take everything that piled up during the last build too.
        let mut batches = vec![first];
        while let Ok(batch) = events.recv_timeout(QUIET) {
            batches.push(batch);
        }
        let mut changed: Vec<PathBuf> = Vec::new();
        for batch in batches {
            match batch {
                Ok(batch) => changed.extend(
                    batch
                        .into_iter()
                        .filter(|e| changes_content(&e.event.kind))
                        .flat_map(|e| e.event.paths),
                ),
                Err(errors) => {
                    for err in errors {
                        eprintln!("warning: file watcher: {err}");
                    }
                }
            }
        }
        rewatch(layout);
        let plan = plan_rebuild(layout, &changed);
        if plan == RebuildPlan::Nothing {
            continue;
        }
        let started = Instant::now();
        match rebuilder.rebuild(&plan) {
            Ok(how) => {
                eprintln!(
                    "rebuilt ({}, {how}) in {} ms",
                    describe(layout, &plan),
                    started.elapsed().as_millis()
                );
            }
            Err(message) => {
                eprintln!(
                    "error: rebuild ({}) failed after {} ms; still serving the last good site:\n{message}",
                    describe(layout, &plan),
                    started.elapsed().as_millis()
                );
                rebuilder.preview.fail(message);
            }
        }
    }
}

/// Applies each change: incrementally to the kept state when it can, else
/// by a full build (which keeps a new state).
struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    state: Option<SiteState>,
    preview: Arc<Preview>,
    /// The background worker's next job (only the latest one is kept).
    background: Arc<BackgroundSlot>,
}

/// The job waiting for the background worker, with its search generation.
#[derive(Default)]
struct BackgroundSlot {
    next: Mutex<(Option<(u64, BackgroundJob)>, bool)>,
    wake: Condvar,
}

impl BackgroundSlot {
    /// Replace the waiting job; returns the one it replaced.
    fn set(&self, job: Option<(u64, BackgroundJob)>) -> Option<(u64, BackgroundJob)> {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let waiting = std::mem::replace(&mut next.0, job);
        self.wake.notify_one();
        waiting
    }

    fn has_job(&self) -> bool {
        let next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.0.is_some()
    }

    fn close(&self) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.1 = true;
        self.wake.notify_one();
    }

    /// The next job, or `None` once closed.
    fn take(&self) -> Option<(u64, BackgroundJob)> {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if next.1 {
                return None;
            }
            if let Some(job) = next.0.take() {
                return Some(job);
            }
            next = self.wake.wait(next).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Rebuilder {
    fn drop(&mut self) {
        self.background.close();
    }
}

impl Rebuilder {
    fn new(
        root: PathBuf,
        options: BuildOptions,
        state: Option<SiteState>,
        preview: Arc<Preview>,
    ) -> Rebuilder {
        let background = Arc::new(BackgroundSlot::default());
        let worker_preview = Arc::clone(&preview);
        let slot = Arc::clone(&background);
        // Ends when this rebuilder is dropped (it closes the slot).
        std::thread::spawn(move || {
            // Its own one-thread pool: in the global pool, its long tasks
            // would hold up the next edit's parallel work.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "gen-background".to_owned())
                .build();
            while let Some((generation, job)) = slot.take() {
                let result = match &pool {
                    Ok(pool) => pool.install(|| job.run()),
                    Err(_) => job.run(),
                };
                match result {
                    Ok(changes) => worker_preview.publish_search(generation, changes),
                    Err(err) => eprintln!(
                        "warning: the search index or entities.json was not updated: {err:#}"
                    ),
                }
            }
        });
        Rebuilder {
            root,
            options,
            state,
            preview,
            background,
        }
    }

    /// Rebuild for `plan` and publish; says how (`incremental`, or `full`
    /// and why), or the error.
    fn rebuild(&mut self, plan: &RebuildPlan) -> std::result::Result<String, String> {
        let mut why_full = "no earlier build to start from";
        // A waiting job would hold on to state this change may modify (and
        // make it wait or copy): drop it, and make it again from the state
        // after the change if the change makes none of its own.
        let waiting = self.background.set(None).is_some();
        let outcome = self.try_incremental(plan, &mut why_full);
        // (A full build publishes a fresh index itself.)
        if waiting && outcome.is_some() && !self.background.has_job() {
            if let Some(job) = self.state.as_ref().and_then(SiteState::background_job) {
                self.background
                    .set(Some((self.preview.next_search_generation(), job)));
            }
        }
        if let Some(outcome) = outcome {
            return outcome;
        }
        self.state = None;
        let (files, state) = build_quietly(&self.root, &self.options)?;
        self.state = Some(state);
        self.preview.next_search_generation();
        self.preview.publish(files);
        Ok(format!("full: {why_full}"))
    }

    /// Apply `plan` to the kept state; `None` when a full build is needed
    /// (`why_full` says why).
    fn try_incremental(
        &mut self,
        plan: &RebuildPlan,
        why_full: &mut &'static str,
    ) -> Option<std::result::Result<String, String>> {
        if let Some(state) = self.state.as_mut() {
            let current = self.preview.current();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match plan {
                RebuildPlan::Content {
                    sources,
                    static_files,
                } => state.apply_content(sources, static_files, &current),
                RebuildPlan::CopyStatic(files) => state.apply_static(files, &current),
                RebuildPlan::Templates(_) => state.apply_templates(),
                RebuildPlan::Full | RebuildPlan::Nothing => {
                    Ok(Applied::NeedsFullBuild("configuration or data changed"))
                }
            }));
            match outcome {
                Ok(Ok(Applied::Changed {
                    changes, search, ..
                })) => {
                    let job = search.map(|job| (self.preview.next_search_generation(), job));
                    self.preview.publish_changes(changes);
                    if job.is_some() {
                        self.background.set(job);
                    }
                    // Templates and static files: the waiting job (if any)
                    // is made again by the caller.
                    return Some(Ok("incremental".to_owned()));
                }
                Ok(Ok(Applied::NeedsFullBuild(why))) => *why_full = why,
                Ok(Err(err)) => {
                    if state.is_stale() {
                        self.state = None;
                    }
                    return Some(Err(error_message(&err)));
                }
                Err(_) => {
                    self.state = None;
                    return Some(Err("the rebuild panicked (this is a bug in gen)".to_owned()));
                }
            }
        }
        None
    }
}

fn error_message(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| cause.to_string())
        .collect::<Vec<_>>()
        .join("\n  caused by: ")
}

/// Reads (our own build reads every source) and access-time updates change
/// nothing.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    !matches!(
        kind,
        notify::EventKind::Access(_)
            | notify::EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Build in memory (keeping the state for incremental rebuilds) with the
/// core's per-phase log lines silenced (serve prints one line per
/// rebuild); a panic becomes an error message.
fn build_quietly(
    root: &Path,
    options: &BuildOptions,
) -> std::result::Result<(SharedFiles, SiteState), String> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), || {
            incremental::full_build(root, options)
        })
    }));
    match outcome {
        Ok(Ok((result, state))) => Ok((
            crate::output::share(result.files.unwrap_or_default()),
            state,
        )),
        Ok(Err(err)) => Err(error_message(&err)),
        Err(_) => Err("the build panicked (this is a bug in gen)".to_owned()),
    }
}

/// Ctrl-C or SIGTERM. The handlers are installed now, not when the future
/// is first polled, so a signal right after start-up is not fatal.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let streams = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (interrupt, terminate) = streams;
            let wait = |stream: Option<tokio::signal::unix::Signal>| async move {
                match stream {
                    Some(mut stream) => {
                        stream.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = wait(interrupt) => {},
                _ = wait(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[derive(Clone)]
struct AppState {
    preview: Arc<Preview>,
    stop: watch::Receiver<bool>,
    /// Bound to loopback: only loopback host names are answered.
    loopback_only: bool,
}

/// The preview's routes: the live-reload socket, and the built files.
fn router(preview: Arc<Preview>, stop: watch::Receiver<bool>, loopback_only: bool) -> Router {
    let live = format!("{}{LIVE_PATH}", preview.base);
    Router::new()
        .route(&live, get(live_socket))
        .fallback(serve_file)
        .with_state(AppState {
            preview,
            stop,
            loopback_only,
        })
}

async fn live_socket(
    State(state): State<AppState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !host_allowed(&headers, state.loopback_only) || !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    upgrade.on_upgrade(move |socket| push_live_state(socket, state))
}

/// Against DNS rebinding: a loopback preview answers only to loopback names.
fn host_allowed(headers: &HeaderMap, loopback_only: bool) -> bool {
    if !loopback_only {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true; // HTTP/1.0 without Host: nothing a browser page can send
    };
    is_loopback_host(host)
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map(|(name, _)| name).unwrap_or(host)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Against cross-site websockets: a page from another origin may not
/// listen to build errors (they name files and quote templates).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return true; // not a browser
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

async fn push_live_state(mut socket: WebSocket, state: AppState) {
    let mut live = state.preview.live.subscribe();
    let mut stop = state.stop;
    loop {
        let message = live_message(&live.borrow_and_update());
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
        tokio::select! {
            changed = live.changed() => if changed.is_err() { return },
            _ = stop.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => continue,
                _ => return,
            },
        }
    }
}

fn live_message(state: &LiveState) -> String {
    serde_json::json!({ "build": state.build, "error": state.error }).to_string()
}

async fn serve_file(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    if !host_allowed(&headers, state.loopback_only) {
        return (StatusCode::FORBIDDEN, "gen serve answers only to localhost").into_response();
    }
    let (files, live) = state.preview.snapshot();
    match resolve(&state.preview.base, uri.path(), &files) {
        Resolved::File(key) => match files.get(&key) {
            Some(bytes) => file_response(StatusCode::OK, &key, bytes, live.build),
            None => not_found(&files, live.build),
        },
        Resolved::Redirect(location) => redirect(&location),
        Resolved::NotFound if files.is_empty() => {
            // No good build yet: a page that shows the error and reloads
            // when a build succeeds.
            let page = format!(
                "<!DOCTYPE html><html data-base=\"{}\"><head><meta charset=\"utf-8\"><title>gen serve</title></head><body><p>Waiting for a successful build…</p></body></html>",
                html_escape(&state.preview.base)
            );
            let page = page.replace(
                "</body>",
                &format!("{}</body>", live_reload_script(&state.preview.base)),
            );
            file_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "index.html",
                page.as_bytes(),
                live.build,
            )
        }
        Resolved::NotFound => not_found(&files, live.build),
    }
}

/// How a request path maps onto the built files.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(String),
    Redirect(String),
    NotFound,
}

/// Map a raw (still percent-encoded) request path to a key of `files`.
/// Anything that could climb out or smuggle a separator is not found:
/// `..`/`.` segments, encoded dots or slashes, backslashes, NUL.
pub fn resolve<V>(base: &str, raw_path: &str, files: &BTreeMap<String, V>) -> Resolved {
    let lowered = raw_path.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00", "\\"]
        .iter()
        .any(|bad| lowered.contains(bad))
    {
        return Resolved::NotFound;
    }
    let Ok(decoded) = percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == "." || segment.contains('\0'))
    {
        return Resolved::NotFound;
    }
    let base_without_slash = base.trim_end_matches('/');
    if !base_without_slash.is_empty() && (decoded == base_without_slash || decoded == "/") {
        return Resolved::Redirect(base.to_owned());
    }
    let Some(relative) = decoded.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    if relative
        .split('/')
        .any(|segment| segment.starts_with('.') && !segment.is_empty() && segment != ".nojekyll")
    {
        // Hidden files are never part of a page.
        return Resolved::NotFound;
    }
    if relative.is_empty() || relative.ends_with('/') {
        return Resolved::File(format!("{relative}index.html"));
    }
    if files.contains_key(relative) {
        return Resolved::File(relative.to_owned());
    }
    if files.contains_key(&format!("{relative}/index.html")) {
        return Resolved::Redirect(format!("{base}{relative}/"));
    }
    Resolved::NotFound
}

fn not_found(files: &SharedFiles, build: u64) -> Response {
    match files.get("404.html") {
        Some(page) => file_response(StatusCode::NOT_FOUND, "404.html", page, build),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn redirect(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8], build: u64) -> Response {
    let content_type = content_type_of(key);
    let body: Vec<u8> = if content_type.starts_with("text/html") {
        String::from_utf8_lossy(bytes)
            .replace(BUILD_MARK, &build.to_string())
            .into_bytes()
    } else {
        bytes.to_vec()
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn content_type_of(key: &str) -> &'static str {
    let extension = key.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::SiteFiles;

    fn site() -> SiteFiles {
        let mut files = SiteFiles::new();
        for key in [
            "index.html",
            "404.html",
            "reports/a/index.html",
            "reports/a/01/index.html",
            "assets/style.css",
            "search-index/meta.json",
            ".nojekyll",
        ] {
            files.insert(key.to_owned(), b"x".to_vec());
        }
        files
    }

    #[test]
    fn pages_and_assets_resolve_under_the_base() {
        let files = site();
        assert_eq!(
            resolve("/", "/", &files),
            Resolved::File("index.html".into())
        );
        assert_eq!(
            resolve("/", "/reports/a/01/", &files),
            Resolved::File("reports/a/01/index.html".into())
        );
        assert_eq!(
            resolve("/", "/assets/style.css", &files),
            Resolved::File("assets/style.css".into())
        );
        assert_eq!(
            resolve("/reports/", "/reports/reports/a/", &files),
            Resolved::File("reports/a/index.html".into())
        );
        assert_eq!(
            resolve("/", "/reports/a/01", &files),
            Resolved::Redirect("/reports/a/01/".into())
        );
        assert_eq!(
            resolve("/reports/", "/reports", &files),
            Resolved::Redirect("/reports/".into())
        );
        assert_eq!(
            resolve("/reports/", "/", &files),
            Resolved::Redirect("/reports/".into())
        );
        assert_eq!(
            resolve("/reports/", "/assets/style.css", &files),
            Resolved::NotFound
        );
    }

    #[test]
    fn percent_encoded_names_resolve() {
        let mut files = site();
        files.insert("reports/中文/index.html".into(), b"x".to_vec());
        assert_eq!(
            resolve("/", "/reports/%E4%B8%AD%E6%96%87/", &files),
            Resolved::File("reports/中文/index.html".into())
        );
    }

    #[test]
    fn traversal_and_smuggled_separators_are_not_found() {
        let files = site();
        for raw in [
            "/../etc/passwd",
            "/../../etc/passwd",
            "/reports/../../book.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/reports%2fa%2findex.html",
            "/..%5c..%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "/./index.html",
            "/%00",
            "/.git/config",
            "/%ff%fe",
        ] {
            assert_eq!(resolve("/", raw, &files), Resolved::NotFound, "{raw}");
        }
    }

    #[test]
    fn only_loopback_host_names_and_same_origin_sockets_are_answered() {
        for host in [
            "localhost:3000",
            "127.0.0.1:3000",
            "127.1.2.3",
            "[::1]:3000",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:3000",
            "192.168.1.2:3000",
            "[2001:db8::1]:80",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:3000"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
        headers.insert(
            header::HOST,
            HeaderValue::from_static("rebound.evil.example:3000"),
        );
        assert!(!host_allowed(&headers, true));
        assert!(host_allowed(&headers, false));
    }

    #[test]
    fn publish_swaps_the_site_and_bumps_the_build() {
        let preview = Preview::new("/".into());
        preview.fail("boom".into());
        assert_eq!(preview.snapshot().1.error.as_deref(), Some("boom"));
        preview.publish(crate::output::share(site()));
        let (files, live) = preview.snapshot();
        assert_eq!(
            live,
            LiveState {
                build: 1,
                error: None
            }
        );
        assert!(files.contains_key("index.html"));
    }

    #[test]
    fn the_build_number_is_stamped_into_html_only() {
        let script = live_reload_script("/reports/");
        assert!(script.contains(BUILD_MARK));
        assert!(script.contains("\"/reports/__gen/live\""));
        assert_eq!(content_type_of("a/b.JSON"), "application/json");
        assert_eq!(content_type_of("x"), "application/octet-stream");
    }
}
