"""Demo content: two volunteer brands, 11 brigades, about fifty activities over 2025–2026,
21 service stations with honours and 轮值站长 rosters, and the 数据看板 page.

All names, places, coordinates and numbers are invented. Every object is looked up
by a stable key first, so loading twice changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from core.demo_helpers import demo_image, ensure_page
from home.models import Street

from .models import (
    ActivityPage,
    ActivityPhoto,
    BrigadePage,
    BrigadePhoto,
    StationFeatureImage,
    StationHonour,
    StationIndexPage,
    StationMaster,
    StationPage,
    StatsPage,
    VolunteerBrand,
    VolunteerIndexPage,
)

BRANDS = [
    (
        "qingchuan-laobing",
        "青川老兵",
        "退役不褪色，服务不打烊",
        "区退役军人志愿服务总品牌，下设应急救援、反诈宣传、文明巡防等专业大队。",
    ),
    (
        "yijiaren",
        "益家人",
        "老兵益家人，邻里一家亲",
        "以退役军人和军属为骨干的社区志愿服务品牌，专注法律援助、矛盾调解和赛会服务。",
    ),
]

# (slug, title, brand, speciality, street slug, leader, founded, members, children)
BRIGADES = [
    (
        "rescue",
        "青川老兵应急救援大队",
        "qingchuan-laobing",
        "rescue",
        None,
        "周振国",
        2018,
        46,
        [
            ("rescue-jiangbin", "江滨应急救援支队", "jiangbin", "陈海峰", 2019, 32),
            ("rescue-qingshan", "青山应急救援支队", "qingshan", "吴立新", 2020, 28),
        ],
    ),
    (
        "anti-fraud",
        "青川老兵反诈宣传大队",
        "qingchuan-laobing",
        "anti_fraud",
        None,
        "林建军",
        2021,
        38,
        [
            ("anti-fraud-heping", "和平反诈宣传支队", "heping", "郑红梅", 2022, 24),
        ],
    ),
    (
        "patrol",
        "青川老兵文明巡防大队",
        "qingchuan-laobing",
        "patrol",
        None,
        "何卫东",
        2017,
        52,
        [
            ("patrol-linchuan", "临川文明巡防支队", "linchuan", "黄志强", 2019, 30),
        ],
    ),
    ("legal", "益家人法律援助大队", "yijiaren", "legal", "heping", "沈文静", 2020, 18, []),
    (
        "mediation",
        "益家人矛盾调解大队",
        "yijiaren",
        "mediation",
        "jiangbin",
        "许国平",
        2019,
        26,
        [
            ("mediation-jiangbin", "江滨“老兵调解”支队", "jiangbin", "马跃进", 2021, 15),
        ],
    ),
    ("event", "益家人赛会服务大队", "yijiaren", "event", None, "唐晓光", 2022, 64, []),
]

SPECIALITY_ACTIVITIES = {
    "rescue": ["防汛抢险演练", "山林防火巡查", "应急救护培训进社区", "台风过境转移群众"],
    "anti_fraud": ["反诈宣传进菜场", "老年人防诈骗讲座", "反诈知识入户宣传", "校园反诈课堂"],
    "patrol": ["夜间平安巡防", "文明交通劝导", "背街小巷环境整治", "节日安全巡查"],
    "legal": ["退役军人法律咨询日", "军人军属权益保护宣讲", "免费法律援助服务"],
    "mediation": ["邻里纠纷“老兵调解”", "物业矛盾现场调处", "家庭矛盾化解座谈"],
    "event": ["马拉松赛事志愿服务", "区运动会赛会保障", "文化节引导服务"],
}

STREET_CENTRES = {
    "jiangbin": (Decimal("30.246"), Decimal("120.171")),
    "heping": (Decimal("30.271"), Decimal("120.148")),
    "qingshan": (Decimal("30.302"), Decimal("120.108")),
    "linchuan": (Decimal("30.214"), Decimal("120.121")),
}
COMMUNITIES = {
    "jiangbin": ["望江社区", "滨河社区", "渔港社区", "新塘社区"],
    "heping": ["和睦社区", "光明社区", "建设社区", "文苑社区"],
    "qingshan": ["青山村", "竹园村", "石门村", "溪口村"],
    "linchuan": ["临川社区", "枫林村", "白沙村", "云岭村"],
}
# Offsets (in degrees) of the four communities from their street's station.
OFFSETS = [
    (Decimal("0.012"), Decimal("0.009")),
    (Decimal("-0.010"), Decimal("0.014")),
    (Decimal("0.016"), Decimal("-0.011")),
    (Decimal("-0.019"), Decimal("-0.016")),
]
FEATURES = {
    "jiangbin": ("老兵调解工作室", "退役军人调解员坐班接待，邻里纠纷“小事不出社区”。"),
    "heping": ("军创就业驿站", "为退役军人提供岗位推荐、创业指导和技能培训报名。"),
    "qingshan": ("红色记忆馆", "陈列本镇老战士捐赠的军功章、书信和照片，接待学校参观。"),
    "linchuan": ("兵支书议事厅", "退役军人村书记牵头议事，解决乡村治理中的难题。"),
}
# station slug -> [(kind, stars, year)]
HONOURS = {
    "centre": [("national", None, 2021), ("star", 5, 2023)],
    "jiangbin": [("national", None, 2023), ("fengqiao", None, 2022), ("star", 5, 2024)],
    "heping": [("fengqiao", None, 2024), ("star", 4, 2023)],
    "qingshan": [("fengqiao", None, 2025), ("red", None, 2023), ("star", 4, 2024)],
    "linchuan": [("fengqiao", None, 2026), ("star", 3, 2025)],
    "jiangbin-1": [("fengqiao", None, 2025)],
    "jiangbin-2": [("star", 3, 2024)],
    "heping-1": [("fengqiao", None, 2026), ("red", None, 2024)],
    "heping-3": [("star", 4, 2025)],
    "qingshan-1": [("red", None, 2022), ("fengqiao", None, 2026)],
    "qingshan-2": [("star", 3, 2025)],
    "linchuan-2": [("fengqiao", None, 2025), ("star", 4, 2026)],
    "linchuan-4": [("red", None, 2025)],
}
MASTER_NAMES = [
    "赵德胜",
    "钱卫民",
    "孙建华",
    "李援朝",
    "周国强",
    "吴志刚",
    "郑保国",
    "王海军",
    "冯振华",
    "陈卫星",
    "褚建国",
    "卫立军",
    "蒋红旗",
    "沈海涛",
    "韩长城",
    "杨向阳",
    "朱永胜",
    "秦志远",
    "尤振东",
    "许卫华",
    "何建平",
    "吕国庆",
    "施爱民",
    "张铁军",
    "孔繁荣",
    "曹建军",
    "严卫国",
    "华振兴",
    "金保华",
    "魏建新",
    "陶宏伟",
    "姜德明",
    "戚志军",
    "谢国栋",
    "邹卫平",
    "喻长江",
]


def demo_master(index, streets):
    """A fictional veteran for the roster; the private phone stays in the admin."""
    from honors.models import Person

    name = MASTER_NAMES[index % len(MASTER_NAMES)]
    person = Person.objects.filter(name=name).first()
    if person:
        return person
    return Person.objects.create(
        name=name,
        gender="male",
        birth_year=1950 + index,
        enlisted_year=1970 + index % 20,
        discharged_year=1976 + index % 20,
        branch=["army", "navy", "air_force", "armed_police"][index % 4],
        street=streets[index % len(streets)],
        bio="退役后长期在社区服务站参与轮值和志愿服务。",
        phone=f"1390000{index:04d}",
    )


def ensure_brands():
    brands = {}
    for slug, name, slogan, description in BRANDS:
        brand, _ = VolunteerBrand.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "slogan": slogan,
                "description": description,
                "logo": demo_image(f"{name}品牌标识", f"{name}志愿服务品牌标识（示意插画）"),
            },
        )
        brands[slug] = brand
    return brands


# What a brigade's 队伍风采 shows (captions of the demo illustrations).
BRIGADE_PHOTOS = ["队员集结出发", "服务现场", "年度表彰合影"]
ACTIVITY_PHOTOS = ["活动现场", "队员与群众交流"]
STATION_PHOTOS = ["特色阵地一角", "接待退役军人来访"]


def demo_photos(model, title, captions):
    """Ordered photos for a page's gallery, each a demo illustration with its caption."""
    return [
        model(
            image=demo_image(f"{title}：{caption}", f"{title}{caption}（示意插画）"),
            caption=caption,
        )
        for caption in captions
    ]


