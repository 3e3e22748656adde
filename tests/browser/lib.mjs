// Shared helpers for gen's headless-Chromium tests: launching Debian's
// Chromium through playwright-core (never a downloaded browser), a tiny
// static file server that can mount a folder under a sub-path, console-error
// collection and deadline-based polling.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.GEN_CHROMIUM || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Read the JSON job description passed as the first CLI argument. */
export function job() {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: node <script>.mjs '<json job>'");
  return JSON.parse(raw);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serve `dir` under `mount` (e.g. "/" or "/reports/") on 127.0.0.1 with a
 * random port, like a plain static host (GitHub Pages): folders answer with
 * their index.html, anything else is 404. Returns { origin, close }.
 */
export async function serveStatic(dir, mount = "/") {
  const rootDir = path.resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      let pathname = decodeURIComponent(url.pathname);
      if (!pathname.startsWith(mount)) return notFound(res);
      let file = path.resolve(rootDir, "." + pathname.slice(mount.length - 1));
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return notFound(res);
      let info = await stat(file).catch(() => null);
      if (info && info.isDirectory()) {
        if (!pathname.endsWith("/")) {
          res.writeHead(301, { location: url.pathname + "/" + url.search });
          return res.end();
        }
        file = path.join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info || !info.isFile()) return notFound(res);
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] || "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      notFound(res);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function notFound(res) {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}

/**
 * Collect console errors, page errors and failed/4xx/5xx requests of a page
 * so a test can assert there were none.
 */
export function watchErrors(page) {
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) => {
    const failure = req.failure();
    // A navigation away (or a live-reload) cancels requests in flight.
    if (failure && failure.errorText.includes("ERR_ABORTED")) return;
    errors.push(`requestfailed: ${req.url()} ${failure ? failure.errorText : ""}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) errors.push(`http ${res.status()}: ${res.url()}`);
  });
  return errors;
}

/** Sum the bytes of responses whose URL contains `marker` (e.g. "/search-index/"). */
export function countBytes(page, marker) {
  const tally = { bytes: 0, requests: 0, files: [] };
  page.on("response", async (res) => {
    if (!res.url().includes(marker)) return;
    try {
      const body = await res.body();
      tally.bytes += body.length;
      tally.requests += 1;
      tally.files.push(res.url().split(marker)[1]);
    } catch {
      // body unavailable (redirect); nothing downloaded
    }
  });
  return tally;
}

/** Poll `check` until it returns a truthy value or `ms` pass. */
export async function waitFor(what, check, ms = 10000, every = 25) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Print the result for the Rust side and exit 0 (pass) or 1 (fail). */
export function finish(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(result.ok ? 0 : 1);
}
