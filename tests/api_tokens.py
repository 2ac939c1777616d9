"""API tokens for tests, made the way staff make them (scopes and expiry)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.api_tokens import create_token


def bearer(username, *scopes, days=30):
    """Authorization header of a fresh token for ``username`` with ``scopes``."""
    expires_at = timezone.now() + timedelta(days=days) if days is not None else None
    _, plaintext = create_token(
        user=get_user_model().objects.get(username=username),
        name=f"测试 {' '.join(scopes)}",
        scopes=list(scopes),
        expires_at=expires_at,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
