from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_page_models
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Street
from .slugs import needs_pinyin, pinyin_slug, unique_among_siblings


class StreetViewSet(SnippetViewSet):
    model = Street
    icon = "site"
    menu_label = "镇街"
    list_display = ["name", "kind", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(StreetViewSet)


def _pinyin_slug_in_post(request, parent, page=None):
    """Replace a Chinese or empty slug in the submitted form by the title's pinyin."""
    if request.method != "POST":
        return
    slug = request.POST.get("slug", "")
    if not needs_pinyin(slug):
        return
    readable = pinyin_slug(request.POST.get("title", ""))
    if not readable:
        return  # a title with nothing to read: let the form say what is missing
    data = request.POST.copy()
    data["slug"] = unique_among_siblings(readable, parent, page)
    request.POST = data


@hooks.register("before_create_page")
def pinyin_slug_on_create(request, parent_page, page_class):
    _pinyin_slug_in_post(request, parent_page)


@hooks.register("before_edit_page")
def pinyin_slug_on_edit(request, page):
    _pinyin_slug_in_post(request, page.get_parent(), page)


def creatable_page_types(user):
    """For each page type this user may create somewhere: its name and the add form
    under the first section that takes it (新建工作动态 → the news section)."""
    items = []
    for model in get_page_models():
        if model is Page or not model.is_creatable:
            continue
        parents = Page.objects.type(*model.allowed_parent_page_models()).order_by("path")
        for parent in parents.specific():
            if model.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage():
                meta = model._meta
                url = reverse(
                    "wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]
                )
                items.append({"label": meta.verbose_name, "url": url, "model": meta.label_lower})
                break
    return items


class StartPanel(Component):
    """Dashboard: what was sent back to me, and one click to start each kind of page."""

    name = "home_start"
    template_name = "home/admin/start_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        returned = (
            WorkflowState.objects.filter(
                requested_by=self.user, status=WorkflowState.STATUS_NEEDS_CHANGES
            )
            .select_related("content_type")
            .order_by("-created_at")[:10]
        )
        return {"creatable": creatable_page_types(self.user), "returned": list(returned)}


@hooks.register("construct_homepage_panels")
def add_start_panel(request, panels):
    panels.insert(0, StartPanel(request.user))


@hooks.register("construct_page_action_menu")
def safe_action_first_under_review(menu_items, request, context):
    """While a page is under review its editor's main button was 取消工作流, one click
    away from throwing the review away: 保存草稿 (or, while reviewers hold the page,
    the disabled 页面已锁定) becomes the main button, 取消工作流 moves into the menu."""
    names = [item.name for item in menu_items]
    if names[:1] != ["action-cancel-workflow"]:
        return
    # The page may be locked while reviewers work on it: then the main "button" says so.
    for safe in ("action-save-draft", "action-page-locked"):
        if safe in names:
            menu_items.insert(0, menu_items.pop(names.index(safe)))
            return