def ensure_brigades(ctx, index, brands, streets):
    by_slug = {}
    for slug, title, brand, speciality, street, leader, founded, members, children in BRIGADES:
        cover = demo_image(f"{title}风采", f"{title}队员合影（示意插画）")
        brigade, _ = ensure_page(
            index,
            BrigadePage,
            slug,
            title=title,
            brand=brands[brand],
            speciality=speciality,
            street=streets.get(street),
            leader_name=leader,
            founded_year=founded,
            member_count=members,
            lead=f"{title}由退役军人志愿者组成，常年开展{SPECIALITY_ACTIVITIES[speciality][0]}等服务。",
            search_description=f"{title}：队伍介绍、服务数据和近期活动。",
            how_to_join="年满18周岁、身体健康的退役军人和军属均可报名，可在线填写报名表，"
            "或到所在镇街退役军人服务站登记。",
            cover_image=cover,
            photos=demo_photos(BrigadePhoto, title, BRIGADE_PHOTOS),
        )
        by_slug[slug] = brigade
        for sub_slug, sub_title, sub_street, sub_leader, sub_founded, sub_members in children:
            sub, _ = ensure_page(
                brigade,
                BrigadePage,
                sub_slug,
                title=sub_title,
                brand=brands[brand],
                speciality=speciality,
                street=streets.get(sub_street),
                leader_name=sub_leader,
                founded_year=sub_founded,
                member_count=sub_members,
                lead=f"{sub_title}隶属{title}，扎根{streets[sub_street].name}开展服务。",
                search_description=f"{sub_title}：队伍介绍、服务数据和近期活动。",
                how_to_join="可在线报名，或到所在镇街退役军人服务站登记。",
                cover_image=cover,
            )
            by_slug[sub_slug] = sub
    ctx.step(f"志愿服务队 {len(by_slug)} 支")
    return by_slug


