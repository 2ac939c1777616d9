"""What a front end reads in one request: cards, the navigation tree, stations as
GeoJSON, and ``?expand=breadcrumbs,navigation,children`` on page detail (Plone-style).

Cards have one shape for every page type (title, summary, image rendition with alt,
date, addresses), built here rather than in each model's ``api_fields``, so lists,
children and the decoupled clients read the same fields whatever the page type.
Everything here is public: live pages without view restrictions only, and no phone
number, ID number or home address of anyone (station addresses are public; a
station's phone is left out as well, it is on the station's own page).
"""

import functools
import json
from collections import defaultdict
from typing import Literal

from django.db import connection
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.routers.pages import PageTypeLiteral
from wagtail.models import Page, Site

router = Router(tags=["前端读取"])

CARD_RENDITION = "fill-640x360"
EXPANSIONS = ("breadcrumbs", "navigation", "children")
MAX_NAV_DEPTH = 4
CHILDREN_MAX = 20


class CardImage(Schema):
    url: str
    alt: str
    width: int
    height: int


class Card(Schema):
    id: int
    type: str = Field(description="页面类型，如 home.NewsPage")
    title: str
    summary: str = Field(description="导语、摘要或推荐语（纯文本）")
    image: CardImage | None = Field(description=f"卡片图（{CARD_RENDITION}），没有则为 null")
    date: str | None = Field(description="发布日期或录制日期（YYYY-MM-DD）")
    url: str | None = Field(description="页面网址（站内路径）")
    detail_url: str = Field(description="本页在接口中的地址")


class NavItem(Schema):
    id: int
    title: str
    url: str | None
    children: list["NavItem"] = []


NavItem.model_rebuild()


class Crumb(Schema):
    id: int
    title: str
    url: str | None


class CardFilters(Schema):
    child_of: int | None = Field(None, ge=1, le=2**31 - 1, description="只列出这一页的子页面")
    type: PageTypeLiteral | None = Field(None, description="只列出这一类页面")


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else Page.objects.get(depth=1)


def public_pages():
    return Page.objects.live().public()


def _image_relations(model):
    """What a card shows, as the page type declares it for search (``search_document``):
    its own picture, else its person's portrait (``photo``, ``person__portrait``)."""
    fields = getattr(model, "search_document", None)
    if fields is None:
        return []
    found = [fields.image] if fields.image else []
    if fields.person:
        found.append(f"{fields.person}__portrait")
    return found


def _resolve(page, lookup):
    value = page
    for name in lookup.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _card_image(page, relations):
    for lookup in relations:
        image = _resolve(page, lookup)
        if image is not None:
            rendition = image.get_rendition(CARD_RENDITION)
            alt = getattr(page, "display_image_alt", "") or image.default_alt_text or page.title
            return {
                "url": rendition.url,
                "alt": alt,
                "width": rendition.width,
                "height": rendition.height,
            }
    return None


def _declared(page, name):
    fields = getattr(page, "search_document", None)
    field = getattr(fields, name, "") if fields else ""
    return getattr(page, field, None) if field else None


def _summary(page):
    """The page type's own short text (lead, intro, citation…), else its description."""
    value = _declared(page, "summary")
    return value if isinstance(value, str) and value else page.search_description or ""


def _date(page):
    value = _declared(page, "date")
    if value:
        return value.isoformat()
    if page.first_published_at is None:
        return None
    return timezone.localdate(page.first_published_at).isoformat()


def _detail_url(page_id):
    return reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page_id})


def cards(request, pages):
    """Cards for ``pages`` (base or specific), in their order, with a few queries per
    page type however many pages there are (images and renditions prefetched)."""
    pages = list(pages)
    if pages and type(pages[0]) is Page:
        specific = {
            page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()
        }
        pages = [specific[page.pk] for page in pages if page.pk in specific]
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    relations = {}
    for model, items in by_model.items():
        relations[model] = _image_relations(model)
        lookups = [f"{lookup}__renditions" for lookup in relations[model]]
        if lookups:
            prefetch_related_objects(items, *lookups)
    return [
        {
            "id": page.pk,
            "type": page._meta.label,
            "title": page.title,
            "summary": _summary(page),
            "image": _card_image(page, relations[type(page)]),
            "date": _date(page),
            "url": page.get_url(request),
            "detail_url": _detail_url(page.pk),
        }
        for page in pages
    ]


