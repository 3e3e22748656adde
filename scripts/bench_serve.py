#!/usr/bin/env python3
"""End-to-end `gen serve` latency: from saving a chapter to the new text being served.

Starts `gen serve --port 0` in SITE, appends a marker paragraph to CHAPTER (a Markdown file of
that site), and polls PAGE (the chapter's URL path, e.g. /reports/r/01-x/) until the marker is
served; repeats RUNS times, restores the file, and prints the latencies and serve's rebuild
lines. Between edits it waits for the background search index to settle.

  python3 scripts/bench_serve.py . target/release/gen \\
      content/bank-privacy/01-overview.md /reports/bank-privacy-2025/01-overview/ 5

Only the Python standard library is used.
"""
import re
import subprocess
import sys
import threading
import time
import urllib.request


def fetch(url):
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8", "replace")
    except Exception:
        return ""


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    site, binary, chapter, page = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    proc = subprocess.Popen([binary, "serve", "--port", "0"], cwd=site,
                            stderr=subprocess.PIPE, text=True)
    log, url = [], None
    deadline = time.time() + 300
    while url is None:
        line = proc.stderr.readline()
        if not line or time.time() > deadline:
            proc.kill()
            sys.exit("gen serve did not start:\n" + "".join(log))
        log.append(line)
        found = re.search(r"(http://\S+)", line)
        if "serving" in line and found:
            url = found.group(1).rstrip("/")
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    original = open(chapter, encoding="utf-8").read()
    times = []
    try:
        if not fetch(url + page):
            sys.exit("page not served: " + url + page)
        for i in range(runs):
            time.sleep(2.5)  # let the previous edit's background search index finish
            marker = "延迟测量标记%d" % i
            start = time.time()
            with open(chapter, "w", encoding="utf-8") as f:
                f.write(original.rstrip() + "\n\n%s\n" % marker)
            while marker not in fetch(url + page):
                if time.time() - start > 30:
                    sys.exit("timed out waiting for the edit to be served")
                time.sleep(0.002)
            times.append((time.time() - start) * 1000)
    finally:
        with open(chapter, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(1.5)
        proc.terminate()
        proc.wait()
    times.sort()
    print("save -> new page served (ms):", [round(t) for t in times],
          "median", round(times[len(times) // 2]))
    print("".join(line for line in log if "rebuilt" in line or "error" in line))


if __name__ == "__main__":
    main()
