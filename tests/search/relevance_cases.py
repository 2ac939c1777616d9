"""What visitors type, and the page(s) that should come first, over the demo content.

Shared by tests/search/test_relevance.py (run against each engine) and
bench/search_quality.py (writes bench/results/search_quality.json). Each case is
(category, query, titles any of which counts as the right answer). recall@3 is the
share of queries with a right answer among the first three hits; MRR the mean of
1 / rank of the first right answer (0 when none is in the first ten).
"""

ORAL_HISTORIES = [
    "长津湖的冬天",
    "上甘岭的坑道",
    "老山前线的猫耳洞",
    "边境线上的哨所",
    "九八年抗洪大堤",
    "海岛守礁的岁月",
]
MARTYRS = [
    "何玉珍", "冯荣昌", "刘国栋", "吴云山", "周德胜", "唐凤英", "孙桂兰", "宋学忠",
    "张长青", "彭汉民", "徐铁柱", "曹继光", "曾忠良", "朱永福", "李志坚", "杨卫东",
    "林保田", "梁树林", "王振华", "罗立新", "胡守义", "许维汉", "谢金水", "赵春生",
    "邓少华", "郑克勤", "郭文斌", "陈秀英", "韩兴邦", "马海涛", "高明远", "黄建国",
]  # fmt: skip
HALL = "英烈纪念馆"
CEMETERY = "青川区烈士陵园"
MEDIATION = [
    "区“老兵调解工作室”今年化解矛盾纠纷168起",
    "江滨“老兵调解”支队",
    "益家人矛盾调解大队",
    "钱立新：山村里的老兵调解员",
    "全区新增5个省级“枫桥式”退役军人服务站",
]
JIANGBIN = "江滨街道退役军人服务站"
WANGJIANG = "望江社区退役军人服务站"
HEMU = "和睦社区退役军人服务站"
FENGLIN = "枫林村退役军人服务站"
RESCUE_TEAM = "青山镇老兵应急救援队"
LIU = "刘建国：老山英雄的茶山路"
WANG = "王德顺：长津湖走出来的老战士"
CHEN = "陈桂林：坑道里的通信兵"
ZHAO = "赵卫东：猫耳洞里的十四个月"
SUN = "孙志强：大堤上的钢铁汉子"
ZHOU = "周海生：从守海岛到护河道"
LI = "李红梅：茶园村的好军嫂"
LIN = "林秋菊：十二年如一日的守候"
ZHANG = "张秀英：一碗热豆浆的拥军情"
RECRUIT = "退役军人专场招聘会提供岗位860个"
QINGMING = "清明祭英烈：网上祭扫人次创新高"

