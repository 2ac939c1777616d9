"""Demo content for the memorial: the hall, 32 fictional martyrs, two facilities, an
active campaign, sensitive words, tributes and messages in every moderation state."""

import datetime
import random

from django.utils import timezone
from wagtail.rich_text import RichText

from core.demo_helpers import demo_image, ensure_page
from home.models import Street
from home.vocabulary import Era

from .models import (
    Campaign,
    MartyrPage,
    MemorialFacilityPage,
    MemorialHallPage,
    SensitiveWord,
    Tribute,
    TributeKind,
    TributeMessage,
)
from .services import reconcile

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = [
    "振华",
    "志坚",
    "长青",
    "国栋",
    "秀英",
    "卫东",
    "建国",
    "春生",
    "德胜",
    "云山",
    "铁柱",
    "桂兰",
    "永福",
    "海涛",
    "守义",
    "文斌",
    "保田",
    "玉珍",
    "明远",
    "立新",
    "克勤",
    "树林",
    "金水",
    "学忠",
    "凤英",
    "维汉",
    "兴邦",
    "荣昌",
    "少华",
    "继光",
    "汉民",
    "忠良",
]
ERA_DETAILS = [
    (Era.AGRARIAN, (1905, 1915), (1930, 1936), "红军某部", "江西某地"),
    (Era.ANTI_JAPANESE, (1915, 1924), (1938, 1945), "新四军某部", "苏南某地"),
    (Era.LIBERATION, (1922, 1930), (1946, 1949), "华东野战军某部", "淮海战役前线"),
    (Era.KOREA, (1926, 1933), (1950, 1953), "中国人民志愿军某部", "朝鲜上甘岭地区"),
    (Era.CONSTRUCTION, (1940, 1960), (1962, 1990), "中国人民解放军某工程兵部队", "某国防工程工地"),
    (Era.NEW_ERA, (1985, 2000), (2008, 2024), "武警某部", "抗洪抢险一线"),
]
FACILITIES = [
    (
        "qingchuan-cemetery",
        "青川区烈士陵园",
        "cemetery",
        "安葬着本区各个时期的革命烈士，是全区开展清明祭扫和烈士纪念日公祭的主要场所。",
        "江澜市青川区松岗路1号（演示地址）",
        "heping",
        "每日 8:00—17:00（清明期间延长至 18:00），免费开放",
    ),
    (
        "qingshan-monument",
        "青山镇革命烈士纪念碑",
        "monument",
        "建于1958年，碑身镌刻着青山镇籍革命烈士的英名。",
        "江澜市青川区青山镇纪念路（演示地址）",
        "qingshan",
        "全天开放",
    ),
]
MESSAGES_APPROVED = [
    ("江滨小学五年级", "英雄的故事我们会一直讲下去，请您放心！"),
    ("", "吾辈自强，告慰英灵。"),
    ("老兵老周", "战友，今天的祖国山河无恙，盛世如您所愿。"),
    ("青山镇居民", "每年清明都会来陵园看看您，今年在网上给您献一束花。"),
    ("", "致敬英雄！我们永远怀念您。"),
    ("一名志愿者", "您的事迹我讲给孩子们听了，他们说长大也要做对国家有用的人。"),
]
MESSAGES_PENDING = [
    ("路人", "英雄千古！"),
    ("", "想了解更多您的事迹，请问哪里能看到史料？"),
    ("热心网友", "加微信领取纪念品"),
    ("", "永远缅怀，致敬先烈。"),
]
MESSAGES_REJECTED = [("推广员", "兼职刷单日结，详情私聊"), ("", "这条留言与缅怀无关，已驳回。")]
WORDS = [
    ("博彩", SensitiveWord.Action.REJECT, "赌博广告"),
    ("代开发票", SensitiveWord.Action.REJECT, "违法广告"),
    ("色情", SensitiveWord.Action.REJECT, ""),
    ("加微信", SensitiveWord.Action.HOLD, "疑似引流广告"),
    ("兼职刷单", SensitiveWord.Action.HOLD, "疑似诈骗"),
    ("私聊", SensitiveWord.Action.HOLD, ""),
]


