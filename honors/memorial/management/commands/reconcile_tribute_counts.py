"""Rebuild tribute counters from the tribute rows: ``manage.py reconcile_tribute_counts``."""

from django.core.management.base import BaseCommand

from honors.memorial.services import reconcile


class Command(BaseCommand):
    help = "按祭扫记录重算各英烈的祭扫计数（总数与每日计数）；--dry-run 只检查不修改。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只报告差异，不修改")

    def handle(self, *args, dry_run=False, **options):
        fixed = reconcile(dry_run=dry_run)
        wrong = fixed["totals"] + fixed["daily"]
        if not wrong:
            self.stdout.write(self.style.SUCCESS("计数与记录一致，无需修正。"))
            return
        verb = "将修正" if dry_run else "已修正"
        self.stdout.write(
            self.style.WARNING(f"{verb}总计数 {fixed['totals']} 行、每日计数 {fixed['daily']} 行。")
        )