CASES = [
    # -- colloquial: what an elderly visitor types -----------------------------------
    ("colloquial", "烈士名单", [HALL]),
    ("colloquial", "怎么献花", [HALL]),
    ("colloquial", "给烈士献花", [HALL, *MARTYRS]),
    ("colloquial", "离我最近的服务站", ["服务站"]),
    ("colloquial", "老兵故事视频", ["口述历史", *ORAL_HISTORIES]),
    ("colloquial", "老兵讲故事", ["口述历史", *ORAL_HISTORIES]),
    ("colloquial", "优待证怎么办", ["办事指南"]),
    ("colloquial", "去哪里领优待证", ["办事指南"]),
    ("colloquial", "最美退伍军人", ["最美退役军人"]),
    ("colloquial", "网上祭奠", [HALL, QINGMING]),
    ("colloquial", "网上扫墓", [HALL, QINGMING]),
    ("colloquial", "清明扫墓", [QINGMING, CEMETERY, HALL]),
    ("colloquial", "清明节网上祭扫", [QINGMING, HALL]),
    ("colloquial", "怎么当志愿者", ["志愿服务", "身边的老兵志愿者"]),
    ("colloquial", "怎么加入志愿服务队", ["志愿服务"]),
    ("colloquial", "邻居吵架找谁调解", MEDIATION),
    ("colloquial", "家里闹矛盾找谁", MEDIATION + ["益家人矛盾调解大队开展家庭矛盾化解座谈"]),
    ("colloquial", "抚恤金", ["八一建军节走访慰问重点优抚对象", "办事指南"]),
    ("colloquial", "对越反击战 老兵", ["老山前线的猫耳洞", "边境线上的哨所", ZHAO, LIU]),
    ("colloquial", "找工作", [RECRUIT]),
    ("colloquial", "退伍军人找工作", [RECRUIT]),
    ("colloquial", "老兵招聘会", [RECRUIT]),
    ("colloquial", "烈士陵园在哪里", [CEMETERY]),
    ("colloquial", "陵园开放时间", [CEMETERY]),
    ("colloquial", "老兵调解", MEDIATION),
    ("colloquial", "反诈宣传", ["青川老兵反诈宣传大队", "和平反诈宣传支队"]),
    (
        "colloquial",
        "防诈骗讲座",
        ["青川老兵反诈宣传大队开展老年人防诈骗讲座", "和平反诈宣传支队开展老年人防诈骗讲座"],
    ),
    ("colloquial", "法律咨询", ["益家人法律援助大队开展退役军人法律咨询日"]),
    (
        "colloquial",
        "免费法律援助",
        ["益家人法律援助大队开展免费法律援助服务", "益家人法律援助大队"],
    ),
    ("colloquial", "马拉松志愿者", ["益家人赛会服务大队开展马拉松赛事志愿服务"]),
    (
        "colloquial",
        "台风转移群众",
        [
            "青川老兵应急救援大队开展台风过境转移群众",
            "江滨应急救援支队开展台风过境转移群众",
            "青山应急救援支队开展台风过境转移群众",
        ],
    ),
    ("colloquial", "立功喜报", ["为立功官兵家庭送喜报"]),
    ("colloquial", "送喜报", ["为立功官兵家庭送喜报"]),
    ("colloquial", "崇军商家", ["崇军商家联盟新增签约商户86家"]),
    ("colloquial", "建军节慰问老兵", ["八一建军节走访慰问重点优抚对象"]),
    ("colloquial", "兵支书培训", ["“兵支书”培训班在区委党校开班"]),
    ("colloquial", "政策宣讲", ["区退役军人服务中心开展“政策进社区”宣讲"]),
    ("colloquial", "联系电话", ["联系我们"]),
    ("colloquial", "数据统计", ["数据看板"]),
    ("colloquial", "给学生讲英烈故事", ["家乡的英烈"]),
    ("colloquial", "最可爱的人", ["冰天雪地里的“最可爱的人”"]),
    (
        "colloquial",
        "抗美援朝",
        [*ORAL_HISTORIES[:2], WANG, CHEN, "红色教育进校园：老兵讲述抗美援朝故事"],
    ),
    ("colloquial", "抗美援朝老兵的视频", ORAL_HISTORIES[:2]),
    ("colloquial", "烈士", [HALL, *MARTYRS]),
    ("colloquial", "英烈故事", [HALL, "家乡的英烈", *MARTYRS]),
    ("colloquial", "军嫂的故事", [LI, LIN]),
    ("colloquial", "谁是最美军嫂", [LI, LIN]),
    ("colloquial", "上甘岭的故事", ["上甘岭的坑道", "上甘岭的一壶水"]),
    ("colloquial", "怎么申请优待证", ["办事指南"]),
    ("colloquial", "哪里有枫桥式服务站", ["全区新增5个省级“枫桥式”退役军人服务站"]),
    ("colloquial", "红色教育课程", ["红色教育"]),
    ("colloquial", "老兵农场", ["马俊：山上的老兵农场"]),
    ("colloquial", "守海岛的老兵", [ZHOU, "海岛守礁的岁月"]),
    ("colloquial", "抗洪老兵", [SUN, "九八年抗洪大堤"]),
    # -- one wrong character ---------------------------------------------------------
    ("typo", "烈土陵园", [CEMETERY]),
    ("typo", "上干岭", ["上甘岭的坑道", "上甘岭的一壶水"]),
    ("typo", "自愿者", ["志愿服务", "身边的老兵志愿者"]),
    ("typo", "服务占", ["服务站"]),
    ("typo", "英列", [HALL]),
    ("typo", "招骋会", [RECRUIT]),
    ("typo", "长津胡", ["长津湖的冬天", WANG]),
    ("typo", "猫耳动", ["老山前线的猫耳洞", ZHAO]),
    ("typo", "枫桥试服务站", ["全区新增5个省级“枫桥式”退役军人服务站"]),
    ("typo", "军稍", [LI, LIN]),
    ("typo", "反炸宣传", ["青川老兵反诈宣传大队", "和平反诈宣传支队"]),
    ("typo", "崇军商加", ["崇军商家联盟新增签约商户86家"]),
    ("typo", "纪念卑", ["青山镇革命烈士纪念碑"]),
    ("typo", "口述历使", ["口述历史"]),
    ("typo", "烈士纪念曰", ["烈士纪念日公祭活动在区烈士陵园举行"]),
    ("typo", "退役军人服务中新", ["青川区退役军人服务中心"]),
    ("typo", "兵支叔", ["“兵支书”培训班在区委党校开班"]),
    # -- rotating station masters, brigade leaders, team members -----------------------
    ("name", "赵德胜", [JIANGBIN]),
    ("name", "钱卫民", [JIANGBIN]),
    ("name", "李援朝", [WANGJIANG]),
    ("name", "郑保国", ["滨河社区退役军人服务站"]),
    ("name", "陈卫星", ["和平街道退役军人服务站"]),
    ("name", "蒋红旗", [HEMU]),
    ("name", "韩长城", [HEMU]),
    ("name", "杨向阳", ["光明社区退役军人服务站"]),
    ("name", "尤振东", ["青山镇退役军人服务站"]),
    ("name", "吕国庆", ["青山村退役军人服务站"]),
    ("name", "孔繁荣", ["竹园村退役军人服务站"]),
    ("name", "华振兴", ["临川镇退役军人服务站"]),
    ("name", "陶宏伟", ["临川社区退役军人服务站"]),
    ("name", "谢国栋", [FENGLIN]),
    ("name", "喻长江", [FENGLIN]),
    ("name", "周振国", ["青川老兵应急救援大队"]),
    ("name", "陈海峰", ["江滨应急救援支队"]),
    ("name", "林建军", ["青川老兵反诈宣传大队"]),
    ("name", "郑红梅", ["和平反诈宣传支队"]),
    ("name", "黄志强", ["临川文明巡防支队"]),
    ("name", "沈文静", ["益家人法律援助大队"]),
    ("name", "许国平", ["益家人矛盾调解大队"]),
    ("name", "马跃进", ["江滨“老兵调解”支队"]),
    ("name", "唐晓光", ["益家人赛会服务大队"]),
    ("name", "冯亚军", [RESCUE_TEAM]),
    ("name", "蒋明", [RESCUE_TEAM]),
    ("name", "杨帆", [RESCUE_TEAM]),
    # -- narrators and profiles --------------------------------------------------------
    ("name", "王德顺", [WANG, "长津湖的冬天"]),
    ("name", "陈桂林", [CHEN, "上甘岭的坑道"]),
    ("name", "赵卫东", [ZHAO, "老山前线的猫耳洞"]),
    ("name", "孙志强", [SUN, "九八年抗洪大堤"]),
    ("name", "周海生", [ZHOU, "海岛守礁的岁月"]),
    ("name", "林秋菊", [LIN]),
    ("name", "吴振华", ["吴振华：智能农机闯新路"]),
    ("name", "郑晓光", ["郑晓光：老兵们的贴心人"]),
    ("name", "钱立新", ["钱立新：山村里的老兵调解员"]),
    # -- martyrs by name ---------------------------------------------------------------
    ("name", "何玉珍", ["何玉珍"]),
    ("name", "冯荣昌", ["冯荣昌"]),
    ("name", "刘国栋", ["刘国栋"]),
    ("name", "曾忠良", ["曾忠良"]),
    ("name", "张长青", ["张长青"]),
    ("name", "彭汉民", ["彭汉民"]),
    ("name", "徐铁柱", ["徐铁柱"]),
    ("name", "韩兴邦", ["韩兴邦"]),
    ("name", "高明远", ["高明远"]),
    ("name", "唐凤英", ["唐凤英"]),
    # -- pinyin and initials -----------------------------------------------------------
    ("pinyin", "zhaodesheng", [JIANGBIN]),
    ("pinyin", "zengzhongliang", ["曾忠良"]),
    ("pinyin", "zhangchangqing", ["张长青"]),
    ("pinyin", "changjinhu", ["长津湖的冬天", WANG]),
    ("pinyin", "shangganling", ["上甘岭的坑道", "上甘岭的一壶水"]),
    ("pinyin", "liyuanchao", [WANGJIANG]),
    ("pinyin", "hanchangcheng", [HEMU]),
    ("pinyin", "fengyajun", [RESCUE_TEAM]),
    ("pinyin", "chenhaifeng", ["江滨应急救援支队"]),
    ("pinyin", "majun", ["马俊：山上的老兵农场"]),
    ("pinyin", "chenguilin", [CHEN, "上甘岭的坑道"]),
    ("pinyin", "lihongmei", [LI]),
    ("pinyin", "wangdeshun", [WANG, "长津湖的冬天"]),
    ("pinyin", "xieguodong", [FENGLIN]),
    ("pinyin", "yuchangjiang", [FENGLIN]),
    ("pinyin", "Zeng Zhongliang", ["曾忠良"]),
    ("pinyin", "lhm", [LI]),
    ("pinyin", "zxy", [ZHANG]),
    ("pinyin", "ljg", [LIU]),
    # -- traditional characters --------------------------------------------------------
    ("traditional", "趙德勝", [JIANGBIN]),
    ("traditional", "長津湖", ["长津湖的冬天", WANG]),
    ("traditional", "烈士陵園", [CEMETERY]),
    ("traditional", "軍嫂", [LI, LIN]),
    ("traditional", "韓長城", [HEMU]),
    ("traditional", "英烈紀念館", [HALL]),
    ("traditional", "劉建國", [LIU]),
    ("traditional", "鄭紅梅", ["和平反诈宣传支队"]),
    ("traditional", "馮亞軍", [RESCUE_TEAM]),
    ("traditional", "誌願者", ["志愿服务", "身边的老兵志愿者"]),
    ("traditional", "網上祭掃", [QINGMING, HALL]),
    # -- surname + role ----------------------------------------------------------------
    ("surname_role", "刘老兵", [LIU]),
    ("surname_role", "赵站长", [JIANGBIN]),
    ("surname_role", "王烈士", ["王振华"]),
    ("surname_role", "李站长", [WANGJIANG]),
    ("surname_role", "韩站长", [HEMU]),
    ("surname_role", "曾烈士", ["曾忠良"]),
    ("surname_role", "黄烈士", ["黄建国"]),
    ("surname_role", "何烈士", ["何玉珍"]),
    ("surname_role", "周队长", ["青川老兵应急救援大队"]),
    ("surname_role", "冯队长", [RESCUE_TEAM]),
    ("surname_role", "孙老兵", [SUN]),
    ("surname_role", "陈老兵", [CHEN]),
    ("surname_role", "赵老兵", [ZHAO]),
    ("surname_role", "谢站长", [FENGLIN]),
    # -- questions ---------------------------------------------------------------------
    ("question", "王德顺是谁", [WANG]),
    ("question", "赵德胜在哪个服务站", [JIANGBIN]),
    ("question", "张秀英的故事", [ZHANG]),
    ("question", "长津湖战役的老兵", [WANG, "长津湖的冬天"]),
    ("question", "烈士纪念日是哪天", ["烈士纪念日公祭活动在区烈士陵园举行"]),
    ("question", "退役军人事务局电话是多少", ["联系我们"]),
    ("question", "怎么找到服务站", ["服务站"]),
    ("question", "谁在猫耳洞里待了十四个月", [ZHAO]),
    ("question", "哪些老兵参加过抗美援朝", [WANG, CHEN, *ORAL_HISTORIES[:2]]),
    ("question", "老兵调解工作室化解了多少纠纷", ["区“老兵调解工作室”今年化解矛盾纠纷168起"]),
]


def evaluate(search, cases=CASES):
    """Run ``search(query) -> [titles]`` over the cases; return the figures and misses."""
    found_in_three = 0
    reciprocal = 0.0
    misses = []
    by_category = {}
    for category, query, expected in cases:
        titles = search(query)[:10]
        rank = next((i for i, title in enumerate(titles, start=1) if title in expected), None)
        stats = by_category.setdefault(category, {"queries": 0, "top3": 0, "rr": 0.0})
        stats["queries"] += 1
        if rank:
            reciprocal += 1 / rank
            stats["rr"] += 1 / rank
        if rank and rank <= 3:
            found_in_three += 1
            stats["top3"] += 1
        else:
            misses.append({"query": query, "expected": expected[:3], "got": titles[:3]})
    total = len(cases)
    return {
        "queries": total,
        "recall_at_3": round(found_in_three / total, 3),
        "mrr": round(reciprocal / total, 3),
        "by_category": {
            name: {
                "queries": s["queries"],
                "recall_at_3": round(s["top3"] / s["queries"], 3),
                "mrr": round(s["rr"] / s["queries"], 3),
            }
            for name, s in by_category.items()
        },
        "misses": misses,
    }
