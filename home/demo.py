"""Demo content for the portal skeleton: site, users, home, plain pages and news."""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from core.demo_helpers import demo_image, ensure_page

from .models import BureauContact, HomePage, NewsIndexPage, NewsPage, StandardPage, Street

DEMO_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "Qingchuan@2026")
USERS = [
    ("admin", "系统管理员", None, True),
    ("bianji", "编辑小王", "编辑", False),
    ("shenhe", "审核老李", "审核", False),
    # Each review step needs a different reviewer: 初审 by shenhe, 终审 by zhongshen.
    ("zhongshen", "审核小张", "审核", False),
]

NEWS = [
    (
        "2026-11-18",
        "区退役军人服务中心开展“政策进社区”宣讲",
        ["政策宣传", "服务站建设"],
        "11月18日，区退役军人服务中心联合各镇街服务站走进12个社区，面对面讲解优待证申领、军人抚恤优待条例等政策。",
        "宣讲会上，工作人员结合典型案例逐条解读政策，并现场为30余名退役军人办理了优待证申领手续。",
    ),
    (
        "2026-11-06",
        "区“老兵调解工作室”今年化解矛盾纠纷168起",
        ["枫桥式服务站", "服务站建设"],
        "坚持和发展新时代“枫桥经验”，各服务站依托轮值站长和老兵调解员，把矛盾纠纷化解在基层。",
        "今年以来，全区老兵调解工作室共接待来访群众420余人次，成功化解邻里、物业、劳资等矛盾纠纷168起。",
    ),
    (
        "2026-10-28",
        "退役军人专场招聘会提供岗位860个",
        ["就业创业"],
        "区退役军人事务局联合区人力社保局举办退役军人专场招聘会，56家企业提供岗位860个。",
        "招聘会现场设置政策咨询、创业指导和技能培训报名专区，当天达成初步就业意向213人。",
    ),
    (
        "2026-10-15",
        "“兵支书”培训班在区委党校开班",
        ["就业创业", "基层治理"],
        "全区47名退役军人村（社区）书记参加为期三天的专题培训。",
        "培训内容涵盖乡村振兴政策、基层矛盾调处和红色资源讲解，学员们表示收获满满。",
    ),
    (
        "2026-09-30",
        "烈士纪念日公祭活动在区烈士陵园举行",
        ["褒扬纪念"],
        "9月30日上午，各界代表300余人在区烈士陵园向人民英雄敬献花篮。",
        "全体人员肃立默哀，少先队员代表献唱《我们是共产主义接班人》，现场庄严肃穆。",
    ),
    (
        "2026-09-12",
        "为立功官兵家庭送喜报",
        ["双拥工作"],
        "区领导带队为12户立功受奖官兵家庭送去喜报，传递荣光。",
        "锣鼓声中，喜报和光荣牌送到军属手中，社区居民纷纷前来祝贺。",
    ),
    (
        "2026-08-26",
        "崇军商家联盟新增签约商户86家",
        ["双拥工作", "优待服务"],
        "全区崇军商家已达413家，为退役军人和军属提供购物、餐饮、医疗等优惠。",
        "退役军人凭优待证即可享受相应优惠，商家名单在各服务站和本网站公示。",
    ),
    (
        "2026-08-01",
        "八一建军节走访慰问重点优抚对象",
        ["双拥工作", "优待服务"],
        "建军节前夕，区四套班子领导分组走访慰问重点优抚对象和驻区部队。",
        "慰问组为老党员、老战士送去慰问金和生活用品，并详细了解他们的身体状况和生活困难。",
    ),
    (
        "2026-07-16",
        "退役军人志愿服务队开展防汛抢险演练",
        ["志愿服务"],
        "“青川老兵”应急救援支队在沿江堤坝开展防汛抢险实战演练。",
        "演练设置管涌封堵、人员转移、物资运送等科目，出动退役军人志愿者65人次。",
    ),
    (
        "2026-06-20",
        "红色教育进校园：老兵讲述抗美援朝故事",
        ["红色教育"],
        "抗美援朝老战士走进区实验小学，为600余名师生讲述亲身经历。",
        "老战士们讲述了冰天雪地中坚守阵地的故事，同学们听得热泪盈眶。",
    ),
    (
        "2026-05-18",
        "全区新增5个省级“枫桥式”退役军人服务站",
        ["枫桥式服务站", "服务站建设"],
        "经省退役军人事务厅评定，我区5个服务站获评省级“枫桥式”退役军人服务站。",
        "截至目前，全区已有省级“枫桥式”服务站17个、全国示范型服务站2个。",
    ),
    (
        "2026-04-05",
        "清明祭英烈：网上祭扫人次创新高",
        ["褒扬纪念", "清明祭英烈"],
        "清明期间，本网站“英烈纪念馆”共收到网上献花、点烛、鞠躬、敬酒等祭扫12万余次。",
        "广大网友留言缅怀先烈：“吾辈自强，告慰英灵。”留言经审核后在纪念页面展示。",
    ),
]

PAGES = [
    (
        "about",
        "机构概况",
        True,
        "青川区退役军人事务局负责全区退役军人思想政治、管理保障和褒扬纪念等工作。",
        [
            "区退役军人事务局是区政府工作部门，内设办公室、优抚安置科、就业创业科和褒扬纪念科，下设区退役军人服务中心。",
            "全区建有镇街退役军人服务站4个、村社退役军人服务站59个，实现服务保障体系全覆盖。",
        ],
    ),
    (
        "guide",
        "办事指南",
        True,
        "优待证申领、抚恤补助、就业创业扶持等常用事项的办理指引。",
        [
            "办理优待证：携带身份证、退役证件到户籍所在地村社服务站提交申请，工作人员将在15个工作日内完成审核。",
            "申请就业创业扶持：登录本网站查看最新政策，或到区退役军人服务中心窗口咨询。",
        ],
    ),
    (
        "contact",
        "联系我们",
        False,
        "区退役军人事务局办公地址、办公时间与对外服务电话。",
        [
            "办公地址：江澜市青川区和平路88号（演示地址）。",
            "对外服务电话：0571-8800 0000（演示号码），工作日 8:30—17:00。",
        ],
    ),
]