def martyr_specs():
    rng = random.Random(1949)
    streets = list(Street.objects.order_by("sort_order"))
    for index, given in enumerate(GIVEN):
        name = SURNAMES[index] + given
        era, births, deaths, unit, place = ERA_DETAILS[index % len(ERA_DETAILS)]
        street = streets[index % len(streets)] if streets else None
        birth_year = rng.randint(*births)
        death_year = max(rng.randint(*deaths), birth_year + 17)
        precision = index % 3  # 0: year only, 1: year and month, 2: full date
        yield {
            "slug": f"martyr-{index + 1:02d}",
            "title": name,
            "gender": "female" if given.endswith(("英", "兰", "珍")) else "male",
            "birth_year": birth_year,
            "death_year": death_year,
            "death_month": rng.randint(1, 12) if precision else None,
            "death_day": rng.randint(1, 28) if precision == 2 else None,
            "hometown": f"江澜市青川区{street.name}" if street else "江澜市青川区",
            "street": street,
            "unit": unit if index % 4 else unit.replace("某部", "第三营"),
            "era": era,
            "place_of_sacrifice": place,
            "lead": f"{name}，青川区人，{era.label}牺牲于{place}，时年{death_year - birth_year}岁。",
        }


def ensure_words():
    for word, action, note in WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"action": action, "note": note})


def ensure_facilities(hall):
    facilities = []
    for slug, title, kind, lead, location, street_slug, hours in FACILITIES:
        facility, _ = ensure_page(
            hall,
            MemorialFacilityPage,
            slug,
            title=title,
            kind=kind,
            lead=lead,
            search_description=lead,
            location=location,
            street=Street.objects.filter(slug=street_slug).first(),
            visiting_hours=hours,
            history=[
                (
                    "paragraph",
                    RichText(
                        f"<p>{title}始建于上世纪五十年代，多次修缮扩建。</p>"
                        "<p>2021年完成提升改造，新建英名墙和祭扫广场。（演示内容）</p>"
                    ),
                )
            ],
            photos=[
                (
                    "photo",
                    {
                        "image": demo_image(f"{title}全景", f"{title}全景（示意插画）"),
                        "alt_text": f"{title}全景示意插画",
                        "caption": "全景（示意图）",
                    },
                )
            ],
        )
        facilities.append(facility)
    return facilities


def ensure_martyrs(ctx, hall, facilities):
    specs = list(martyr_specs())
    martyrs = []
    for done, spec in enumerate(specs, start=1):
        slug = spec.pop("slug")
        name = spec["title"]
        martyr, _ = ensure_page(
            hall,
            MartyrPage,
            slug,
            search_description=spec["lead"],
            resting_place=facilities[done % len(facilities)],
            portrait=demo_image(
                f"{name}烈士遗像", f"{name}烈士遗像（示意插画）", size=(360, 450), motif="portrait"
            ),
            deeds=[
                (
                    "paragraph",
                    RichText(
                        f"<p>{name}同志自幼家境贫寒，参军后作战勇敢，多次立功。</p>"
                        f"<p>在{spec['place_of_sacrifice']}的战斗中，{name}同志掩护战友转移，"
                        "英勇牺牲。（虚构的演示事迹）</p>"
                    ),
                ),
                ("quote", {"text": "为有牺牲多壮志，敢教日月换新天。", "attribution": "毛泽东"}),
            ],
            sources=[
                (
                    "source",
                    {
                        "title": "青川区革命烈士英名录（演示）",
                        "publisher": "青川区退役军人事务局",
                        "year": 2021,
                        "url": "",
                    },
                )
            ],
            family_contact="（演示）烈士亲属",
            family_phone="0571-0000 0000",
            family_address="江澜市青川区某小区（演示）",
            **spec,
        )
        martyrs.append(martyr)
        ctx.progress("英烈", done, len(specs))
    return martyrs


def ensure_tributes(martyrs):
    if Tribute.objects.exists():
        return
    rng = random.Random(404)
    # Whole past days (yesterday back to 20 days ago) at a random time of day, so the
    # campaign totals, which count by day, do not depend on when the demo was loaded.
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    kinds = TributeKind.values
    rows = []
    for martyr in martyrs:
        for _ in range(rng.randint(3, 30)):
            day_start = midnight - datetime.timedelta(days=rng.randint(1, 20))
            moment = day_start + datetime.timedelta(minutes=rng.randint(0, 60 * 24 - 1))
            rows.append(
                Tribute(
                    martyr=martyr,
                    kind=rng.choice(kinds),
                    day=timezone.localdate(moment),
                    created_at=moment,
                    visitor="demo",
                )
            )
    Tribute.objects.bulk_create(rows, batch_size=500)
    reconcile()


