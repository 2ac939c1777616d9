"""The tree's root page is shown in the admin (breadcrumbs, 'Exploring'): name it in Chinese."""

from django.db import migrations


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title="根目录", draft_title="根目录")


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="根目录").update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_news_index_intro_length"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_root, restore_root)]
