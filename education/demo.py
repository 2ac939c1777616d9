"""Demo lesson packs (fictional), built from the demo oral histories, profiles, martyrs,
news and stations; also the demo teacher account ``jiaoshi``."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from core.demo_helpers import demo_image, ensure_page
from home.demo import DEMO_PASSWORD
from home.models import NewsPage
from honors.memorial.models import MartyrPage, MemorialFacilityPage
from honors.models import HonorProfilePage, OralHistoryPage
from volunteers.models import StationPage

from .models import LessonIndexPage, LessonPage
from .permissions import TEACHERS

TEACHER = ("jiaoshi", "教师小林")

# slug, title, grade band, theme, minutes, lead, goals, materials, questions, activities.
# Materials: ("clip", oral-history slug, start, end, title, prompt) or (kind, slug, note).
LESSONS = [
    (
        "coldest-winter",
        "冰天雪地里的“最可爱的人”",
        "primary",
        "korea",
        40,
        "听抗美援朝老战士王德顺爷爷讲长津湖的冬天，认识志愿军战士不怕牺牲、互相关爱的精神。",
        [
            "知道抗美援朝战争发生的时间和志愿军战士面对的困难。",
            "能用自己的话讲述一个战士之间互相关爱的小故事。",
            "懂得今天的和平生活来之不易。",
        ],
        [
            (
                "clip",
                "changjinhu-winter",
                "40",
                "56",
                "一个冻土豆",
                "听一听：班长把最后一个土豆给了谁？",
            ),
            ("profile", "wang-deshun", "王爷爷复员后坚持到学校宣讲三百余场。"),
            ("martyr", "martyr-04", "与王爷爷同一时期牺牲的家乡英烈。"),
            ("story", "news-2026-06-20", "老战士走进我区小学讲故事的报道。"),
        ],
        ["班长为什么把最后一个土豆让给王爷爷？", "如果你能给王爷爷写一句话，你想说什么？"],
        [
            (
                "给老战士的一句话",
                10,
                "每人在卡片上写一句想对王爷爷说的话，由老师汇总后送到江滨社区服务站。",
            )
        ],
    ),
    (
        "veteran-volunteers",
        "身边的老兵志愿者",
        "primary",
        "volunteering",
        20,
        "班会课：认识我们身边的退役军人应急救援队，说说老兵们退役以后还在做什么。",
        ["知道退役军人志愿服务队在防汛、救援中做了哪些事。", "愿意从身边小事做起参加志愿服务。"],
        [
            (
                "clip",
                "flood-1998",
                "0",
                "20",
                "大堤上的老兵",
                "看一看：抗洪时战士们是怎样守住大堤的？",
            ),
            ("profile", "qingshan-rescue-team", "队员们平时各有工作，险情来时随叫随到。"),
            ("story", "news-2026-07-16", ""),
            ("visit", "jiangbin-1", "可与社区服务站联系，参观志愿服务站点。"),
        ],
        ["老兵们退役后为什么还要参加救援？", "我们班可以为社区做哪些志愿服务？"],
        [],
    ),
    (
        "shangganling-water",
        "上甘岭的一壶水",
        "junior",
        "korea",
        45,
        "通过老通信兵陈桂林的亲口讲述，理解上甘岭战役中志愿军坚守坑道的艰苦和伟大。",
        [
            "了解上甘岭战役的基本史实。",
            "从“一壶水”的故事体会集体主义和牺牲精神。",
            "学会从口述史料中提取信息。",
        ],
        [
            (
                "clip",
                "shangganling-tunnel",
                "28",
                "60",
                "坑道里的一壶水",
                "留意：坑道里最缺的是什么？一壶水为什么传了一圈还是满的？",
            ),
            ("profile", "chen-guilin", "陈老师转业后在乡村小学任教三十年。"),
            ("martyr", "martyr-10", ""),
            ("visit", "qingchuan-cemetery", "清明或烈士纪念日前后可组织实地祭扫。"),
        ],
        [
            "坑道里的一壶水为什么“传了一圈还是满的”？",
            "口述历史和教科书中的记载有什么不同？各有什么价值？",
            "陈桂林为什么转业后选择当老师？",
        ],
        [
            (
                "口述史料摘录",
                15,
                "分组从片段文字稿中找出描写环境和心理的句子，说说它们让你感受到了什么。",
            ),
            (
                "课后采访",
                30,
                "采访一位家中或社区的长辈，请他讲一件难忘的往事，整理成300字的口述记录。",
            ),
        ],
    ),
    (
        "hometown-martyrs",
        "家乡的英烈",
        "junior",
        "martyrs",
        90,
        "两课时：认识青川籍烈士的生平事迹，在网上祭扫和实地参观中学会缅怀先烈。",
        [
            "能说出两位家乡英烈的生平和牺牲经过。",
            "了解烈士纪念设施的意义和祭扫礼仪。",
            "参与一次网上或实地祭扫。",
        ],
        [
            ("martyr", "martyr-01", ""),
            ("martyr", "martyr-02", ""),
            ("martyr", "martyr-03", ""),
            ("clip", "changjinhu-winter", "76", "88", "老战士的寄语", "老战士最大的心愿是什么？"),
            ("story", "news-2026-09-30", "烈士纪念日公祭活动的报道。"),
            ("visit", "qingshan-monument", "纪念碑位于青山镇，可步行参观。"),
        ],
        ["三位烈士分别生活在哪个年代？他们有什么共同点？", "我们可以用哪些方式缅怀英烈？"],
        [("网上祭扫", 10, "在英烈纪念馆为一位家乡英烈献花，并写下一句留言（留言审核后公开）。")],
    ),
    (
        "frontier-and-island",
        "守边关，守海岛",
        "senior",
        "defence",
        45,
        "从边防哨所和海岛守礁老兵的讲述中，理解国防与每个人的关系。",
        [
            "了解边防、海防官兵的日常与职责。",
            "认识国防安全与国家发展的关系。",
            "树立依法服兵役、关心国防的意识。",
        ],
        [
            (
                "clip",
                "border-outpost",
                "0",
                "24",
                "边境线上的哨所",
                "哨所的生活条件怎样？战士们靠什么坚持？",
            ),
            ("clip", "island-garrison", "24", "48", "海岛守礁的岁月", "守礁官兵最想念的是什么？"),
            ("profile", "zhou-haisheng", ""),
            ("martyr", "martyr-06", "新时代牺牲的英烈，离我们并不遥远。"),
        ],
        ["和平年代为什么还需要守边关、守海岛？", "作为高中生，我们能为国防做些什么？"],
        [("国防知识小辩论", 20, "以“和平年代是否还需要全民国防教育”为题，分正反两方辩论。")],
    ),
    (
        "never-fading",
        "退役不褪色",
        "senior",
        "veterans",
        45,
        "认识几位“最美退役军人”：他们在战场上立功，回到家乡又带领乡亲致富、守护老兵。",
        ["了解“最美退役军人”评选及其代表人物。", "探讨军人品格在不同岗位上的体现。"],
        [
            ("profile", "liu-jianguo", "从老山前线到茶山致富带头人。"),
            (
                "clip",
                "laoshan-cat-ear",
                "20",
                "44",
                "猫耳洞里的十四个月",
                "猫耳洞的环境对人意味着什么样的考验？",
            ),
            ("profile", "zhao-weidong", "如今在镇服务站担任轮值站长。"),
            ("visit", "linchuan", "赵卫东所在的镇服务站，可预约参观。"),
            ("story", "news-2026-05-18", ""),
        ],
        ["“退役不褪色”的“色”指什么？", "你身边有没有这样“退役不褪色”的人？"],
        [("人物小传", 25, "选择一位最美退役军人，写一篇不少于500字的人物小传。")],
    ),
    (
        "station-study-tour",
        "走进退役军人服务站",
        "junior",
        "volunteering",
        180,
        "半天研学：走进区退役军人服务中心和街道服务站，看老兵调解工作室如何化解矛盾。",
        ["了解退役军人服务站的职能和“枫桥经验”。", "学习采访与记录的方法。", "体验一次志愿服务。"],
        [
            ("visit", "centre", "研学第一站：区退役军人服务中心。"),
            ("visit", "heping", "研学第二站：和平街道服务站的老兵调解工作室。"),
            ("profile", "zheng-xiaoguang", "可提前联系，请他介绍服务站的日常工作。"),
            ("story", "news-2026-11-06", ""),
        ],
        ["服务站为老兵做了哪些事？", "“把矛盾化解在基层”是什么意思？"],
        [
            ("采访轮值站长", 40, "分组采访一位轮值站长，记录他的一天。"),
            ("志愿服务体验", 60, "在服务站协助整理政策宣传资料或陪伴老兵聊天。"),
        ],
    ),
]

MODELS = {
    "clip": OralHistoryPage,
    "profile": HonorProfilePage,
    "martyr": MartyrPage,
    "story": NewsPage,
}


def find_page(kind, slug):
    models = [MODELS[kind]] if kind in MODELS else [StationPage, MemorialFacilityPage]
    for model in models:
        page = model.objects.filter(slug=slug).first()
        if page is not None:
            return page
    raise LookupError(f"演示课程引用的页面不存在：{kind} {slug}")


def material_blocks(specs):
    blocks = []
    for spec in specs:
        if spec[0] == "clip":
            _, slug, start, end, title, prompt = spec
            value = {
                "oral_history": find_page("clip", slug),
                "start": Decimal(start),
                "end": Decimal(end),
                "title": title,
                "prompt": prompt,
            }
        else:
            kind, slug, note = spec
            value = {"page": find_page(kind, slug), "note": note}
        blocks.append((spec[0], value))
    return blocks


def lesson_plan_document(slug, title):
    """A small editable lesson plan to download, standing in for a teacher's Word file."""
    Document = get_document_model()
    name = f"《{title}》教学设计（演示）"
    document = Document.objects.filter(title=name).first()
    if document:
        return document
    document = Document(title=name)
    text = f"{name}\n\n一、教学目标\n二、教学过程\n三、作业设计\n（演示文件，内容为虚构）\n"
    document.file.save(f"lesson-plan-{slug}.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


def ensure_teacher(ctx):
    User = get_user_model()
    username, name = TEACHER
    if User.objects.filter(username=username).exists():
        return
    user = User(username=username, first_name=name, is_staff=True)
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=TEACHERS))
    ctx.step(f"创建用户 {username}（{name}）")


