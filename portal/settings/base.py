"""Settings shared by every environment; each value can be set from the environment.

Unset variables fall back to the embedded defaults (SQLite under var/, local-memory
cache, database search engine) so that a fresh machine needs nothing but Python.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "portal",
    "home",
    "honors",
    "honors.memorial",
    "volunteers",
    "education",
    "search",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a bad Host or a NUL byte gets a Chinese 400 before anything reads them.
    "core.middleware.RequestGuardMiddleware",
    "core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.APIProblemMiddleware",
    # Anonymous API reads from the page cache, validators, Cache-Control, CORS.
    "portal.api_http.APIHttpMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside the CSRF middleware: cached pages with a visitor form get a fresh token.
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Reverse proxies (nginx, load balancer) in front of the portal that append the client
# address to X-Forwarded-For; 0 means visitors connect directly.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; busy timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page view runs the same few queries every time, and planning a page query with
    # its joins takes PostgreSQL longer than running it: bind parameters on the server
    # so each statement is prepared once per connection (after DB_PREPARE_THRESHOLD
    # runs) and later runs skip the planner. Set DB_PREPARE_THRESHOLD=off behind a
    # transaction-pooling proxy (pgbouncer) that cannot keep prepared statements.
    threshold = os.environ.get("DB_PREPARE_THRESHOLD", "2")
    if threshold != "off":
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=int(threshold)
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                # A cache outage must never take a page down: misses instead of errors.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
        # Image renditions: one per card, read from the worker's memory (core/cache.py).
        "renditions": {
            "BACKEND": "core.cache.LocalFirstCache",
            "OPTIONS": {"SHARED": "default", "LOCAL_TIMEOUT": 300},
        },
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: lock an account/IP pair after repeated failed admin logins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for the admin strings Wagtail 8 and wagtailmedia ship untranslated; compiled
# from locale/zh_Hans/LC_MESSAGES/django.po by tools/compile_messages.py.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Behind nginx: after its privacy checks the app hands /media/ files to this internal
# nginx location (X-Accel-Redirect) instead of sending the bytes itself. Empty: the app
# sends them (with Range). See deploy/nginx/portal.conf.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "青川区退役军人事务局"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# The last approval publishes; direct publishing is refused under a workflow (core/workflow.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "core.workflow.publish_workflow_state"
WAGTAILAPI_DOCS_ENABLED = True
# The admin dashboard would ask releases.wagtail.org for new versions: nothing external.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media"}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Content-Security-Policy sent with every response; nothing is loaded from elsewhere.
# Wagtail's admin relies on inline scripts and styles, so it gets its own policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
CONTENT_SECURITY_POLICY_ADMIN = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'self'; "
    "base-uri 'self'"
)
# Map tiles for the service-station map; empty means no map and nothing external.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
if MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(MAP_TILE_URL)
    CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
        "img-src 'self'", f"img-src 'self' {_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}", 1
    )
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# Anonymous HTML pages are kept this long in the shared cache (0 turns it off);
# publishing anything retires them sooner.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Headless API: how long browsers and CDNs may keep an anonymous answer; which other
# sites' pages may call the API from a browser (exact origins, comma separated);
# how long a 前端预览 token lasts and the front end it opens.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CORS_ALLOWED_ORIGINS = [
    origin.strip().rstrip("/")
    for origin in os.environ.get("API_CORS_ALLOWED_ORIGINS", "").split(",")
    if origin.strip()
]
API_PREVIEW_SECONDS = int(os.environ.get("API_PREVIEW_SECONDS", "1800"))
API_PREVIEW_CLIENT_URL = os.environ.get("API_PREVIEW_CLIENT_URL", "")

# 网上祭扫: per-visitor limits per minute (tributes) and per 10 minutes (messages);
# the benchmark raises the tribute limit because all its clients share one address.
MEMORIAL_TRIBUTES_PER_MINUTE = int(os.environ.get("MEMORIAL_TRIBUTES_PER_MINUTE", "20"))
MEMORIAL_MESSAGES_PER_10_MINUTES = int(os.environ.get("MEMORIAL_MESSAGES_PER_10_MINUTES", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "core": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
        "portal": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True},
    },
}

# Static files are served by WhiteNoise straight from the finders until collectstatic runs.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.ImageForm"
