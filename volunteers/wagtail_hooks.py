"""Admin: volunteer brands and the 加入我们 applications (listed, filtered, exported)."""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import JoinApplication, VolunteerBrand


class VolunteerBrandViewSet(SnippetViewSet):
    model = VolunteerBrand
    icon = "group"
    menu_label = "志愿服务品牌"
    list_display = ["name", "slogan"]
    search_fields = ["name"]


class StaffOnlyChooserMixin:
    """Snippet choosers are open to every admin user; this one lists applicants' names,
    so it opens only for staff who may see the applications themselves."""

    def dispatch(self, request, *args, **kwargs):
        policy = self.model_class.snippet_viewset.permission_policy
        if not policy.user_has_any_permission(request.user, ["view", "change", "delete"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class JoinApplicationChooseView(StaffOnlyChooserMixin, ChooseView):
    pass


class JoinApplicationChooseResultsView(StaffOnlyChooserMixin, ChooseResultsView):
    pass


class JoinApplicationChosenView(StaffOnlyChooserMixin, SnippetChosenView):
    pass


class JoinApplicationChosenMultipleView(StaffOnlyChooserMixin, SnippetChosenMultipleView):
    pass


class JoinApplicationChooserViewSet(SnippetChooserViewSet):
    choose_view_class = JoinApplicationChooseView
    choose_results_view_class = JoinApplicationChooseResultsView
    chosen_view_class = JoinApplicationChosenView
    chosen_multiple_view_class = JoinApplicationChosenMultipleView


class JoinApplicationViewSet(SnippetViewSet):
    """Staff read applications here and export them as CSV/XLSX; nothing is public.

    Exported names are written as plain text (core/exports.py covers every export).
    """

    model = JoinApplication
    chooser_viewset_class = JoinApplicationChooserViewSet
    icon = "form"
    menu_label = "入队申请"
    list_display = ["name", "phone", "speciality", "street", "created_at", "contacted"]
    list_filter = ["speciality", "street", "contacted"]
    list_export = ["name", "phone", "speciality", "street", "consent", "contacted", "created_at"]
    export_headings = {
        "name": "姓名",
        "phone": "联系电话",
        "speciality": "意向服务专长",
        "street": "所在镇街",
        "consent": "同意个人信息使用",
        "contacted": "已联系",
        "created_at": "提交时间",
    }
    export_filename = "volunteer-applications"
    ordering = ["-created_at"]
    copy_view_enabled = False


class VolunteersGroup(SnippetViewSetGroup):
    items = (VolunteerBrandViewSet, JoinApplicationViewSet)
    menu_icon = "group"
    menu_label = "志愿服务"
    menu_name = "volunteers"


register_snippet(VolunteersGroup)
