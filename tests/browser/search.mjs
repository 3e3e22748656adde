// Search in a built site, as a reader does it: press `/`, type a query into
// the header box, wait for a visible result linking to the expected chapter;
// then open /search/?q=… and check the full result list. Fails on any console
// error, page error or failed request.
//
// Job (JSON, first argument):
//   dir     folder to serve (or `origin` for a server that is already running)
//   mount   path the site is served under, e.g. "/" or "/reports/"
//   start   page to open, relative to the mount (default: the home page)
//   cases   [{ query, expect }]: a visible result's href must contain `expect`
//   navigate  also follow the first case's result with ArrowDown + Enter
import { countBytes, finish, job, launch, serveStatic, waitFor, watchErrors } from "./lib.mjs";

const spec = job();
const mount = spec.mount || "/";
const server = spec.dir ? await serveStatic(spec.dir, mount) : null;
const origin = spec.origin || server.origin;
const site = origin + mount;
const browser = await launch();
const result = { ok: false, cases: [], errors: [] };

try {
  if (spec.tokenizer) {
    // The browser's tokenizer and bucket hash must match the Rust ones.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site + (spec.start || ""), { waitUntil: "load" });
    await waitFor("search.js to start", () => page.evaluate(() => !!window.genSearch));
    result.tokenizer = await page.evaluate((checks) => {
      const mismatches = [];
      for (const [text, expected] of checks.tokens) {
        const got = window.genSearch.analyze(text).tokens;
        if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push({ text, expected, got });
      }
      for (const [token, count, expected] of checks.buckets) {
        const got = window.genSearch.bucketOf(token, count);
        if (got !== expected) mismatches.push({ token, count, expected, got });
      }
      return mismatches;
    }, spec.tokenizer);
    await context.close();
    if (result.tokenizer.length) throw new Error("tokenizer mismatch: " + JSON.stringify(result.tokenizer));
  }

  for (const [index, testCase] of spec.cases.entries()) {
    // A fresh context per case so payload and timing are those of a cold visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const payload = countBytes(page, "/search-index/");
    const outcome = { query: testCase.query, expect: testCase.expect };
    try {
      await page.goto(site + (spec.start || ""), { waitUntil: "load" });
      await page.keyboard.press("/");
      await waitFor("the `/` shortcut to focus the search box", () =>
        page.evaluate(() => document.activeElement && document.activeElement.id === "site-search")
      );
      const typedAt = Date.now();
      await page.keyboard.type(testCase.query);
      // A result matches by its link (`expect`) and/or its visible title
      // and context line (`expect_title`).
      const selector = testCase.expect
        ? `#search-dropdown li[role=option] a[href*="${testCase.expect}"]`
        : "#search-dropdown li[role=option] a";
      const firstResultSelector = "#search-dropdown li[role=option] a";
      await waitFor("a first result in the dropdown", () => page.locator(firstResultSelector).first().isVisible());
      outcome.first_result_ms = Date.now() - typedAt;
      const wanted = testCase.expect_title
        ? page.locator(selector).filter({ hasText: testCase.expect_title })
        : page.locator(selector);
      await waitFor(`a visible result linking to ${testCase.expect || testCase.expect_title}`, () =>
        wanted.first().isVisible()
      );
      // The results of the whole query, not of a prefix typed on the way
      // (each render replaces the options; the listbox is labelled with
      // its query).
      await waitFor("the dropdown to show the whole query's results", () =>
        page.evaluate(
          (query) => {
            const list = document.querySelector("#search-dropdown [role=listbox]");
            return !!list && list.getAttribute("aria-label") === query.trim();
          },
          testCase.query
        )
      );
      outcome.matched_href = await wanted.first().getAttribute("href");
      outcome.expected_result_ms = Date.now() - typedAt;
      outcome.hrefs = await page.locator(firstResultSelector).evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      outcome.excerpt_marked = await page.locator("#search-dropdown mark").count();
      outcome.payload_kb = Math.round((payload.bytes / 1024) * 10) / 10;
      outcome.payload_requests = payload.requests;
      outcome.live_region = await page.locator('[role="status"]').first().textContent();

      if (spec.navigate && index === 0) {
        // Keyboard-only: the first option becomes active, Enter follows it.
        const firstHref = outcome.hrefs[0];
        await page.keyboard.press("ArrowDown");
        await waitFor("aria-activedescendant on the box", () =>
          page.evaluate(() => document.getElementById("site-search").getAttribute("aria-activedescendant"))
        );
        await page.keyboard.press("Enter");
        const expected = new URL(firstHref, site).href;
        await waitFor(`navigation to ${expected}`, () => page.url() === expected);
        await page.waitForLoadState("load");
        outcome.navigated_to = page.url();
      }

      // The shareable results page.
      await page.goto(`${site}search/?q=${encodeURIComponent(testCase.query)}`, { waitUntil: "load" });
      const listed = testCase.expect
        ? page.locator(`#search-results li a[href*="${testCase.expect}"]`)
        : page.locator("#search-results li").filter({ hasText: testCase.expect_title }).locator("a");
      await waitFor(`the /search/ page to list ${testCase.expect || testCase.expect_title}`, () =>
        listed.first().isVisible()
      );
      outcome.search_page_value = await page.evaluate(
        () => (document.querySelector("main input[type=search]") || document.getElementById("site-search")).value
      );
      if (outcome.search_page_value !== testCase.query) throw new Error(`the /search/ box holds ${outcome.search_page_value}`);
      outcome.ok = errors.length === 0;
    } catch (err) {
      outcome.ok = false;
      outcome.error = String(err && err.message ? err.message : err);
      outcome.hrefs = outcome.hrefs || (await page.locator("#search-dropdown a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))).catch(() => []));
      outcome.dropdown_text = await page.locator("#search-dropdown").textContent().catch(() => null);
    }
    outcome.errors = errors.slice();
    result.errors.push(...errors);
    result.cases.push(outcome);
    await context.close();
  }
  result.ok = result.cases.every((c) => c.ok) && result.errors.length === 0;
} catch (err) {
  result.error = String(err && err.stack ? err.stack : err);
} finally {
  await browser.close();
  if (server) await server.close();
}
finish(result);
