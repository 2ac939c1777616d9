from django.db import models
from django.utils import timezone


class APITokenGrant(models.Model):
    """What an API token may do, and until when.

    Wagtail's token stands for its user with every permission the user has: a leaked
    superuser token could delete the whole site tree. Each token here carries the
    scopes it was created for (see portal.api_tokens.SCOPES) and an expiry; a token
    without a grant (made by other tools) can only read.
    """

    token = models.OneToOneField(
        "wagtailcore.APIToken",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="grant",
        verbose_name="接口令牌",
    )
    scopes = models.CharField("权限范围", max_length=100, help_text="以空格分隔")
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌权限"
        verbose_name_plural = "接口令牌权限"

    def __str__(self):
        return f"{self.token} {self.scopes}"

    @property
    def scope_set(self):
        return frozenset(self.scopes.split())

    def has_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
