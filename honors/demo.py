"""Demo content for 最美退役军人 and 口述历史 (all fictional).

The videos are small files kept in ``honors/demo_media/`` (regenerate them with
``make_demo_videos.sh``); loading only copies them, so ffmpeg is not needed here.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from wagtail.models import Collection, Page
from wagtail.rich_text import RichText
from wagtailmedia.models import Media

from core.demo_helpers import demo_image, ensure_page, render_picture
from home.models import NewsPage, Street

from .demo_content import (
    ORAL_HISTORIES,
    PEOPLE,
    PROFILES,
    TEAM_MEMBERS,
    VIDEO_SECONDS,
)
from .models import (
    HonorGalleryImage,
    HonorIndexPage,
    HonorProfilePage,
    HonorRelatedStory,
    HonorTeamMember,
    HonorTitle,
    OralHistoryChapter,
    OralHistoryIndexPage,
    OralHistoryPage,
    Person,
    TranscriptSegment,
)
from .transcripts import validate_segments

MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"


def ensure_people():
    streets = {street.slug: street for street in Street.objects.all()}
    people = {}
    for (
        name,
        gender,
        birth,
        enlisted,
        discharged,
        branch,
        street,
        community,
        bio,
        phone,
        id_number,
        address,
    ) in PEOPLE:
        person = Person.objects.filter(name=name).first()
        if person is None:
            person = Person.objects.create(
                name=name,
                gender=gender,
                birth_year=birth,
                enlisted_year=enlisted,
                discharged_year=discharged,
                branch=branch,
                street=streets.get(street),
                community=community,
                bio=bio,
                phone=phone,
                id_number=id_number,
                home_address=address,
                portrait=demo_image(
                    f"{name}肖像", f"{name}的肖像（示意插画）", size=(480, 600), motif="portrait"
                ),
            )
        people[name] = person
    return people


def ensure_video(filename, title):
    video = Media.objects.filter(title=title).first()
    if video:
        return video
    video = Media(
        title=title,
        type="video",
        duration=VIDEO_SECONDS,
        width=320,
        height=180,
        collection=Collection.get_first_root_node(),
    )
    with open(MEDIA_DIR / filename, "rb") as handle:
        video.file.save(filename, File(handle), save=False)
    thumbnail = render_picture(title, size=(640, 360))
    video.thumbnail.save(f"{Path(filename).stem}.jpg", ContentFile(thumbnail), save=False)
    video.save()
    return video


def spread(lines):
    """Give each transcript line an even share of the video, with a short pause between."""
    step = Decimal(VIDEO_SECONDS - 2) / len(lines)
    segments = []
    for index, (speaker, text) in enumerate(lines):
        start = (step * index).quantize(Decimal("0.1"))
        end = (step * (index + 1) - Decimal("0.3")).quantize(Decimal("0.1"))
        segments.append(TranscriptSegment(start=start, end=end, speaker=speaker, text=text))
    return segments


def load_profiles(ctx, home, people):
    index, _ = ensure_page(
        home,
        HonorIndexPage,
        "honors",
        title="最美退役军人",
        show_in_menus=True,
        intro="历年评选出的最美退役军人、最美军嫂、最美拥军人物等先进典型，可按称号、年度、级别和镇街筛选。",
        search_description="青川区最美退役军人、最美军嫂、最美拥军人物、就业创业之星等先进典型事迹。",
    )
    titles = {title.slug: title for title in HonorTitle.objects.all()}
    stories = list(NewsPage.objects.live().order_by("-date")[:3])
    for number, (slug, name, title_slug, level, year, title, citation, story) in enumerate(
        PROFILES, start=1
    ):
        if Page.objects.child_of(index).filter(slug=slug).exists():
            ctx.progress("最美人物", number, len(PROFILES))
            continue
        is_team = titles[title_slug].is_team
        photo = (
            demo_image(f"{title}合影", f"{title}队员合影（示意插画）", size=(900, 1100))
            if is_team
            else None
        )
        page = HonorProfilePage(
            slug=slug,
            title=title,
            person=people[name] if name else None,
            honor_title=titles[title_slug],
            level=level,
            year=year,
            street=people[TEAM_MEMBERS[0][0]].street if is_team else None,
            citation=citation,
            search_description=citation,
            photo=photo,
            story=[("paragraph", RichText("".join(f"<p>{p}</p>" for p in story)))],
            gallery_images=[
                HonorGalleryImage(
                    image=demo_image(f"{title}图集{n}", f"{title}的工作场景（示意插画）"),
                    alt_text=f"{title}的工作场景示意插画{n}",
                    caption=f"{title}（示意图 {n}）",
                )
                for n in (1, 2)
            ],
            members=[
                HonorTeamMember(person=people[member], role=role)
                for member, role in (TEAM_MEMBERS if is_team else [])
            ],
            related_stories=[HonorRelatedStory(story=stories[number % len(stories)])]
            if stories
            else [],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        ctx.progress("最美人物", number, len(PROFILES))


def load_oral_histories(ctx, home, people):
    index, _ = ensure_page(
        home,
        OralHistoryIndexPage,
        "oral-history",
        title="口述历史",
        show_in_menus=True,
        intro="老兵亲口讲述的历史：抗美援朝、对越自卫反击战、抢险救灾与守岛戍边。视频配有字幕和可下载的文字稿，供学校和社区使用。",
        search_description="青川区退役军人口述历史影像：抗美援朝老战士、对越自卫反击战老兵等亲历者讲述，配字幕与文字稿。",
    )
    for number, (
        slug,
        title,
        name,
        era,
        recorded,
        place,
        summary,
        filename,
        chapters,
        lines,
    ) in enumerate(ORAL_HISTORIES, start=1):
        if Page.objects.child_of(index).filter(slug=slug).exists():
            ctx.progress("口述历史", number, len(ORAL_HISTORIES))
            continue
        segments = spread(lines)
        problems = validate_segments(segments, VIDEO_SECONDS)
        if problems:
            raise ValueError(f"演示文字稿时间有误：{problems}")
        page = OralHistoryPage(
            slug=slug,
            title=title,
            interviewee=people[name],
            era=era,
            recorded_date=datetime.date.fromisoformat(recorded),
            recorded_place=place,
            summary=summary,
            search_description=summary,
            video=ensure_video(filename, f"口述历史：{title}"),
            poster_image=demo_image(f"{title}封面帧", f"口述历史《{title}》视频封面（示意插画）"),
            chapters=[OralHistoryChapter(start=start, title=text) for start, text in chapters],
            segments=segments,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        ctx.progress("口述历史", number, len(ORAL_HISTORIES))


def load(ctx):
    home = ctx.home()
    people = ensure_people()
    load_profiles(ctx, home, people)
    load_oral_histories(ctx, home, people)