def ensure_messages(martyrs):
    if TributeMessage.objects.exists():
        return
    now = timezone.now()
    plan = (
        [(text, TributeMessage.Status.APPROVED) for text in MESSAGES_APPROVED]
        + [(text, TributeMessage.Status.PENDING) for text in MESSAGES_PENDING]
        + [(text, TributeMessage.Status.REJECTED) for text in MESSAGES_REJECTED]
    )
    rows = []
    for index, ((nickname, text), status) in enumerate(plan):
        matched = [word for word, _, _ in WORDS if word in text]
        created = now - datetime.timedelta(hours=index * 7 + 1)
        rows.append(
            TributeMessage(
                martyr=martyrs[index % 3],
                nickname=nickname,
                text=text,
                status=status,
                matched_words=matched,
                created_at=created,
                decided_at=None if status == TributeMessage.Status.PENDING else created,
                visitor="demo",
            )
        )
    # Enough approved messages on the first martyr to need a second page.
    for index in range(12):
        rows.append(
            TributeMessage(
                martyr=martyrs[0],
                nickname=f"网友{index + 1:02d}",
                text=f"第{index + 1}位网友：英雄永垂不朽！",
                status=TributeMessage.Status.APPROVED,
                created_at=now - datetime.timedelta(days=3, hours=index),
                decided_at=now,
                visitor="demo",
            )
        )
    TributeMessage.objects.bulk_create(rows)


def ensure_campaign(hall):
    today = timezone.localdate()
    Campaign.objects.get_or_create(
        title="烈士纪念日 · 向人民英雄敬献花篮",
        defaults={
            "text": "9月30日烈士纪念日，网上献花缅怀先烈。",
            "start_date": datetime.date(today.year, 9, 25),
            "end_date": datetime.date(today.year, 10, 5),
            "link_page": hall,
        },
    )
    Campaign.objects.get_or_create(
        title="网上祭英烈 · 缅怀先烈志",
        defaults={
            "text": "献一束花、点一支烛，寄托对革命先烈的哀思。",
            "start_date": today - datetime.timedelta(days=10),
            "end_date": today + datetime.timedelta(days=20),
            "link_page": hall,
        },
    )


PRIVATE_ARCHIVE = "英烈史料（内部，登录后可见）"


def ensure_private_archive():
    """A collection only signed-in users see: its photo, thumbnails and file are refused
    to anonymous visitors, also at their /media/ addresses (core/media.py)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    archive = Collection.objects.filter(name=PRIVATE_ARCHIVE).first()
    if archive is None:
        archive = Collection.get_first_root_node().add_child(name=PRIVATE_ARCHIVE)
        CollectionViewRestriction.objects.create(
            collection=archive, restriction_type=CollectionViewRestriction.LOGIN
        )
    photo = demo_image("烈士遗物照片（内部）", "烈士遗物：军用水壶与家书（演示）", motif="portrait")
    if photo.collection_id != archive.pk:
        photo.collection = archive
        photo.save(update_fields=["collection"])
    Document = get_document_model()
    if not Document.objects.filter(title="烈士亲属走访记录（内部）").exists():
        document = Document(title="烈士亲属走访记录（内部）", collection=archive)
        document.file.save(
            "zoufang-jilu.txt",
            ContentFile("烈士亲属走访记录（演示，内容虚构）。\n".encode()),
            save=False,
        )
        document.save()


def load(ctx):
    ensure_words()
    ensure_private_archive()
    hall, created = ensure_page(
        ctx.home(),
        MemorialHallPage,
        "memorial",
        title="英烈纪念馆",
        show_in_menus=True,
        intro="铭记为民族独立、人民解放和国家建设牺牲的青川英烈。您可以在这里献花、点烛、鞠躬、敬酒，留下缅怀的话语。",
        search_description="青川区革命烈士英名录与网上祭扫：献花、点烛、鞠躬、敬酒和留言。",
    )
    if created:
        ctx.step("创建「英烈纪念馆」")
    facilities = ensure_facilities(hall)
    martyrs = ensure_martyrs(ctx, hall, facilities)
    ensure_tributes(martyrs)
    ensure_messages(martyrs)
    ensure_campaign(hall)
