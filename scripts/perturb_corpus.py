#!/usr/bin/env python3
"""Score `gen import` on re-encoded and re-wrapped copies of the answer-keyed
corpus: the same reports as other sites and browsers deliver them.

Each variant writes every NAME.txt of the given folders (with its
NAME.expected.json) into a temporary folder, transformed, and runs
../shared/eval/score_import.py on it. The answers do not change: a report
saved as a GBK web page must parse as its UTF-8 text does.

    python3 scripts/perturb_corpus.py --gen target/release/gen \\
        ../shared/seeds ../shared/corpus/dev

Variants (--variants, comma-separated; default all):
    gb18030   the text in GB18030
    big5      the text in Big5-HKSCS (reports that Big5 can encode)
    utf16     UTF-16 with a byte-order mark
    bom       UTF-8 with a byte-order mark
    crlf      Windows line endings
    cr        old Mac line endings (a lone CR)
    indent    every line indented with two ideographic spaces
    blank     a blank line after every line (double-spaced copies)
    trailing  spaces and a tab at the end of every line
    nbsp      no-break spaces for spaces (browser copies)
    invisible a zero-width space after every seventh character
    frame     an unknown site's header (greeting, name and slogan, navigation
              links, category trail) above the report, footer links below
    page      an HTML page (saved as .txt): a <p> per line, UTF-8
    page-gbk  an HTML page in GBK with a navigation bar, scripts, one <div>
              of <br>-separated lines and a copyright/ICP footer

Exit status 1 when a variant falls short of the scorer's thresholds.
"""

import argparse
import concurrent.futures
import html
import os
import shutil
import subprocess
import sys
import tempfile

SCORER = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "score_import.py")


def page(text, charset="utf-8"):
    body = "".join("<p>" + html.escape(line) + "</p>\n" for line in text.split("\n"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"></head>'
        f'<body><div class="content">{body}</div></body></html>'
    )


def page_with_chrome(text, charset):
    first = text.strip().split("\n")[0][:60]
    body = "<br>\n".join(html.escape(line) for line in text.split("\n"))
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{html.escape(first)}</title>'
        "<script>var _hmt=_hmt||[];(function(){var s='<p>x</p>';})();</script>"
        "<style>.nav{color:red}</style></head><body>"
        '<nav><ul><li><a href="/">首页</a></li><li><a href="/login">登录</a></li>'
        '<li><a href="/reg">注册</a></li></ul></nav>'
        f'<div class="main"><div class="article">{body}</div></div>'
        "<footer><p>Copyright © 2026 文档网 All rights reserved.</p><p>京ICP备12345678号-1</p>"
        "</footer></body></html>"
    )


# An unknown site's header and footer lines around the report.
FRAME_TOP = (
    "欢迎访问资料分享网！\n资料分享网\n文档网 - 海量文档免费下载\n登录 | 注册\n手机版 | 网站地图 | 联系我们\n上传文档\n"
    "文档分类：行业报告 > 金融\n"
)
FRAME_BOTTOM = "\n关于我们 | 联系我们 | 帮助中心 | 意见反馈\n网站地图\n"


def indent(line):
    """Two ideographic spaces before each line with text, as Chinese pages indent."""
    return "\u3000\u3000" + line if line.strip() else line


def invisible(text):
    """A zero-width space after every seventh character, as copy-guarded pages do."""
    return "".join(c + "\u200b" if i % 7 == 6 and c != "\n" else c for i, c in enumerate(text))


VARIANTS = {
    "gb18030": lambda t: t.encode("gb18030"),
    "big5": lambda t: t.encode("big5hkscs"),
    "utf16": lambda t: t.encode("utf-16"),
    "bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "indent": lambda t: "\n".join(indent(line) for line in t.split("\n")).encode("utf-8"),
    "blank": lambda t: t.replace("\n", "\n\n").encode("utf-8"),
    "trailing": lambda t: t.replace("\n", " \t\n").encode("utf-8"),
    "nbsp": lambda t: t.replace(" ", "\u00a0").encode("utf-8"),
    "invisible": lambda t: invisible(t).encode("utf-8"),
    "frame": lambda t: (FRAME_TOP + t + FRAME_BOTTOM).encode("utf-8"),
    "page": lambda t: page(t).encode("utf-8"),
    "page-gbk": lambda t: page_with_chrome(t, "gbk").encode("gb18030"),
}


def reports(folders):
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                key = os.path.join(folder, name[:-4] + ".expected.json")
                if os.path.exists(key):
                    yield os.path.join(folder, name), key


def score_variant(variant, args):
    """Write the variant's copies to a temporary folder and score them.
    Returns (reports written, the scorer's output lines, its exit code, its errors)."""
    transform = VARIANTS[variant]
    with tempfile.TemporaryDirectory() as tmp:
        written = 0
        for text_path, key in reports(args.folders):
            with open(text_path, encoding="utf-8") as f:
                text = f.read()
            try:
                data = transform(text)
            except UnicodeEncodeError:
                continue  # e.g. simplified characters Big5 lacks
            base = os.path.basename(text_path)
            with open(os.path.join(tmp, base), "wb") as f:
                f.write(data)
            shutil.copy(key, os.path.join(tmp, base[:-4] + ".expected.json"))
            written += 1
        cmd = [sys.executable, args.scorer, "--gen", args.gen, tmp]
        if args.quiet:
            cmd.insert(2, "-q")
        result = subprocess.run(cmd, capture_output=True, text=True)
    return written, result.stdout.strip().splitlines(), result.returncode, result.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", required=True, help="the gen binary")
    ap.add_argument("--scorer", default=SCORER, help="score_import.py")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="variants scored at once (default: one per core)")
    ap.add_argument("-q", "--quiet", action="store_true", help="summary lines only")
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args()
    variants = args.variants.split(",")
    failed = []
    # Each variant is its own scorer run, one `gen import` at a time: run
    # several at once, and print them in order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = [pool.submit(score_variant, v, args) for v in variants]
        for variant, run in zip(variants, runs):
            written, lines, returncode, errors = run.result()
            shown = lines if not args.quiet else lines[-2:]
            print(f"== {variant} ({written} reports)")
            print("\n".join(shown), flush=True)
            if returncode != 0:
                failed.append(variant)
                sys.stderr.write(errors)
    if failed:
        print("variants falling short: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
