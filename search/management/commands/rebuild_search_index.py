"""``manage.py rebuild_search_index``: re-index every live page, with a progress bar.

The database engine is refilled in one transaction; Elasticsearch (when configured)
gets a new versioned index and the alias moves to it only when it is complete.
"""

from django.core.management.base import BaseCommand, CommandError

from search import service
from search.indexing import rebuild


class Command(BaseCommand):
    help = "重建站内搜索索引（数据库引擎，以及已配置的 Elasticsearch）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            choices=["all", "database", "elasticsearch"],
            default="all",
            help="只重建某一个引擎（默认全部）。",
        )

    def progress(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "░" * (width - filled)
        end = "\n" if done >= total else "\r"
        self.stdout.write(f"  读取页面 [{bar}] {done}/{total}", ending=end)
        self.stdout.flush()

    def handle(self, *args, engine, **options):
        engines = service.write_engines()
        if engine != "all":
            engines = [e for e in engines if e.name == engine]
            if not engines:
                raise CommandError("未设置 ELASTICSEARCH_URL，无法重建 Elasticsearch 索引。")
        names = "、".join(e.name for e in engines)
        self.stdout.write(f"重建搜索索引：{names}")
        try:
            count = rebuild(progress=self.progress, engines=engines)
        except Exception as error:
            raise CommandError(f"重建失败：{error}（Elasticsearch 别名仍指向原索引）") from error
        self.stdout.write(self.style.SUCCESS(f"完成：{count} 条搜索文档。"))
