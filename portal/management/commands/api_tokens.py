"""Wagtail's ``api_tokens`` command, with scopes and an expiry for every new token."""

import json
from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.management.commands.api_tokens import Command as WagtailCommand
from wagtail.models import APIToken

from portal.api_tokens import DEFAULT_DAYS, SCOPES, create_token, scopes_of


class Command(WagtailCommand):
    help = "管理接口令牌（带权限范围与到期时间）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        create = parser._subparsers._group_actions[0].choices["create"]
        create.add_argument(
            "--scopes",
            default="read",
            help=f"逗号分隔的权限范围：{'、'.join(SCOPES)}（默认 read）",
        )
        create.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"有效天数（默认 {DEFAULT_DAYS}；0 表示永不过期，不建议）",
        )

    def create(self, *args, user, name, json_output, scopes, days, **options):
        wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        if days < 0:
            raise CommandError("--days 不能为负数。")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            instance, plaintext = create_token(
                user=self.get_user(user), name=name, scopes=wanted, expires_at=expires_at
            )
        except ValueError as error:
            raise CommandError(f"{error}。可用的权限范围：{', '.join(SCOPES)}") from None
        log(instance, "wagtail.apitoken.create", data={"source": "management_command"})
        if json_output:
            self.stdout.write(
                json.dumps(
                    {
                        "token": plaintext,
                        "prefix": instance.prefix,
                        "name": instance.name,
                        "user": instance.user.get_username(),
                        "created": instance.created.isoformat(),
                        "scopes": instance.grant.scopes.split(),
                        "expires": expires_at.isoformat() if expires_at else None,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(plaintext)

    def list(self, *args, user, include_revoked, **options):
        tokens = APIToken.objects.select_related("user", "grant").order_by("-created")
        if user:
            tokens = tokens.filter(user=self.get_user(user))
        if not include_revoked:
            tokens = tokens.filter(revoked_at__isnull=True)
        for token in tokens:
            scopes, expires_at = scopes_of(token)
            self.stdout.write(
                f"{token.pk}\t{token.prefix} …\t{token.name}\t{token.user.get_username()}\t"
                f"scopes={','.join(sorted(scopes))}\t"
                f"expires={f'{expires_at:%Y-%m-%d %H:%M}' if expires_at else 'never'}\t"
                f"last_used={token.last_used_at or 'never'}\t"
                f"revoked={token.revoked_at or 'no'}"
            )
