"""Scoped, expiring API tokens on top of Wagtail's bearer tokens.

A request must pass both the token's scopes and its user's Wagtail permissions. The
scope an operation needs is looked up by its OpenAPI operation id, so a new write
operation is refused to every token until it is given a scope here.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from .models import APITokenGrant

SCOPES = {
    "read": "读取（草稿、修订版本、图片与文件、站点信息）",
    "write": "编辑（创建、修改、复制、移动页面，回退版本，管理跳转）",
    "publish": "发布（发布、下线、删除页面）",
    "upload": "上传（上传、修改、删除图片与文件）",
}
DEFAULT_DAYS = 90

WRITE_OPERATIONS = {
    "write": {
        "pages_create",
        "pages_update",
        "pages_actions_copy",
        "pages_actions_move",
        "pages_actions_create_alias",
        "pages_actions_convert_alias",
        "pages_actions_revert",
        "pages_actions_copy_for_translation",
        "redirects_create",
        "redirects_update",
        "redirects_delete",
        "workflow_submit",
    },
    "publish": {
        "pages_actions_publish",
        "pages_actions_unpublish",
        "pages_delete",
        "pages_actions_delete",
        # Reviewing: the last approval publishes the page.
        "workflow_approve",
        "workflow_reject",
    },
    "upload": {
        "images_create",
        "images_update",
        "images_delete",
        "documents_create",
        "documents_update",
        "documents_delete",
        "videos_create",
    },
}
# Saving a page with ``"meta": {"action": "publish"}`` publishes it as well.
PUBLISHES_ON_SAVE = {"pages_create", "pages_update"}


class TokenScopeDenied(PermissionDenied):
    """The token was not created for this kind of operation."""


def required_scope(operation):
    if set(operation.methods) <= {"GET", "HEAD", "OPTIONS"}:
        return "read"
    for scope, operation_ids in WRITE_OPERATIONS.items():
        if operation.operation_id in operation_ids:
            return scope
    return None  # no token may do it


def scopes_of(token):
    try:
        grant = token.grant
    except APITokenGrant.DoesNotExist:
        return frozenset({"read"}), None
    return grant.scope_set, grant.expires_at


def denial(scope):
    if scope is None:
        return "此操作不能通过接口令牌执行，请在管理后台完成。"
    return (
        f"此接口令牌没有“{SCOPES[scope].split('（')[0]}”权限（{scope}）。"
        "请使用带该权限的令牌，或请管理员在后台“设置 → 接口令牌”中新建。"
    )


def require_scope(request, scope):
    """Raise TokenScopeDenied unless the request's token carries ``scope``."""
    token = getattr(request, "auth", None)
    if isinstance(token, APIToken) and scope not in scopes_of(token)[0]:
        raise TokenScopeDenied(denial(scope))


class ScopedBearerTokenAuth(BearerTokenAuth):
    """Wagtail's bearer token, refused once expired and limited to its scopes.

    An expired token counts as no token: public reads answer as for anyone, the rest
    401. On public reads a token without ``read`` also counts as none.
    """

    def __init__(self, scope, public=False):
        super().__init__()
        self.scope = scope
        self.public = public

    def authenticate(self, request, token):
        api_token = super().authenticate(request, token)
        if api_token is None:
            return None
        scopes, expires_at = scopes_of(api_token)
        if expires_at is not None and expires_at <= timezone.now():
            return self._anonymous(request)
        if self.scope not in scopes:
            if self.public:
                return self._anonymous(request)
            raise TokenScopeDenied(denial(self.scope))
        return api_token

    @staticmethod
    def _anonymous(request):
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        return None


def create_token(*, user, name, scopes, expires_at):
    """Wagtail's token plus its grant, in one transaction: ``(token, plaintext)``."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"未知或缺少的权限范围：{' '.join(sorted(unknown)) or '（无）'}")
    with transaction.atomic():
        token, plaintext = APIToken.create_token(user=user, name=name)
        APITokenGrant.objects.create(
            token=token,
            scopes=" ".join(scope for scope in SCOPES if scope in scopes),
            expires_at=expires_at,
        )
    return token, plaintext


def default_expiry():
    return timezone.now() + timedelta(days=DEFAULT_DAYS)
