"""Local development: debug on, a per-checkout secret key kept in var/."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR


def _local_secret_key():
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", True)  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