def station_fields(slug, title, level, street, community, lat, lng, parent):
    feature_title, feature_text = FEATURES.get(street.slug if street else "", ("", ""))
    return {
        "title": title,
        "level": level,
        "street": street,
        "community": community,
        "parent_station": parent,
        "address": f"江澜市青川区{street.name if street else ''}{community or '和平路88号'}"
        f"{'党群服务中心一楼' if community else ''}（演示地址）",
        "latitude": lat,
        "longitude": lng,
        "opening_hours": "工作日 8:30—17:00" if level != "community" else "周一至周六 9:00—17:00",
        "office_phone": "0571-8800 0000",
        "services": "政策咨询\n优待证申领\n就业创业指导\n困难帮扶\n矛盾纠纷调解\n志愿服务报名",
        "feature_title": feature_title if level != "community" else f"{community}老兵之家",
        "feature_text": feature_text
        if level != "community"
        else f"{community}服务站依托退役军人骨干，开展政策宣传、走访慰问和邻里互助。",
        "lead": f"{title}为辖区退役军人和其他优抚对象提供一站式服务。",
        "search_description": f"{title}：地址、开放时间、服务项目、荣誉与轮值站长。",
        "honours": [
            StationHonour(kind=kind, stars=stars, year=year)
            for kind, stars, year in HONOURS.get(slug, [])
        ],
        "feature_images": demo_photos(StationFeatureImage, title, STATION_PHOTOS)
        if feature_title and level != "community"
        else [],
    }


def half_year(year, half):
    """First and last day of a half-year; half 0 is January–June, 1 is July–December."""
    year, half = year + half // 2, half % 2
    if half == 0:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def roster_for(offset, streets):
    """Three half-year turns around today: one finished, the current one, the next."""
    today = timezone.localdate()
    current = 0 if today.month <= 6 else 1
    turns = [half_year(today.year, current + step) for step in (-1, 0, 1)]
    return [
        StationMaster(person=demo_master(offset + i, streets), start_date=start, end_date=end)
        for i, (start, end) in enumerate(turns)
    ]


def ensure_stations(ctx, home, streets):
    index, _ = ensure_page(
        home,
        StationIndexPage,
        "stations",
        title="服务站",
        show_in_menus=True,
        intro="全区1个区退役军人服务中心、4个镇街服务站和各村社服务站，"
        "可按层级、荣誉和镇街查找，也可以找离您最近的服务站。",
        search_description="查找离您最近的退役军人服务站：地址、开放时间、服务项目和轮值站长。",
    )
    street_list = list(streets.values())
    centre, _ = ensure_page(
        index,
        StationPage,
        "centre",
        **station_fields(
            "centre",
            "青川区退役军人服务中心",
            "district",
            None,
            "",
            Decimal("30.258"),
            Decimal("120.152"),
            None,
        ),
        roster=[],
    )
    stations = {"centre": centre}
    offset = 0
    for street in street_list:
        lat, lng = STREET_CENTRES[street.slug]
        station, _ = ensure_page(
            index,
            StationPage,
            street.slug,
            **station_fields(
                street.slug, f"{street.name}退役军人服务站", "street", street, "", lat, lng, centre
            ),
            roster=roster_for(offset, street_list),
        )
        offset += 3
        stations[street.slug] = station
        for number, community in enumerate(COMMUNITIES[street.slug], start=1):
            slug = f"{street.slug}-{number}"
            dlat, dlng = OFFSETS[number - 1]
            child, _ = ensure_page(
                index,
                StationPage,
                slug,
                **station_fields(
                    slug,
                    f"{community}退役军人服务站",
                    "community",
                    street,
                    community,
                    lat + dlat,
                    lng + dlng,
                    station,
                ),
                roster=roster_for(offset, street_list) if number <= 2 else [],
            )
            offset += 3 if number <= 2 else 0
            stations[slug] = child
    ctx.step(f"服务站 {len(stations)} 个")
    return stations


