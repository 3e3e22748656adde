//! Full-build benchmark: generates a synthetic library in gen's content
//! layout (N reports × 8 chapters of Chinese text, like
//! `../shared/bench/gen_corpus.py`), then times `build_site` to disk.
//!
//! ```sh
//! cargo bench --bench build                           # 1,000 reports
//! GEN_BENCH_REPORTS=100 GEN_BENCH_RUNS=5 cargo bench --bench build
//! GEN_BENCH_KEEP=/tmp/site cargo bench --bench build   # keep the site for other tools
//! ```
//!
//! Prints each run, the median, and the per-phase timings of the last run.

use std::path::Path;
use std::time::{Duration, Instant};

use gen::build::{build_site, BuildOptions};
use gen::output::OutputTarget;

const NOUNS: &[&str] = &[
    "银行", "电商", "市场", "规模", "支付", "用户", "风险", "平台", "数据", "技术", "服务", "金融",
    "科技", "监管", "消费", "信贷", "保险", "理财", "渠道", "场景", "生态", "产品", "客户", "账户",
    "资金", "交易", "机构", "业务", "模式", "体系", "能力", "效率", "成本",
];
const VERBS: &[&str] = &[
    "推动", "加快", "提升", "优化", "完善", "拓展", "布局", "构建", "强化", "探索", "深化",
];
const ORGS: &[&str] = &[
    "中国人民银行",
    "微众银行",
    "网商银行",
    "中国银联",
    "国家金融监督管理总局",
    "支付宝",
];
const LAWS: &[&str] = &[
    "个人信息保护法",
    "数据安全法",
    "网络安全法",
    "反洗钱法",
    "电子签名法",
    "非银行支付机构监督管理条例",
];
const CHAPTERS: &[&str] = &[
    "市场概述",
    "发展环境",
    "竞争格局",
    "典型案例",
    "用户分析",
    "技术趋势",
    "风险挑战",
    "发展建议",
];

/// A small deterministic generator (no `rand` dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn sentence(rng: &mut Lcg) -> String {
    match rng.below(4) {
        0 => format!(
            "根据《{}》的相关要求，{}需要{}{}{}管理，确保业务流程合规。",
            rng.pick(LAWS),
            rng.pick(ORGS),
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(NOUNS)
        ),
        1 => format!(
            "{}年，{}{}{}{}建设，{}规模达到{}亿元，同比增长{}.{}%。",
            2015 + rng.below(10),
            rng.pick(ORGS),
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(NOUNS),
            rng.pick(NOUNS),
            rng.below(1000),
            rng.below(60),
            rng.below(10)
        ),
        2 => format!(
            "业内人士认为，{}、{}与{}之间的协同效应日益明显，open banking 与 API 的融合加速。",
            rng.pick(NOUNS),
            rng.pick(NOUNS),
            rng.pick(NOUNS)
        ),
        _ => format!(
            "以{}为代表的{}平台持续{}{}场景，其 SaaS 能力在行业中处于领先地位。",
            rng.pick(ORGS),
            rng.pick(NOUNS),
            rng.pick(VERBS),
            rng.pick(NOUNS)
        ),
    }
}

fn paragraph(rng: &mut Lcg) -> String {
    let mut p = String::new();
    while p.chars().count() < 200 {
        p.push_str(&sentence(rng));
    }
    p
}

/// Write `reports` reports into `root` (book.toml + content/).
pub fn generate_site(root: &Path, reports: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"合成报告语料库\"\nlanguage = \"zh-CN\"\n",
    )?;
    std::fs::write(
        root.join("content/about.md"),
        "+++\ntitle = \"关于\"\n+++\n\n合成语料。\n",
    )?;
    for r in 0..reports {
        let mut rng = Lcg(r as u64 * 7919 + 17);
        let dir = root.join(format!("content/r{:05}", r + 1));
        std::fs::create_dir_all(&dir)?;
        let year = 2018 + rng.below(8);
        std::fs::write(
            dir.join("index.md"),
            format!(
                "+++\ntitle = \"{year}年中国{}{}研究报告（第{}期）\"\nyear = {year}\nweight = {}\n+++\n\n{}\n",
                rng.pick(NOUNS),
                rng.pick(NOUNS),
                r + 1,
                r + 1,
                paragraph(&mut rng)
            ),
        )?;
        for (c, title) in CHAPTERS.iter().enumerate() {
            let mut body = format!("+++\ntitle = \"{title}\"\nweight = {}\n+++\n\n", c + 1);
            for s in 1..=3 {
                body.push_str(&format!(
                    "## {s}. {}{}的发展\n\n",
                    rng.pick(NOUNS),
                    rng.pick(NOUNS)
                ));
                for _ in 0..3 {
                    body.push_str(&paragraph(&mut rng));
                    body.push_str("\n\n");
                }
                if s == 2 && rng.below(20) == 0 {
                    body.push_str("```python\nimport pandas as pd\ndf = pd.read_csv(\"data.csv\")\nprint(df.describe())\n```\n\n");
                }
            }
            body.push_str("### 引用法规\n\n");
            for law in LAWS.iter().take(1 + rng.below(3) as usize) {
                body.push_str(&format!("- 《{law}》\n"));
            }
            std::fs::write(dir.join(format!("{:02}-c.md", c + 1)), body)?;
        }
    }
    Ok(())
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` must not run a long build.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let reports = env_usize("GEN_BENCH_REPORTS", 1000);
    let runs = env_usize("GEN_BENCH_RUNS", 3).max(1);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = match std::env::var("GEN_BENCH_KEEP") {
        Ok(dir) => std::path::PathBuf::from(dir),
        Err(_) => tmp.path().join("site"),
    };
    let started = Instant::now();
    generate_site(&root, reports).expect("generate the site");
    eprintln!(
        "generated {reports} reports ({} chapters) in {} ms at {}",
        reports * CHAPTERS.len(),
        started.elapsed().as_millis(),
        root.display()
    );

    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for run in 0..runs {
        let out = tmp.path().join(format!("out-{run}"));
        let opts = BuildOptions {
            out: OutputTarget::Disk(out),
            base_url: None,
            live_reload: None,
            ..BuildOptions::default()
        };
        let started = Instant::now();
        let result = build_site(&root, &opts).expect("build");
        let took = started.elapsed();
        eprintln!(
            "run {}: {} pages in {} ms",
            run + 1,
            result.report.pages,
            took.as_millis()
        );
        times.push(took);
        last = Some(result.report);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "gen build, {reports} reports: median {} ms over {runs} runs",
        median.as_millis()
    );
    if let Some(report) = last {
        for (phase, took) in report.timings {
            println!("  {phase:<10} {:>6} ms", took.as_millis());
        }
    }
}
