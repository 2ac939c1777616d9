from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Street


class StreetViewSet(SnippetViewSet):
    model = Street
    icon = "site"
    menu_label = "镇街"
    list_display = ["name", "kind", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(StreetViewSet)
