"""Admin for search: the synonym list (editors) and the indexing queue (superusers)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_views import SingleViewViewSet

from . import queue_admin
from .models import NameReading, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "搜索同义词"
    add_to_settings_menu = True
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


class NameReadingViewSet(SnippetViewSet):
    model = NameReading
    icon = "search"
    menu_label = "姓名读音"
    add_to_settings_menu = True
    list_display = ["word", "pinyin", "note"]
    search_fields = ["word", "pinyin"]


register_snippet(NameReadingViewSet)


class SearchQueueViewSet(SingleViewViewSet):
    name = "search_queue"
    icon = "search"
    menu_label = "搜索索引队列"
    add_to_settings_menu = True
    view = queue_admin.queue
    can_open = staticmethod(queue_admin.can_see)


@hooks.register("register_admin_viewset")
def register_search_queue():
    return SearchQueueViewSet()


class FailingQueuePanel(Component):
    """Dashboard warning, shown only while index updates keep failing."""

    name = "search_queue_failing"
    template_name = "search/admin/queue_panel.html"
    order = 160

    def __init__(self, failing):
        self.failing = failing

    def get_context_data(self, parent_context):
        return {"failing": self.failing, "url": reverse("search_queue:index")}


@hooks.register("construct_homepage_panels")
def add_failing_queue_panel(request, panels):
    if queue_admin.can_see(request.user):
        failing = queue_admin.summary()["failing"]
        if failing:
            panels.append(FailingQueuePanel(failing))
