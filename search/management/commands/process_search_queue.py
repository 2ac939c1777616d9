"""``manage.py process_search_queue``: retry index changes that could not be applied."""

from django.core.management.base import BaseCommand

from search.indexing import REBUILD_FENCE, process_queue
from search.models import IndexQueue


class Command(BaseCommand):
    help = "处理搜索索引队列：把仍在队列中的页面变更写入搜索引擎，失败的保留待下次重试。"

    def handle(self, *args, **options):
        queued = IndexQueue.objects.exclude(reason=REBUILD_FENCE)
        pending = queued.count()
        if not pending:
            self.stdout.write("队列为空。")
            return
        applied, failed = process_queue()
        self.stdout.write(f"队列中 {pending} 条：成功 {applied} 条，失败 {failed} 条。")
        if failed:
            reasons = queued.exclude(last_error="").values_list("last_error", flat=True)
            for reason in sorted(set(reasons))[:5]:
                self.stdout.write(self.style.WARNING(f"保留在队列中的原因：{reason}"))
