"""Search quality over the demo content (not a timing benchmark): recall@3 and MRR.

Runs the relevance suite (tests/search/relevance_cases.py: visitor queries, colloquial,
typos, names of every kind of person, pinyin, traditional, surname + role, questions)
through the test harness, which loads the demo content and writes
bench/results/search_quality.json, then prints the figures per engine and category.

    .venv/bin/python bench/search_quality.py              # SQLite
    .venv/bin/python bench/search_quality.py --postgres   # PostgreSQL too (DATABASE_URL or
                                                          # postgres://postgres@127.0.0.1:5432/test)
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search_quality.json"
TEST = "tests/search/test_relevance.py::test_visitor_queries_find_the_right_page"


def run(env):
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="也在 PostgreSQL 上运行")
    args = parser.parse_args()
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    codes = [run(env)]
    if args.postgres:
        url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
        codes.append(run({**env, "DATABASE_URL": url}))
    data = json.loads(RESULTS.read_text())
    for engine, figures in sorted(data.items()):
        print(
            f"{engine}: {figures['queries']} 条查询，recall@3 = {figures['recall_at_3']}，MRR = {figures['mrr']}"
        )
        for category, stats in figures["by_category"].items():
            print(
                f"  {category:<13} {stats['queries']:>3} 条  recall@3 {stats['recall_at_3']}  MRR {stats['mrr']}"
            )
        for miss in figures["misses"]:
            print(f"  未进前三：{miss['query']} → {miss['got']}")
    print(f"结果已写入 {RESULTS.relative_to(ROOT)}")
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
