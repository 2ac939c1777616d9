"""The root collection is listed in the admin's collection filters: name it in Chinese."""

from django.db import migrations


def rename(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name="全部文件")


def restore(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="全部文件").update(name="Root")


class Migration(migrations.Migration):
    dependencies = [("home", "0006_editors_people_and_media")]

    operations = [migrations.RunPython(rename, restore)]
