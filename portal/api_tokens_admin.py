"""Wagtail's API token admin with two more fields: scopes and expiry."""

from datetime import datetime, time

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.users.utils import user_can_manage_token
from wagtail.users.views import api_tokens as wagtail_views

from .api_tokens import SCOPES, create_token, default_expiry, scopes_of


class ScopedAPITokenForm(wagtail_views.APITokenForm):
    scopes = forms.MultipleChoiceField(
        label="权限范围",
        choices=list(SCOPES.items()),
        initial=["read"],
        widget=forms.CheckboxSelectMultiple,
        help_text="只勾选这个令牌要做的事；令牌同时受其所属用户在后台的权限限制。",
        error_messages={"required": "请至少选择一项权限范围。"},
    )
    expires_on = forms.DateField(
        label="到期日期",
        required=False,
        help_text="到期当天结束后令牌失效。留空表示永不过期（不建议）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "名称"
        self.fields["user"].label = "用户"
        self.fields["expires_on"].initial = timezone.localdate(default_expiry())

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day and day < timezone.localdate():
            raise forms.ValidationError("到期日期不能早于今天。")
        return day

    def expires_at(self):
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max))


class CreateView(wagtail_views.CreateView):
    def form_valid(self, form):
        owner = form.cleaned_data["user"]
        if not user_can_manage_token(self.request.user, owner, "wagtailcore.add_apitoken"):
            raise PermissionDenied
        self.object, plaintext = create_token(
            user=owner,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
        )
        log(self.object, "wagtail.apitoken.create", user=self.request.user)
        return TemplateResponse(
            self.request,
            "wagtailusers/api_tokens/created.html",
            self.get_created_context(plaintext),
        )


def _scope_labels(token):
    return "、".join(
        SCOPES[scope].split("（")[0] for scope in SCOPES if scope in scopes_of(token)[0]
    )


def _expiry(token):
    expires_at = scopes_of(token)[1]
    if expires_at is None:
        return "永不过期"
    text = f"{timezone.localtime(expires_at):%Y-%m-%d}"
    return f"{text}（已过期）" if expires_at <= timezone.now() else text


class IndexView(wagtail_views.IndexView):
    @cached_property
    def columns(self):
        return [
            *super().columns,
            Column("scopes", label="权限范围", accessor=_scope_labels),
            Column("expires", label="到期", accessor=_expiry),
        ]

    def get_queryset(self):
        return super().get_queryset().select_related("grant")


class ScopedAPITokenViewSet(wagtail_views.APITokenViewSet):
    menu_name = "portal_api_tokens"
    menu_label = "接口令牌"
    index_view_class = IndexView
    add_view_class = CreateView

    def get_form_class(self, for_update=False):
        if for_update:
            return super().get_form_class(for_update=True)
        return ScopedAPITokenForm