def ensure_activities(ctx, brigades, stations):
    station_slugs = sorted(stations)
    units = list(brigades.values())
    plan = []
    for year, months in ((2025, range(1, 13)), (2026, range(1, 12))):
        for month in months:
            for _ in range(2 if year == 2025 or month % 2 else 3):
                plan.append((year, month))
    total = len(plan)
    for number, (year, month) in enumerate(plan, start=1):
        rng = random.Random(number)
        brigade = units[(number * 5) % len(units)]
        day = 3 + (number * 7) % 24
        date = datetime.date(year, month, day)
        slug = f"activity-{date:%Y%m%d}-{number:02d}"
        names = SPECIALITY_ACTIVITIES[brigade.speciality]
        name = names[number % len(names)]
        turnout = rng.randint(8, 65)
        hours = Decimal(turnout * rng.choice([2, 3, 4])) + Decimal("0.5") * (number % 2)
        station = stations[station_slugs[number % len(station_slugs)]] if number % 4 else None
        partners = [brigade]
        if number % 4 == 0:
            partners.append(units[(number * 5 + 3) % len(units)])
        place = (
            station.title
            if station
            else f"{brigade.street_name}{rng.choice(['江滨公园', '文化广场', '农贸市场', '沿江堤坝', '中心小学'])}"
        )
        parent = brigade
        if Page.objects.child_of(parent).filter(slug=slug).exists():
            ctx.progress("志愿活动", number, total)
            continue
        cover = demo_image(f"{name}活动照片", f"{name}活动现场（示意插画）")
        ensure_page(
            parent,
            ActivityPage,
            slug,
            title=f"{brigade.title}开展{name}",
            date=date,
            place=place,
            station=station,
            brigades=partners,
            turnout=turnout,
            service_hours=hours,
            lead=f"{date.month}月{date.day}日，{brigade.title}在{place}开展{name}，出动志愿者{turnout}人次。",
            search_description=f"{brigade.title}开展{name}的活动报道。",
            cover_image=cover,
            # Every third report comes with photos.
            photos=demo_photos(
                ActivityPhoto, f"{brigade.title}{name}{date:%Y%m%d}", ACTIVITY_PHOTOS
            )
            if number % 3 == 1
            else [],
            report=[
                (
                    "paragraph",
                    RichText(
                        f"<p>{date.year}年{date.month}月{date.day}日，{brigade.title}组织队员在{place}开展{name}。</p>"
                        "<p>队员们分组行动、分工明确，活动得到了周边群众的肯定。</p>"
                    ),
                )
            ],
        )
        ctx.progress("志愿活动", number, total)


def load(ctx):
    home = ctx.home()
    streets = {street.slug: street for street in Street.objects.all()}
    brands = ensure_brands()
    index, _ = ensure_page(
        home,
        VolunteerIndexPage,
        "volunteers",
        title="志愿服务",
        show_in_menus=True,
        intro="“青川老兵”“益家人”两大品牌，退役军人志愿者活跃在应急救援、反诈宣传、"
        "文明巡防、法律援助和矛盾调解一线。",
        join_intro="欢迎退役军人、军属和热心居民加入志愿服务队。请留下联系方式，"
        "所在镇街服务站的工作人员会与您联系。",
        search_description="退役军人志愿服务队、志愿活动和服务数据，在线报名加入我们。",
    )
    brigades = ensure_brigades(ctx, index, brands, streets)
    stations = ensure_stations(ctx, home, streets)
    ensure_activities(ctx, brigades, stations)
    ensure_page(
        home,
        StatsPage,
        "stats",
        title="数据看板",
        show_in_menus=False,
        intro="全区服务站、志愿服务和褒扬纪念工作的主要数据。",
        search_description="青川区退役军人服务站、志愿服务队、志愿活动和褒扬纪念数据看板。",
    )