def navigation_tree(request, depth):
    """The menu below the site root, ``depth`` levels deep, in one query."""
    root = site_root(request)
    pages = (
        public_pages()
        .descendant_of(root)
        .filter(depth__lte=root.depth + depth)
        .in_menu()
        .only("id", "title", "path", "depth", "url_path", "slug", "locale_id")
        .order_by("path")
    )
    items_by_path, top = {}, []
    for page in pages:
        item = {"id": page.pk, "title": page.title, "url": page.get_url(request), "children": []}
        items_by_path[page.path] = item
        parent = items_by_path.get(page.path[: -Page.steplen])
        if page.depth == root.depth + 1:
            top.append(item)
        elif parent is not None:
            parent["children"].append(item)
        # A page whose parent is left out of the menu is left out with it.
    return top


def breadcrumbs(request, page):
    root = site_root(request)
    trail = Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=root.depth)
    trail = trail.only("id", "title", "path", "depth", "url_path", "slug", "locale_id")
    return [
        {"id": p.pk, "title": p.title, "url": p.get_url(request)} for p in trail.order_by("path")
    ]


def children(request, page):
    listed = public_pages().child_of(page).order_by("path")
    count = listed.count()
    return {"count": count, "items": cards(request, listed.specific()[:CHILDREN_MAX])}


def parse_expand(request):
    """The expansions asked for; a Chinese 422 naming the parameter for any other value."""
    asked = []
    for value in request.GET.getlist("expand"):
        asked += [part.strip() for part in value.split(",") if part.strip()]
    if any(name not in EXPANSIONS for name in asked):
        message = f"取值应为以下之一：{'、'.join(EXPANSIONS)}（用逗号分隔）。"
        raise as_validation_error(ValueError(message), message, loc=("query", "expand"))
    return [name for name in EXPANSIONS if name in asked]


def expansions(request, page, asked):
    builders = {
        "breadcrumbs": lambda: breadcrumbs(request, page),
        "navigation": lambda: navigation_tree(request, 1),
        "children": lambda: children(request, page),
    }
    return {name: builders[name]() for name in asked}


def install_expand(api):
    """``?expand=`` on ``GET /pages/{id}/``: the page as Wagtail serialises it, plus an
    ``expanded`` object with what was asked for (added by ``add_expansions`` once the
    API has written its answer)."""
    for _prefix, router_ in api._routers:
        for path_view in router_.path_operations.values():
            for operation in path_view.operations:
                if operation.operation_id == "pages_detail":
                    operation.view_func = _expanding(operation.view_func)


# Relations never read by a page's API fields: left out of the one query that loads it.
UNREAD_MODELS = {
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "auth.User",
    "contenttypes.ContentType",
}


@functools.cache
def related_paths(model):
    """Forward one-to-one/many-to-one relations of ``model``'s own fields and of theirs
    (``person``, ``person__portrait``…), so a page and what its API fields read come in
    one query instead of one query per relation."""
    own = {field.name for field in Page._meta.concrete_fields}
    paths = []
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.name in own:
            continue
        if field.related_model._meta.label in UNREAD_MODELS:
            continue
        paths.append(field.name)
        for inner in field.related_model._meta.concrete_fields:
            if inner.is_relation and inner.related_model._meta.label not in UNREAD_MODELS:
                if inner.related_model._meta.label != "wagtailcore.Collection":
                    paths.append(f"{field.name}__{inner.name}")
    return tuple(paths)


def _expanding(view):
    @functools.wraps(view)
    def expanding(request, page_id, version="live", **values):
        asked = parse_expand(request)
        if version == "draft" and request.user.is_authenticated:
            page = view(request, page_id=page_id, version=version, **values)
        else:
            page = _live_page(request, page_id)
        if asked:
            request._api_expand = (page, asked)
        return page

    return expanding


def _live_page(request, page_id):
    """What Wagtail's detail view returns for a live page, with its relations loaded."""
    if not request.user.is_authenticated:
        return _public_page(request, page_id)
    from wagtail.api.v3.querysets import get_pages_queryset

    base = get_object_or_404(get_pages_queryset(request), pk=page_id)
    model = base.specific_class
    if model is None or model is Page:
        return base.specific
    return model.objects.select_related("locale", *related_paths(model)).get(pk=base.pk)