def load(ctx):
    ensure_teacher(ctx)
    index, _ = ensure_page(
        ctx.home(),
        LessonIndexPage,
        "education",
        title="红色教育",
        show_in_menus=True,
        intro="面向中小学的红色教育课程：老兵口述历史片段、最美退役军人和英烈事迹、实地参观和课堂活动，按学段、主题和时长挑选。",
        search_description="供中小学生使用的红色教育课程：口述历史片段、英烈事迹、学习单与课堂模式。",
    )
    for number, spec in enumerate(LESSONS, start=1):
        slug, title, grade, theme, minutes, lead, goals, materials, questions, activities = spec
        if Page.objects.child_of(index).filter(slug=slug).exists():
            ctx.progress("红色教育课", number, len(LESSONS))
            continue
        page = LessonPage(
            slug=slug,
            title=title,
            grade_band=grade,
            theme=theme,
            duration_minutes=minutes,
            lead=lead,
            search_description=lead,
            cover_image=demo_image(f"{title}课程封面", f"红色教育课《{title}》封面（示意插画）"),
            learning_goals="\n".join(goals),
            teacher_notes="课前请检查教室投影与音响；课堂模式下用翻页笔或方向键逐步讲授，口述片段会在结束时间自动停止。",
            discussion_questions="\n".join(questions),
            materials=material_blocks(materials),
            activities=[
                ("activity", {"title": name, "minutes": length, "description": text})
                for name, length, text in activities
            ],
            handouts=[("document", {"document": lesson_plan_document(slug, title), "title": ""})]
            if theme == "korea"
            else [],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        ctx.progress("红色教育课", number, len(LESSONS))
