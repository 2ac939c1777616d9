"""Admin: volunteer brands and the 加入我们 applications (listed, filtered, exported)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .models import JoinApplication, VolunteerBrand


class VolunteerBrandViewSet(SnippetViewSet):
    model = VolunteerBrand
    icon = "group"
    menu_label = "志愿服务品牌"
    list_display = ["name", "slogan"]
    search_fields = ["name"]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class JoinApplicationIndexView(IndexView):
    """CSV cells a visitor typed are never read as spreadsheet formulas.

    A name like ``=HYPERLINK(...)`` would run when staff open the export in Excel or
    WPS; such cells start with an apostrophe, which spreadsheets show as plain text.
    (The XLSX export already stores every cell as a string.)
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            if value.startswith(FORMULA_STARTS):
                return "'" + value
        return value


class JoinApplicationViewSet(SnippetViewSet):
    """Staff read applications here and export them as CSV/XLSX; nothing is public."""

    model = JoinApplication
    index_view_class = JoinApplicationIndexView
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