# Page id -> content type id, remembered by this process: a page keeps its type for
# life, so a page already seen is loaded in one query (its type is checked in it).
_page_types = {}
PAGE_TYPES_KEPT = 50_000


def _public_page(request, page_id):
    """The live public page ``page_id`` in its specific type, with what its API fields
    read (relations, tags, parent) loaded in as few queries as possible; else 404."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.api.v3.querysets import get_pages_queryset

    type_id = _page_types.get(page_id)
    known = type_id is not None
    if not known:
        found = get_pages_queryset(request).filter(pk=page_id).values_list("content_type_id")
        type_id = get_object_or_404(found)[0]
    model = ContentType.objects.get_for_id(type_id).model_class()
    if model is None:
        _page_types.pop(page_id, None)
        base = get_object_or_404(get_pages_queryset(request), pk=page_id)
        return base.specific
    pages = get_pages_queryset(request, model).select_related(None)
    pages = pages.select_related("locale", *related_paths(model))
    if connection.vendor == "postgresql":
        pages = pages.annotate(**_tags_arrays(model))
    try:
        page = pages.get(pk=page_id, content_type_id=type_id)
    except model.DoesNotExist:
        if not known:
            raise Http404 from None
        # Unpublished or restricted since (or a stale type): ask afresh.
        _page_types.pop(page_id, None)
        return _public_page(request, page_id)
    if not known:
        if len(_page_types) >= PAGE_TYPES_KEPT:
            _page_types.clear()
        _page_types[page_id] = type_id
    _load_tags(page)
    _load_parent(page)
    return page


@functools.cache
def _tag_fields(model):
    """Names of ``model``'s tag fields that its API fields read."""
    from taggit.managers import TaggableManager

    named = {field.name for field in getattr(model, "api_fields", None) or ()}
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, TaggableManager) and field.name in named
    )


