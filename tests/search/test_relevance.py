"""Relevance over the demo content: what a visitor types, and what must come first.

Each case is (query, the title expected first, or a title expected among the top three).
"""

import datetime
import json
from pathlib import Path

import pytest
from django.db import connection

from search import service

from .relevance_cases import evaluate

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "search_quality.json"

pytestmark = pytest.mark.django_db

FIRST = [
    ("招聘会", "退役军人专场招聘会提供岗位860个"),
    ("兵支书", "“兵支书”培训班在区委党校开班"),
    ("烈士纪念日", "烈士纪念日公祭活动在区烈士陵园举行"),
    ("政策进社区", "区退役军人服务中心开展“政策进社区”宣讲"),
    ("枫桥式服务站", "全区新增5个省级“枫桥式”退役军人服务站"),
    ("老兵调解工作室", "区“老兵调解工作室”今年化解矛盾纠纷168起"),
    ("崇军商家", "崇军商家联盟新增签约商户86家"),
    ("建军节慰问", "八一建军节走访慰问重点优抚对象"),
    ("抗美援朝故事", "红色教育进校园：老兵讲述抗美援朝故事"),
    ("网上祭扫", "清明祭英烈：网上祭扫人次创新高"),
    ("长津湖", "长津湖的冬天"),
    ("上甘岭坑道", "上甘岭的坑道"),
    ("猫耳洞", "老山前线的猫耳洞"),
    ("九八年抗洪", "九八年抗洪大堤"),
    ("海岛守礁", "海岛守礁的岁月"),
    ("边境哨所", "边境线上的哨所"),
    ("李红梅", "李红梅：茶园村的好军嫂"),
    ("军嫂", "李红梅：茶园村的好军嫂"),
    ("智能农机", "吴振华：智能农机闯新路"),
    ("老兵农场", "马俊：山上的老兵农场"),
    ("革命烈士纪念碑", "青山镇革命烈士纪念碑"),
    ("黄建国", "黄建国"),
    ("liujianguo", "刘建国：老山英雄的茶山路"),
    ("ljg", "刘建国：老山英雄的茶山路"),
    ("zhangxiuying", "张秀英：一碗热豆浆的拥军情"),
    ("熱豆漿", "张秀英：一碗热豆浆的拥军情"),
    ("退役軍人招聘", "退役军人专场招聘会提供岗位860个"),
    ("竹园村服务站", "竹园村退役军人服务站"),
    ("青川区退役军人服务中心", "青川区退役军人服务中心"),
    ("办事指南", "办事指南"),
    ("机构概况", "机构概况"),
    ("最美退役军人", "最美退役军人"),
    ("老兵应急救援队", "青山镇老兵应急救援队"),
]
TOP_THREE = [
    ("防汛抢险演练", "退役军人志愿服务队开展防汛抢险演练"),
    ("王德顺", "王德顺：长津湖走出来的老战士"),
    ("wangdeshun", "王德顺：长津湖走出来的老战士"),
    ("烈士陵园", "青川区烈士陵园"),
    ("调解员", "钱立新：山村里的老兵调解员"),
    ("优待证申领", "办事指南"),
    ("应急救援", "青川老兵应急救援大队"),
    ("文明巡防", "青川老兵文明巡防大队"),
    ("英烈", "英烈纪念馆"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST)
def test_expected_page_comes_first(database_engine, query, expected):
    results = service.search(query)
    assert results.hits, f"“{query}” 没有结果"
    assert results.hits[0].title == expected, [hit.title for hit in results.hits[:5]]


@pytest.mark.parametrize(("query", "expected"), TOP_THREE)
def test_expected_page_is_in_the_top_three(database_engine, query, expected):
    top = [hit.title for hit in service.search(query).hits[:3]]
    assert expected in top, top


def record_quality(engine_label, figures):
    """Merge this run's figures into bench/results/search_quality.json."""
    path = RESULTS
    data = json.loads(path.read_text()) if path.exists() else {}
    data[engine_label] = {
        "recorded_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        **figures,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_visitor_queries_find_the_right_page(engine):
    """171 visitor queries (colloquial, typos, people of every kind, pinyin, traditional,
    surname + role, questions): the right page is in the first three for at least 90 %
    of them, and first on average (MRR ≥ 0.8)."""
    figures = evaluate(lambda query: [hit.title for hit in service.search(query).hits])
    label = f"{engine}-{connection.vendor}"
    record_quality(label, figures)
    report = "\n".join(
        f"{m['query']}: 期望 {m['expected']}，得到 {m['got']}" for m in figures["misses"]
    )
    assert figures["recall_at_3"] >= 0.9, report
    assert figures["mrr"] >= 0.8, report
