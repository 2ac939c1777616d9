"""The engine's full-text structures, which Django's schema editor cannot express:
an FTS5 table with its triggers on SQLite, tsvector columns with GIN indexes on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from search.engines.database import create_schema

    create_schema(schema_editor)


def drop(apps, schema_editor):
    from search.engines.database import drop_schema

    drop_schema(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