STREETS = [
    ("江滨街道", "jiangbin", "street"),
    ("和平街道", "heping", "street"),
    ("青山镇", "qingshan", "town"),
    ("临川镇", "linchuan", "town"),
]


def ensure_streets():
    for order, (name, slug, kind) in enumerate(STREETS):
        Street.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "sort_order": order}
        )


def ensure_users(ctx):
    User = get_user_model()
    for username, name, group_name, is_super in USERS:
        user = User.objects.filter(username=username).first()
        if user:
            continue
        user = User(username=username, first_name=name, is_staff=True, is_superuser=is_super)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        ctx.step(f"创建用户 {username}（{name}）")


def ensure_home(ctx):
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Replace Wagtail's placeholder welcome page with the portal's home page.
    for page in Page.objects.child_of(root).filter(content_type__model="page"):
        page.delete()
    today = timezone.localdate()
    home = HomePage(
        title="首页",
        slug="home",
        seo_title="青川区退役军人事务局",
        search_description="青川区退役军人事务局门户：最美退役军人、口述历史、英烈纪念、志愿服务和服务站。",
        intro="让军人成为全社会尊崇的职业，让退役军人在全社会受到尊重。",
        banner_title="退役军人优待证办理指南",
        banner_text="持证可享交通、文旅、医疗等优待，就近到村社服务站即可申请。",
        banner_image=demo_image("优待证专题横幅", "山川与红星的远景插画", size=(1200, 400)),
        banner_start=today - datetime.timedelta(days=30),
        banner_end=today + datetime.timedelta(days=365),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # Absolute links (API, QR posters) point where `make demo` serves the portal.
    site.hostname = os.environ.get("DEMO_SITE_HOST", "127.0.0.1")
    site.port = int(os.environ.get("DEMO_SITE_PORT", "8000"))
    site.root_page = home
    site.site_name = "青川区退役军人事务局"
    site.save()
    ctx.step("创建首页并设为站点根页面")
    return home


def ensure_contact(site):
    contact = BureauContact.for_site(site)
    if contact.address:
        return
    contact.name = "青川区退役军人事务局"
    contact.address = "江澜市青川区和平路88号（演示地址）"
    contact.office_phone = "0571-8800 0000"
    contact.email = "service@qingchuan.example.cn"
    contact.office_hours = "工作日 8:30—12:00，13:30—17:00"
    contact.icp_number = "演示ICP备00000000号"
    contact.save()


def demo_document():
    Document = get_document_model()
    title = "关于开展2026年清明祭英烈活动的通知"
    document = Document.objects.filter(title=title).first()
    if document:
        return document
    document = Document(title=title)
    text = f"{title}\n\n各镇街、各有关单位：\n请结合实际，组织开展网上祭扫和实地祭扫活动。（演示文件）\n"
    document.file.save("qingming-notice-2026.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


def load(ctx):
    ensure_users(ctx)
    ensure_streets()
    home = ensure_home(ctx)
    ensure_contact(Site.objects.get(root_page=home))
    for slug, title, in_menu, lead, paragraphs in PAGES:
        page, created = ensure_page(
            home,
            StandardPage,
            slug,
            title=title,
            show_in_menus=in_menu,
            lead=lead,
            search_description=lead,
            body=[("paragraph", RichText("".join(f"<p>{p}</p>" for p in paragraphs)))],
        )
        if created:
            ctx.step(f"创建页面「{title}」")
            if slug == "guide" and home.banner_link_id is None:
                home.banner_link = page
                home.save_revision().publish()
    news_index, _ = ensure_page(
        home,
        NewsIndexPage,
        "news",
        title="工作动态",
        show_in_menus=True,
        intro="区退役军人事务局的最新工作、通知与活动报道。",
        search_description="区退役军人事务局的最新工作、通知与活动报道。",
    )
    document = demo_document()
    for index, (date, title, tags, lead, text) in enumerate(NEWS, start=1):
        slug = f"news-{date}"
        if Page.objects.child_of(news_index).filter(slug=slug).exists():
            ctx.progress("工作动态", index, len(NEWS))
            continue
        body = [
            ("paragraph", RichText(f"<p>{text}</p>")),
            (
                "image",
                {
                    "image": demo_image(f"{title}配图", f"{title}现场（示意插画）"),
                    "alt_text": f"{title}现场示意插画",
                    "caption": "活动现场（示意图）",
                },
            ),
            ("quote", {"text": "让军人成为全社会尊崇的职业。", "attribution": "退役军人工作理念"}),
        ]
        if "褒扬纪念" in tags:
            body.append(("document", {"document": document, "title": "下载通知原文"}))
        if index > 1:
            body.append(("related_page", {"page": home, "note": "返回首页查看更多服务"}))
        page = NewsPage(
            slug=slug,
            title=title,
            date=datetime.date.fromisoformat(date),
            lead=lead,
            search_description=lead,
            cover_image=demo_image(f"{title}封面", f"{title}（示意插画）"),
            body=body,
        )
        news_index.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()
        ctx.progress("工作动态", index, len(NEWS))
    ctx.stdout.write(
        ctx.style.SUCCESS(
            "  管理后台：http://127.0.0.1:8000/admin/  "
            f"账号 admin / {DEMO_PASSWORD}（另有编辑 bianji、审核 shenhe 与 zhongshen，密码相同）"
        )
    )
