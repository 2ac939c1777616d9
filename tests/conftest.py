"""Shared fixtures: the test database starts with the full demo content loaded once.

Ordinary tests run inside a transaction on top of it and see exactly what a visitor
of `make demo` sees. Tests that need a live server (browser, concurrency) are
transactional; pytest-django runs them last. The database is serialized once the
demo is loaded, and `live_demo` restores that snapshot when an earlier
transactional test has flushed the tables.
"""

import io
import json
import os

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Django's test server listens with a backlog of 10: a burst of simultaneous visitors
# (tests/memorial/test_concurrency.py) then sees connections reset by the kernel before
# the portal ever gets the request. gunicorn, which serves the portal, listens with 2048.
ThreadedWSGIServer.request_queue_size = 128


def pytest_configure(config):
    """The admin's Chinese catalogue is build output: compile it when the .po is newer
    (``make test`` does too; this covers a bare ``pytest``)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "tools" / "compile_messages.py")], check=True)
    # Django may have read the catalogues already (at setup): read them again.
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._active = Local()
    trans_real._default = None


def load_demo():
    call_command("load_demo_content", stdout=io.StringIO())


DEMO_SNAPSHOT = {}
FIRST = {"contenttypes.contenttype": 0, "auth.permission": 1}


def _snapshot(connection):
    """The database as JSON, content types first: restoring other rows may look them up."""
    objects = json.loads(connection.creation.serialize_db_to_string())
    objects.sort(key=lambda obj: FIRST.get(obj["model"], 2))
    return json.dumps(objects)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connections

    with django_db_blocker.unblock():
        load_demo()
        for connection in connections.all():
            DEMO_SNAPSHOT[connection.alias] = _snapshot(connection)


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media():
    """Uploaded and generated files of the test run go away with it."""
    import shutil

    from django.conf import settings

    yield
    if "portal-test-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def _clear_caches():
    from django.conf import settings
    from django.core.cache import caches

    # Every alias: renditions kept in this process's memory (core.cache) would otherwise
    # outlive the rows a test made and rolled back, and point at files no longer served.
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def live_demo(live_server):
    """A live server whose database holds the demo content.

    Use with ``@pytest.mark.django_db(transaction=True)``.
    """
    from django.db import connections

    from home.models import HomePage

    if not HomePage.objects.exists():
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        # The flush re-created content types and permissions with new ids; the
        # snapshot brings back the originals that its rows point to.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for alias, snapshot in DEMO_SNAPSHOT.items():
            connections[alias].creation.deserialize_db_from_string(snapshot)
        ContentType.objects.clear_cache()
    return live_server


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()
