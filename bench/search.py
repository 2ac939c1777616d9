"""Search benchmark of the embedded engine at 100k documents (not a test).

Generates BENCH_DOCS (default 100,000) documents of realistic Chinese text with a
deterministic generator (domain vocabulary + sentence templates), prepares them exactly as
the indexer does (jieba segmentation, pinyin), inserts them into the database engine on
SQLite (a temporary file) and on PostgreSQL (database ``search_bench``, created if
missing), then times queries through the search service (ranking, facets, highlights).

    .venv/bin/python bench/search.py                 # both databases
    .venv/bin/python bench/search.py --database sqlite
    BENCH_DOCS=20000 .venv/bin/python bench/search.py

Each query is timed twice: in process through the search service, and over HTTP as a
visitor's browser asks for ``/search/?q=…`` from gunicorn (production settings, page
cache off, Redis for the cache on PostgreSQL when it answers), so template rendering,
middleware and the request guard are in the figure. Figures go to stdout and
bench/results/search.json.
"""

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import pickle
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from support import free_port, portal_env, start_portal, stop

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results" / "search.json")
DOCS = int(os.environ.get("BENCH_DOCS", "100000"))
SEED = 20261123
QUERY_ROUNDS = int(os.environ.get("BENCH_QUERY_ROUNDS", "5"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://root@127.0.0.1:5432/search_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
HTTP_WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", "2"))
THROUGHPUT_SECONDS = float(os.environ.get("BENCH_THROUGHPUT_SECONDS", "5"))
THROUGHPUT_CLIENTS = 8

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = [
    "建国",
    "卫东",
    "德顺",
    "桂林",
    "志强",
    "海生",
    "红梅",
    "秋菊",
    "秀英",
    "振华",
    "晓光",
    "立新",
    "国栋",
    "长青",
    "铁柱",
    "永福",
    "守义",
    "明远",
    "少华",
    "继光",
]
STREETS = ["江滨街道", "和平街道", "青山镇", "临川镇"]
COMMUNITIES = [
    "望江社区",
    "滨河社区",
    "渔港社区",
    "和睦社区",
    "光明社区",
    "竹园村",
    "石门村",
    "溪口村",
    "枫林村",
    "白沙村",
]
KINDS = [
    ("newspage", "工作动态"),
    ("activitypage", "志愿活动"),
    ("stationpage", "服务站"),
    ("honorprofilepage", "最美人物"),
    ("oralhistorypage", "口述历史"),
    ("martyrpage", "英烈"),
]
HONOURS = [
    "最美退役军人",
    "模范退役军人",
    "最美军嫂",
    "就业创业之星",
    "省级“枫桥式”服务站",
    "星级服务站",
]
ERAS = ["抗美援朝", "对越自卫反击战", "边海防守备", "抢险救灾", "解放战争时期", "新时代"]
ORGS = [
    "退役军人服务站",
    "老兵志愿服务队",
    "应急救援支队",
    "老兵调解工作室",
    "文明巡防大队",
    "法律援助大队",
]
ACTIVITIES = [
    "政策宣讲",
    "防汛抢险演练",
    "邻里纠纷调解",
    "走访慰问",
    "红色教育进校园",
    "反诈宣传",
    "义诊服务",
    "技能培训",
    "专场招聘会",
    "烈士陵园祭扫",
    "光荣牌悬挂",
    "优待证办理",
]
PEOPLE = ["退役军人", "老战士", "军属", "志愿者", "烈属", "群众", "青少年", "优抚对象"]
SENTENCES = [
    "{street}{community}的{org}开展{activity}活动，共有{n}名{people}参加。",
    "活动现场，工作人员向{people}详细讲解了{activity}的相关政策。",
    "{name}是一名{era}时期的老兵，退役后扎根{community}，热心公益。",
    "近年来，{street}坚持和发展新时代“枫桥经验”，把矛盾纠纷化解在基层。",
    "大家纷纷表示，要传承红色基因，弘扬英烈精神，为家乡建设贡献力量。",
    "截至目前，全区已建成{n}个村社服务站，实现服务保障体系全覆盖。",
    "{name}回忆说，当年在阵地上坚守了{n}天，冰天雪地里战友们互相鼓励。",
    "此次{activity}共出动志愿者{n}人次，服务时长累计{n}小时。",
    "{org}将继续做好{people}的服务保障工作，让他们感受到党和政府的关怀。",
    "清明前夕，{street}组织{people}来到烈士陵园，敬献花篮，缅怀先烈。",
]
# Each rare sentence appears in about 0.2 % of documents: the "selective word" case.
RARE_SENTENCES = [
    "{name}讲起长津湖的冬天，零下四十度的严寒至今难忘。",
    "在老山前线的猫耳洞里，他坚守了十四个月。",
    "社区老兵每天早上为环卫工人送上一碗热豆浆。",
    "赛会服务队在马拉松赛道沿线设立了医疗救护点。",
    "茶园村的军嫂带领乡亲们种茶致富。",
    "他在海岛守礁二十年，把青春献给了海防事业。",
]
# ~28 % of documents mention 退役军人 somewhere: the "very frequent word" case.
FREQUENT_SENTENCE = "{street}退役军人事务部门为辖区退役军人办理了{activity}相关手续。"

QUERIES = {
    "rare_word": ["长津湖", "猫耳洞", "马拉松", "豆浆", "茶园", "海岛守礁"],
    "person_name": ["王建国", "陈桂林", "刘德顺", "赵卫东", "孙秀英"],
    "medium_word": ["防汛抢险", "邻里纠纷", "光荣牌", "优待证", "反诈宣传", "技能培训"],
    "frequent_word": ["退役军人", "志愿者", "活动", "服务"],
    "two_words": ["老兵 调解", "江滨街道 走访慰问", "烈士陵园 祭扫", "青山镇 技能培训"],
    "synonym": ["老兵", "军嫂"],
    "pinyin": ["wangjianguo", "wjg", "chenguilin", "fanzha"],
    # Question words dropped, colloquial words, a wrong character, some words missing.
    "colloquial": ["怎么办理优待证", "离我最近的服务站", "邻居吵架找谁调解", "哪里有老兵志愿者"],
    "typo": ["烈土陵园", "长津胡", "反炸宣传"],
    "filtered": ["退役军人|street=江滨街道", "活动|kind=activitypage", "老兵|year=2024"],
}


def make_documents(count, seed=SEED):
    """Deterministic documents: the same seed gives the same text."""
    from search.documents import DocumentData

    rng = random.Random(seed)
    start = datetime.date(2015, 1, 1)
    documents = []
    for number in range(count):
        kind, label = KINDS[number % len(KINDS)]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        slots = {
            "street": rng.choice(STREETS),
            "community": rng.choice(COMMUNITIES),
            "org": rng.choice(ORGS),
            "activity": rng.choice(ACTIVITIES),
            "people": rng.choice(PEOPLE),
            "era": rng.choice(ERAS),
            "name": name,
            "n": rng.randint(3, 300),
        }
        title = rng.choice(
            [
                "{street}{org}开展{activity}",
                "{name}：{era}的记忆",
                "{community}{org}举行{activity}",
                "{activity}走进{community}",
            ]
        ).format(**slots)
        sentences = [rng.choice(SENTENCES) for _ in range(rng.randint(4, 8))]
        if rng.random() < 0.28:
            sentences.insert(rng.randrange(len(sentences)), FREQUENT_SENTENCE)
        for rare in RARE_SENTENCES:
            if rng.random() < 0.002:
                sentences.append(rare)
        body = "".join(s.format(**{**slots, "n": rng.randint(3, 300)}) for s in sentences)
        date = start + datetime.timedelta(days=rng.randrange(4000))
        documents.append(
            DocumentData(
                key=f"bench:{number}",
                page_id=1,
                kind=kind,
                kind_label=label,
                title=title,
                url=f"/bench/{number}/",
                summary=body[:60],
                body=body,
                date=date,
                street=slots["street"],
                honour=rng.choice(HONOURS) if kind in ("honorprofilepage", "stationpage") else "",
                era=slots["era"] if kind in ("oralhistorypage", "martyrpage") else "",
                names=[name]
                if kind in ("honorprofilepage", "oralhistorypage", "martyrpage")
                else [],
            )
        )
    return documents


def setup_django(database_url, var_dir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _row(doc):
    return doc.key, doc.as_row()


def prepare(path):
    """Generate and segment every document once; both databases load the same rows."""
    setup_django("", Path(tempfile.mkdtemp(prefix="search-bench-prep-")))
    started = time.perf_counter()
    documents = make_documents(DOCS)
    generated = time.perf_counter()
    # Segment on every core, as several indexing workers would.
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        rows = pool.map(_row, documents, chunksize=500)
    segmented = time.perf_counter()
    characters = sum(len(doc.title) + len(doc.summary) + len(doc.body) for doc in documents)
    with open(path, "wb") as handle:
        pickle.dump(rows, handle)
    return {
        "documents": DOCS,
        "characters": characters,
        "generate_seconds": round(generated - started, 2),
        "segment_seconds": round(segmented - generated, 2),
        "segment_processes": os.cpu_count(),
        "segment_docs_per_second": round(DOCS / (segmented - generated)),
        "segment_chars_per_second": round(characters / (segmented - generated)),
    }


def _insert(kind, rows):
    """Bulk-insert the prepared rows and let the database settle; returns the seconds taken."""
    from django.db import connection, transaction

    from search.models import SearchDocument

    started = time.perf_counter()
    batch = 2000
    for offset in range(0, len(rows), batch):
        with transaction.atomic():
            SearchDocument.objects.bulk_create(
                [SearchDocument(key=key, **row) for key, row in rows[offset : offset + batch]]
            )
    with connection.cursor() as cursor:
        if kind == "postgres":
            cursor.execute(f"VACUUM ANALYZE {SearchDocument._meta.db_table}")
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _time_query(query_spec):
    from search import service

    query, _, filter_spec = query_spec.partition("|")
    filters = {}
    if filter_spec:
        name, value = filter_spec.split("=")
        filters = {name: int(value) if name == "year" else value}
    began = time.perf_counter()
    results = service.search(query, filters=filters)
    return (time.perf_counter() - began) * 1000, results.total


def _time_in_process():
    """Every query category, QUERY_ROUNDS times, through the search service."""
    for queries in QUERIES.values():  # warm caches, load jieba
        for query in queries:
            _time_query(query)
    per_category, all_times = {}, []
    for category, queries in QUERIES.items():
        times, totals = [], {}
        for _ in range(QUERY_ROUNDS):
            for query in queries:
                elapsed, totals[query] = _time_query(query)
                times.append(elapsed)
        all_times += times
        per_category[category] = {
            "queries": queries,
            "matches_per_query": totals,
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(_percentile(times, 95), 2),
        }
    return per_category, all_times


def run_database(kind, rows_path):
    """Child process: migrate a fresh database, insert the rows, time the queries."""
    load_at_start = os.getloadavg()[0]
    var_dir = Path(tempfile.mkdtemp(prefix=f"search-bench-{kind}-"))
    if kind == "postgres":
        _recreate_postgres()
    setup_django(POSTGRES_URL if kind == "postgres" else "", var_dir)
    from django.core.management import call_command
    from django.db import connection

    from search import service
    from search.models import SearchDocument, Synonym

    call_command("migrate", verbosity=0)
    for terms in ["老兵，退役军人", "军嫂，军属"]:
        Synonym.objects.get_or_create(terms=terms)
    with open(rows_path, "rb") as handle:
        rows = pickle.load(handle)
    insert_seconds = _insert(kind, rows)
    per_category, all_times = _time_in_process()
    http = time_over_http(kind, var_dir)
    suggest_times = []
    for _ in range(QUERY_ROUNDS):
        for prefix in ["退役", "防汛", "zhang", "wjg", "烈士陵"]:
            began = time.perf_counter()
            service.suggest(prefix)
            suggest_times.append((time.perf_counter() - began) * 1000)
    return {
        "engine": "database",
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "documents": DOCS,
        "load_average_1min_at_start": round(load_at_start, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "database": kind,
        "database_version": _database_version(kind, connection),
        "documents_indexed": SearchDocument.objects.count(),
        "insert_seconds": round(insert_seconds, 2),
        "insert_docs_per_second": round(len(rows) / insert_seconds),
        "query_p50_ms": round(statistics.median(all_times), 2),
        "query_p95_ms": round(_percentile(all_times, 95), 2),
        "query_max_ms": round(max(all_times), 2),
        "query_count": len(all_times),
        "suggest_p50_ms": round(statistics.median(suggest_times), 2),
        "suggest_p95_ms": round(_percentile(suggest_times, 95), 2),
        "by_category": per_category,
        "http": http,
    }


def _redis_answers(url):
    parsed = urllib.parse.urlsplit(url)
    try:
        import socket

        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _search_path(query_spec):
    query, _, filter_spec = query_spec.partition("|")
    params = [("q", query)]
    if filter_spec:
        name, value = filter_spec.split("=")
        params.append(("type" if name == "kind" else name, value))
    return "/search/?" + urllib.parse.urlencode(params)


def _get(conn, path):
    began = time.perf_counter()
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - began) * 1000
    if response.status != 200 or b'id="search-summary"' not in body:
        raise SystemExit(f"{path} 返回 {response.status}，不是搜索结果页")
    return elapsed


def time_over_http(kind, var_dir):
    """Start gunicorn on the bench database and time ``/search/?q=…`` as a browser would."""
    port = free_port()
    env = portal_env(var_dir, PAGE_CACHE_SECONDS=0)
    redis = kind == "postgres" and _redis_answers(REDIS_URL)
    if redis:
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = start_portal(port, env, HTTP_WORKERS, 2)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(HTTP_WORKERS * 2):  # every worker loads jieba and the word lists
            for queries in QUERIES.values():
                for query in queries:
                    _get(conn, _search_path(query))
        per_category, all_times = {}, []
        for category, queries in QUERIES.items():
            times = [
                _get(conn, _search_path(query)) for _ in range(QUERY_ROUNDS) for query in queries
            ]
            all_times += times
            per_category[category] = {
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(_percentile(times, 95), 2),
            }
        conn.close()
        throughput = _throughput(port, _search_path("老兵"))
    finally:
        stop(server)
    return {
        "server": f"gunicorn -w {HTTP_WORKERS} --threads 2, portal.settings.production",
        "page_cache": "off",
        "cache_backend": "redis" if redis else "local memory per worker",
        "client": "one keep-alive connection, one request at a time",
        "request_p50_ms": round(statistics.median(all_times), 2),
        "request_p95_ms": round(_percentile(all_times, 95), 2),
        "request_max_ms": round(max(all_times), 2),
        "request_count": len(all_times),
        "by_category": per_category,
        "throughput": throughput,
    }


def _throughput(port, path):
    """Requests per second for one common query with several clients at once."""
    counts, lock = [], threading.Lock()
    deadline = time.monotonic() + THROUGHPUT_SECONDS

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        done = 0
        while time.monotonic() < deadline:
            _get(conn, path)
            done += 1
        with lock:
            counts.append(done)

    threads = [threading.Thread(target=client) for _ in range(THROUGHPUT_CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "path": urllib.parse.unquote(path),
        "clients": THROUGHPUT_CLIENTS,
        "seconds": THROUGHPUT_SECONDS,
        "requests_per_second": round(sum(counts) / (time.monotonic() - began), 1),
    }


def _percentile(values, percent):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _database_version(kind, connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if kind == "sqlite" else "SHOW server_version")
        return cursor.fetchone()[0]


def _recreate_postgres():
    import psycopg

    base, _, name = POSTGRES_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["all", "sqlite", "postgres"], default="all")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rows", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_database(args.child, args.rows)))
        return

    load_at_start = os.getloadavg()[0]
    rows_path = Path(tempfile.mkdtemp(prefix="search-bench-")) / "rows.pickle"
    print(f"生成并分词 {DOCS} 篇文档 …", flush=True)
    preparation = prepare(rows_path)
    print(json.dumps(preparation, ensure_ascii=False), flush=True)
    databases = ["sqlite", "postgres"] if args.database == "all" else [args.database]
    results = []
    for kind in databases:
        print(f"{kind}：写入并查询 …", flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--rows", str(rows_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            print(child.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{kind} 基准失败")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        results.append(result)
        print(
            f"  {kind}: 写入 {result['insert_docs_per_second']} 篇/秒；查询 p50 "
            f"{result['query_p50_ms']} ms，p95 {result['query_p95_ms']} ms；建议 p95 "
            f"{result['suggest_p95_ms']} ms；HTTP p50 {result['http']['request_p50_ms']} ms，"
            f"p95 {result['http']['request_p95_ms']} ms，"
            f"{result['http']['throughput']['requests_per_second']} 次/秒",
            flush=True,
        )
        for category, figures in result["by_category"].items():
            print(
                f"    {category:14s} 进程内 p95 {figures['p95_ms']:7.1f} ms   HTTP p95 "
                f"{result['http']['by_category'][category]['p95_ms']:7.1f} ms",
                flush=True,
            )
    rows_path.unlink(missing_ok=True)
    report = {
        "benchmark": "search",
        "description": "数据库搜索引擎在生成的中文文档上的写入与查询耗时（查询经搜索服务：排序、分面、高亮）",
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "load_average_1min_at_start": round(load_at_start, 2),
            "note": "共享的 2 核开发机，其他进程同时运行时数字会偏高；见各结果的 load_average",
        },
        "settings": {
            "documents": DOCS,
            "seed": SEED,
            "query_rounds": QUERY_ROUNDS,
            "page_size": 10,
            "frequent_word_share": 0.28,
            "postgres_url": POSTGRES_URL.rsplit("@", 1)[-1],
        },
        "preparation": preparation,
        "results": results,
        "target": {
            "postgres_query_p95_ms_below": 50,
            "applies_to": ["frequent_word", "synonym", "two_words", "pinyin"],
        },
    }
    if args.database != "all" and RESULTS.exists():
        # One database measured again: the other keeps its last figures, with their date.
        earlier = json.loads(RESULTS.read_text())
        kept = [r for r in earlier.get("results", []) if r.get("database") not in databases]
        report["results"] = kept + results
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"结果已写入 {RESULTS}")


if __name__ == "__main__":
    main()
