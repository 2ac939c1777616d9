"""Admin for the memorial: campaigns and the sensitive-word list as snippets, the
message moderation queue with its menu item, audit-log actions and dashboard panel."""

from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_views import SingleViewViewSet

from . import moderation
from .models import Campaign, MartyrPage, SensitiveWord, TributeCount
from .templatetags.memorial_tags import campaign_banner


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "date"
    menu_label = "祭扫活动"
    list_display = ["title", "start_date", "end_date"]
    ordering = ["-start_date"]


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = "敏感词"
    list_display = ["word", "action", "note", "updated_at"]
    list_filter = ["action"]
    search_fields = ["word", "note"]


class MemorialSnippets(SnippetViewSetGroup):
    items = (CampaignViewSet, SensitiveWordViewSet)
    menu_icon = "pick"
    menu_label = "英烈纪念"
    menu_name = "memorial"
    menu_order = 290


register_snippet(MemorialSnippets)


class ModerationViewSet(SingleViewViewSet):
    name = "memorial_moderation"
    icon = "comment"
    menu_label = "留言审核"
    menu_order = 291
    add_to_admin_menu = True
    view = moderation.queue
    can_open = staticmethod(moderation.can_moderate)


@hooks.register("register_admin_viewset")
def register_moderation():
    return ModerationViewSet()


class PendingMessagesPanel(Component):
    """Dashboard panel: how many messages wait, with a link to the queue."""

    name = "memorial_pending_messages"
    template_name = "memorial/admin/pending_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        return {"pending": moderation.pending_count(), "url": reverse("memorial_moderation:index")}


@hooks.register("construct_homepage_panels")
def add_pending_panel(request, panels):
    if moderation.can_moderate(request.user):
        panels.append(PendingMessagesPanel())


@hooks.register("register_log_actions")
def register_memorial_log_actions(actions):
    actions.register_action("memorial.message.approve", "通过留言", "留言审核通过")
    actions.register_action("memorial.message.reject", "驳回留言", "留言审核未通过")


@hooks.register("register_stats_figures", order=20)
def memorial_stats_figures():
    """Martyrs visitors can open, and the tributes paid on their pages."""
    martyrs = MartyrPage.objects.live().public()
    tributes = TributeCount.objects.filter(martyr__in=martyrs).aggregate(total=Sum("count"))
    return [
        {"key": "martyrs", "label": "英烈", "count": martyrs.count()},
        {"key": "tributes", "label": "网上祭扫", "count": tributes["total"] or 0},
    ]


@hooks.register("template_slot_home_banner")
def campaign_banner_on_home(context):
    """The active campaign with its live totals, above the home page's section links."""
    data = campaign_banner(context)
    return render_to_string(
        "memorial/includes/campaign_banner.html", data, request=context.get("request")
    )
