from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import HonorProfilePage, HonorTitle, OralHistoryPage, Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "人物"
    list_display = ["name", "gender", "birth_year", "branch", "street"]
    list_filter = ["gender", "branch", "street"]
    ordering = ["name"]


class HonorTitleViewSet(SnippetViewSet):
    model = HonorTitle
    icon = "pick"
    menu_label = "荣誉称号"
    list_display = ["name", "is_team", "sort_order"]
    ordering = ["sort_order", "name"]


class HonorsViewSetGroup(SnippetViewSetGroup):
    items = (PersonViewSet, HonorTitleViewSet)
    menu_icon = "group"
    menu_label = "人物与称号"
    menu_name = "honors-people"


register_snippet(HonorsViewSetGroup)


@hooks.register("register_stats_figures", order=10)
def honours_stats_figures():
    return [
        {
            "key": "profiles",
            "label": "最美人物",
            "count": HonorProfilePage.objects.live().public().count(),
        },
        {
            "key": "oral_histories",
            "label": "口述历史",
            "count": OralHistoryPage.objects.live().public().count(),
        },
    ]
