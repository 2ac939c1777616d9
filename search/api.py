"""GET /api/v3/search/ and /api/v3/search/suggest: the search service as JSON."""

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import service

router = Router(tags=["站内搜索"])


class HitOut(Schema):
    url: str
    title: str
    title_html: str
    snippet_html: str
    type: str
    type_label: str
    date: str | None
    street: str
    honour: str
    era: str
    image_url: str
    seconds: int | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    label: str
    values: list[FacetValueOut]


class SearchOut(Schema):
    query: str
    total: int
    page: int
    page_size: int
    num_pages: int
    hits: list[HitOut]
    facets: dict[str, FacetOut]
    filters: dict[str, str]
    suggestions: list[str]
    did_you_mean: str | None
    corrected: str | None = None
    relaxed: bool = False
    engine: str
    fallback: bool
    approximate_facets: bool
    total_capped: bool


class SearchParams(Schema):
    q: str = ""
    type: str = ""
    year: str = ""
    street: str = ""
    honour: str = ""
    era: str = ""
    page: int = 1
    page_size: int = service.PAGE_SIZE


class SuggestionOut(Schema):
    title: str
    url: str
    type: str


@router.get("/", response=SearchOut, summary="站内搜索", auth=None, url_name="search_query")
def search(request, params: Query[SearchParams]):
    """按关键词搜索已发布内容（中文分词、拼音、繁体、同义词）。结果含高亮片段
    （只有 `<mark>` 是标记，其余均已转义）、分面计数（type/year/street/honour/era，
    同名参数即筛选）、分页与“您是不是要找”。"""
    if not 1 <= params.page_size <= 50:
        raise HttpError(400, "每页条数应在 1 到 50 之间。")
    try:
        filters = service.clean_filters(params.dict())
        results = service.search(
            params.q, filters=filters, page=params.page, page_size=params.page_size
        )
    except service.SearchInputError as error:
        raise HttpError(400, str(error)) from None
    return results.as_dict()


@router.get(
    "/suggest",
    response=list[SuggestionOut],
    summary="搜索建议",
    auth=None,
    url_name="search_suggest",
)
def suggest(request, q: str = ""):
    """输入时的搜索建议：标题中以所输入词语（或拼音、首字母）开头的内容，最多 8 条。"""
    if len(q) > service.MAX_QUERY_LENGTH:
        raise HttpError(400, f"搜索词太长，请控制在 {service.MAX_QUERY_LENGTH} 个字以内。")
    return service.suggest(q)