@functools.cache
def _tags_arrays(model):
    """PostgreSQL: each tag field's tags as an array in the page's own query, in the
    order the tag manager reads them (``{"api_tags_<field>": ArraySubquery}``; built
    once: a query resolves its own copy of each expression)."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef
    from django.db.models.functions import JSONObject

    arrays = {}
    for name in _tag_fields(model):
        through = model._meta.get_field(name).through
        tag_model, related = through.tag_model(), through.tag.field.related_query_name()
        columns = {field.attname: field.attname for field in tag_model._meta.concrete_fields}
        tags = tag_model.objects.filter(**{f"{related}__content_object": OuterRef("pk")})
        tags = tags.order_by(f"{related}__pk").values(json=JSONObject(**columns))
        arrays[f"api_tags_{name}"] = ArraySubquery(tags)
    return arrays


def _load_tags(page):
    """Each tag field read once: its API field (``values_list``) and properties built
    on it (``tag_names``) then read the same tags instead of one query each."""
    from modelcluster.queryset import FakeQuerySet

    for name in _tag_fields(type(page)):
        manager = getattr(page, name)
        tag_model = manager.through.tag_model()
        rows = page.__dict__.pop(f"api_tags_{name}", None)
        if rows is None:
            tags = list(manager.all())
        else:
            db = page._state.db
            tags = [tag_model.from_db(db, list(row), list(row.values())) for row in rows]
        cache = page.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[name] = FakeQuerySet(tag_model, tags)


def _load_parent(page):
    """``meta.parent`` from the shared cache: a page's parent (its title, type and
    address) changes only with a publish, a move or a purge, which retire it."""
    from core.page_cache import content_cached

    if page.depth <= 1:
        return
    path = page.path[: -Page.steplen]
    page._cached_parent_obj = content_cached(
        f"api-parent:{path}", lambda: Page.objects.get(path=path)
    )


def add_expansions(request, response):
    """Called by ``api_http.APIHttpMiddleware`` on every API answer."""
    expand = getattr(request, "_api_expand", None)
    if expand is None or response.status_code != 200:
        return response
    page, asked = expand
    data = json.loads(response.content)
    data["expanded"] = expansions(request, page, asked)
    response.content = json.dumps(data, ensure_ascii=False).encode()
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


def document_expand(schema):
    """OpenAPI: the ``expand`` parameter of page detail and its 422."""
    detail = schema["paths"].get("/api/v3/pages/{page_id}/", {}).get("get")
    if detail is None:
        return schema
    detail.setdefault("parameters", []).append(
        {
            "name": "expand",
            "in": "query",
            "required": False,
            "description": (
                "一次取回前端需要的相关内容，逗号分隔：breadcrumbs（面包屑，站点首页以下的各级页面）、"
                "navigation（一级栏目）、children（已发布的公开子页面卡片，最多 20 个，另给总数）。"
                "结果在响应的 expanded 对象中；其他取值返回 422。"
            ),
            "schema": {"type": "string", "example": "breadcrumbs,navigation,children"},
        }
    )
    responses = detail.setdefault("responses", {})
    # openapi.document keys statuses by int: a "422" string beside 422 would be the same
    # key twice in the JSON, which Swagger UI's parser refuses.
    if 422 not in responses and "422" not in responses:
        responses[422] = {
            "description": "参数不符合要求（如 expand 取值未知）",
            "content": {"application/problem+json": {"schema": {"type": "object"}}},
        }
    return schema


class NavigationOut(Schema):
    depth: int
    items: list[NavItem]


@router.get(
    "/navigation/",
    response=NavigationOut,
    auth=None,
    summary="导航树（站点首页以下的菜单页面）",
    operation_id="reads_navigation",
)
def navigation(
    request,
    depth: int = Query(2, ge=1, le=MAX_NAV_DEPTH, description=f"层数，1–{MAX_NAV_DEPTH}，默认 2"),
):
    """在菜单中显示（show_in_menus）、已发布且公开的页面，按后台排列顺序；一次查询取出。"""
    return {"depth": depth, "items": navigation_tree(request, depth)}


@router.get(
    "/cards/",
    response=list[Card],
    auth=None,
    summary="页面卡片列表（标题、摘要、图片、日期、网址）",
    operation_id="reads_cards",
)
@paginate(WagtailLimitOffsetPagination)
def card_list(request, filters: CardFilters = Query(...)):  # noqa: B008
    """任何类型的已发布公开页面都给出同一形状的卡片，供列表、首页推荐、小程序使用。"""
    from wagtail.coreutils import resolve_model_string

    pages = public_pages().order_by("path")
    if filters.type:
        pages = resolve_model_string(filters.type).objects.live().public().order_by("path")
    if filters.child_of:
        parent = public_pages().filter(pk=filters.child_of).first()
        if parent is None:
            return []
        pages = pages.child_of(parent)
    else:
        pages = pages.filter(depth__gt=1)
    return _CardQuerySet(request, pages)


class _CardQuerySet:
    """A page queryset that the paginator slices, turned into cards only for the slice."""

    def __init__(self, request, pages):
        self.request, self.pages = request, pages

    def count(self):
        return self.pages.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        chosen = self.pages[window]
        if not isinstance(window, slice):
            return cards(self.request, [chosen])[0]
        return cards(self.request, chosen.specific() if chosen.model is Page else chosen)


class StationProperties(Schema):
    id: int
    name: str
    level: str
    level_label: str
    street: str
    community: str
    address: str = Field(description="服务站的办公地址（公开）")
    opening_hours: str
    url: str | None
    detail_url: str


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[经度, 纬度]（WGS84）")


class StationFeature(Schema):
    type: Literal["Feature"]
    id: int
    geometry: PointGeometry
    properties: StationProperties


class StationCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[StationFeature]


@router.get(
    "/stations/geojson",
    response=StationCollection,
    auth=None,
    summary="服务站地图数据（GeoJSON）",
    operation_id="reads_stations_geojson",
)
def stations_geojson(
    request,
    level: Literal["district", "street", "community"] | None = Query(
        None, description="district 区中心 / street 镇街 / community 村社"
    ),
):
    """已发布的服务站（有坐标的），每站一个 Point：名称、层级、服务站地址、开放时间和网址。
    不含任何电话号码或个人信息。"""
    from volunteers.models import StationPage

    stations = (
        StationPage.objects.live()
        .public()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("street")
        .order_by("path")
    )
    if level:
        stations = stations.filter(level=level)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": station.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(station.longitude), float(station.latitude)],
                },
                "properties": {
                    "id": station.pk,
                    "name": station.title,
                    "level": station.level,
                    "level_label": station.get_level_display(),
                    "street": station.street.name if station.street else "",
                    "community": station.community,
                    "address": station.address,
                    "opening_hours": station.opening_hours,
                    "url": station.get_url(request),
                    "detail_url": _detail_url(station.pk),
                },
            }
            for station in stations
        ],
    }
