"""Fixtures for the search tests: engine selection, fresh outage state, page helpers."""

import datetime
import os

import pytest

from search import service

ES_SKIP_REASON = (
    "未设置 ELASTICSEARCH_URL：本机无法安装 Elasticsearch 服务，契约测试仅在数据库引擎上运行"
)
CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _fresh_engine_state():
    """Every test starts with no remembered outage and no cached client."""
    service.elastic_state.succeeded()
    service._elastic = None
    yield
    service.elastic_state.down_since = None
    service.elastic_state.retry_at = 0.0
    service._elastic = None


@pytest.fixture
def database_engine(settings):
    settings.ELASTICSEARCH_URL = ""
    return "database"


@pytest.fixture
def elasticsearch_down(settings):
    """ELASTICSEARCH_URL pointing at a closed local port."""
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    return CLOSED_PORT


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings, django_capture_on_commit_callbacks):
    """Each engine the contract suite runs on; Elasticsearch only where a cluster is set."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        url = os.environ.get("ELASTICSEARCH_URL", "")
        if not url:
            pytest.skip(ES_SKIP_REASON)
        settings.ELASTICSEARCH_URL = url
        from search.indexing import rebuild

        rebuild(engines=[service.elastic_engine()])
    return request.param


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a new page under ``parent`` and apply the index change as after commit."""

    def _publish(parent, page):
        with django_capture_on_commit_callbacks(execute=True):
            parent.add_child(instance=page)
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return _publish


@pytest.fixture
def news_index(db):
    from home.models import NewsIndexPage

    return NewsIndexPage.objects.get()


def new_news(title, lead):
    """An unsaved 工作动态 story with a slug derived from its title."""
    from home.models import NewsPage

    return NewsPage(
        title=title,
        slug=f"idx-{abs(hash(title)) % 10**8}",
        lead=lead,
        date=datetime.date(2026, 2, 1),
        body=[],
    )
