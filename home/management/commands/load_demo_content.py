"""Load the portal's fictional demo content: ``python manage.py load_demo_content``.

Every app may ship ``<app>/demo.py`` with ``load(ctx)``; loaders run in
INSTALLED_APPS order, home first. Running the command twice changes nothing.
"""

import importlib
import importlib.util
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo_helpers import DemoContext


class Command(BaseCommand):
    help = "载入演示内容（虚构），可重复运行，不会重复创建。"

    def handle(self, *args, **options):
        ctx = DemoContext(self.stdout, self.style)
        started = time.monotonic()
        base = str(settings.BASE_DIR)
        for app in apps.get_app_configs():
            if not app.path.startswith(base):
                continue
            module_name = f"{app.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            self.stdout.write(self.style.MIGRATE_HEADING(f"[{app.verbose_name}]"))
            with transaction.atomic():
                module.load(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"演示内容已就绪（用时 {time.monotonic() - started:.1f} 秒）。")
        )
