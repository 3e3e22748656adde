//! `gen init`: write a new working site, optionally the default theme for
//! editing and a GitHub Pages workflow. Never overwrites a file.
//!
//! In a folder that already holds `book.toml`, `--theme` and
//! `--github-pages` add just those files to the existing site.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tracing::info;

use crate::cli::InitArgs;
use crate::config::CONFIG_FILE;

const BOOK_TOML: &str = r#"[book]
title = "我的报告库"
authors = []
language = "zh-CN"
description = "用 gen 生成的报告网站"
src = "content"

[build]
build-dir = "book"
# Broken internal links fail the build; "warn" only reports them.
broken-links = "error"

[output.html]
theme = "default"
# The URL the site is published under, e.g. "https://user.github.io/reports/".
site-url = ""
search = true
feed = true
"#;

const SAMPLE_FILES: &[(&str, &str)] = &[
    (
        "content/sample-report/index.md",
        r#"+++
title = "示例报告"
subtitle = "用两章演示 gen 的报告结构"
year = 2025
date = "2025-01-15"
tags = ["示例"]
+++

这是报告的首页（`index.md`）。报告的章节是同一文件夹里的其他 Markdown 文件，
按文件名前面的数字或 `weight` 排序。
"#,
    ),
    (
        "content/sample-report/01-overview.md",
        r#"+++
title = "概述"
+++

## 背景

每个段落都有稳定的锚点，供索引页链接。下一章见[数据与方法](02-data.md)。

## 要点

- 章节里的 `##` 与 `###` 标题构成目录；
- 代码块在构建时高亮。
"#,
    ),
    (
        "content/sample-report/02-data.md",
        r#"+++
title = "数据与方法"
+++

## 数据来源

| 来源 | 数量 |
| --- | ---: |
| 调查问卷 | 120 |
| 访谈 | 15 |

## 方法

```sh
gen build --base-url https://example.github.io/reports/
```

返回[概述](01-overview.md#bei-jing)。
"#,
    ),
    (
        "content/about.md",
        r#"+++
title = "关于"
+++

这是一个独立页面：`content/` 里的单个 Markdown 文件会成为顶层页面，并出现在导航栏中。
"#,
    ),
];

/// `.github/workflows/pages.yml`: build with gen and deploy to GitHub Pages.
pub const PAGES_WORKFLOW: &str = r#"# Build the site with gen and publish it on GitHub Pages.
# Enable it once: Settings → Pages → Build and deployment → Source: GitHub Actions.
name: Deploy site to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Checkout
        uses: actions/checkout@v4
      - name: Install Rust
        uses: dtolnay/rust-toolchain@stable
      - name: Install gen
        run: cargo install --locked --git https://github.com/OWNER/gen gen
      - name: Configure Pages
        id: pages
        uses: actions/configure-pages@v5
      - name: Build
        run: gen build --base-url "${{ steps.pages.outputs.base_url }}/"
      - name: Upload artifact
        uses: actions/upload-pages-artifact@v3
        with:
          path: book

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"#;

/// The files `gen init` writes for a new site (path relative to the site, text).
pub fn site_files() -> Vec<(&'static str, &'static str)> {
    let mut files = vec![(CONFIG_FILE, BOOK_TOML)];
    files.extend_from_slice(SAMPLE_FILES);
    files
}

fn write_new(files: &[(PathBuf, &[u8])]) -> Result<()> {
    if let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        bail!(
            "{} already exists; `gen init` never overwrites files",
            existing.display()
        );
    }
    for (path, bytes) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// `gen init [DIR] [--theme] [--github-pages]`.
pub fn run(root: &Path, args: &InitArgs) -> Result<bool> {
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => root.join(d),
        None => root.to_path_buf(),
    };
    let existing_site = dir.join(CONFIG_FILE).exists();
    let extras_only = existing_site && (args.theme || args.github_pages);

    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    if !extras_only {
        for (rel, text) in site_files() {
            files.push((dir.join(rel), text.as_bytes()));
        }
    }
    if args.github_pages {
        files.push((
            dir.join(".github/workflows/pages.yml"),
            PAGES_WORKFLOW.as_bytes(),
        ));
    }
    write_new(&files)?;
    if args.theme {
        crate::theme::copy_default_theme(&dir.join("themes/default"))?;
        info!(
            "copied the default theme to {}",
            dir.join("themes/default").display()
        );
    }
    if !extras_only {
        info!(
            "created a new site in {}; run `gen build` there (or `gen --root {} build`)",
            dir.display(),
            dir.display()
        );
    }
    if args.github_pages {
        info!(
            "wrote {}; enable Pages in the repository settings (Source: GitHub Actions)",
            dir.join(".github/workflows/pages.yml").display()
        );
    }
    Ok(true)
}
