// Live reload in `gen serve`, as an author sees it: open a chapter, edit its
// Markdown, see the new text without reloading by hand; break a template,
// see the error overlay; fix it, see the page again.
//
// Job (JSON, first argument):
//   url       the chapter page served by `gen serve`
//   source    the chapter's Markdown file (appended to)
//   marker    text to append (must show up in the page)
//   template  { path, broken, expect }: a template file to write with
//             `broken` content (then delete), and text the overlay must show
import { appendFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { finish, job, launch, waitFor, watchErrors } from "./lib.mjs";

const spec = job();
const browser = await launch();
const result = { ok: false };

async function liveConnected(page) {
  return page.evaluate(() => !!(window.__genLive && window.__genLive.connected)).catch(() => false);
}

try {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(spec.url, { waitUntil: "load" });
  await waitFor("the live-reload socket", () => liveConnected(page));

  // 1. Edit the chapter's Markdown: the page reloads by itself.
  let started = Date.now();
  await appendFile(spec.source, `\n\n${spec.marker}\n`);
  await waitFor(
    "the edited text in the page",
    () => page.evaluate((m) => document.body.innerText.includes(m), spec.marker),
    20000
  );
  result.edit_to_reload_ms = Date.now() - started;
  await waitFor("the socket after the reload", () => liveConnected(page));

  // 2. Break a template: the overlay shows the error, the old page stays.
  await mkdir(path.dirname(spec.template.path), { recursive: true });
  started = Date.now();
  await writeFile(spec.template.path, spec.template.broken);
  await waitFor(
    "the error overlay",
    () => page.locator("#gen-error-overlay").isVisible(),
    20000
  );
  result.break_to_overlay_ms = Date.now() - started;
  result.overlay_text = await page.locator("#gen-error-overlay").textContent();
  if (!result.overlay_text.includes(spec.template.expect)) {
    throw new Error(`the overlay does not mention ${spec.template.expect}: ${result.overlay_text}`);
  }

  // 3. Fix it: the page comes back without the overlay.
  started = Date.now();
  await rm(spec.template.path);
  await waitFor(
    "the page without the overlay",
    () => page.evaluate(
      (m) => !document.getElementById("gen-error-overlay") && document.body.innerText.includes(m),
      spec.marker
    ),
    20000
  );
  result.fix_to_reload_ms = Date.now() - started;

  result.errors = errors.slice();
  result.ok = errors.length === 0;
} catch (err) {
  result.error = String(err && err.stack ? err.stack : err);
} finally {
  await browser.close();
}
finish(result);
