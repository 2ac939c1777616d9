"""The engine's full-text structures, which Django's schema editor cannot express:
an FTS5 table with its triggers on SQLite, tsvector columns with GIN indexes on PostgreSQL.

The SQL is written out here, as it was when this migration was made: a migration must
give the same schema whatever the engine's code later becomes.
"""

from django.db import migrations

SQLITE_SCHEMA = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title_seg, summary_seg, body_seg, pinyin,
        content='search_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS search_doc_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_seg, summary_seg, body_seg, pinyin)
        VALUES (new.id, new.title_seg, new.summary_seg, new.body_seg, new.pinyin); END""",
    """CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, summary_seg, body_seg, pinyin)
        VALUES ('delete', old.id, old.title_seg, old.summary_seg, old.body_seg, old.pinyin); END""",
    """CREATE TRIGGER IF NOT EXISTS search_doc_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, summary_seg, body_seg, pinyin)
        VALUES ('delete', old.id, old.title_seg, old.summary_seg, old.body_seg, old.pinyin);
        INSERT INTO search_fts(rowid, title_seg, summary_seg, body_seg, pinyin)
        VALUES (new.id, new.title_seg, new.summary_seg, new.body_seg, new.pinyin); END""",
]

SQLITE_DROP = [
    """DROP TRIGGER IF EXISTS search_doc_au""",
    """DROP TRIGGER IF EXISTS search_doc_ad""",
    """DROP TRIGGER IF EXISTS search_doc_ai""",
    """DROP TABLE IF EXISTS search_fts""",
]

POSTGRES_SCHEMA = [
    """ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)""",
    """ALTER TABLE search_searchdocument ALTER COLUMN kind SET STORAGE PLAIN,
        ALTER COLUMN kind_label SET STORAGE PLAIN, ALTER COLUMN street SET STORAGE PLAIN,
        ALTER COLUMN honour SET STORAGE PLAIN, ALTER COLUMN era SET STORAGE PLAIN,
        ALTER COLUMN title_norm SET STORAGE PLAIN""",
    """ALTER TABLE search_searchdocument
        ADD COLUMN IF NOT EXISTS head_tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title_seg), 'A')
            || setweight(to_tsvector('simple', pinyin), 'A')
            || setweight(to_tsvector('simple', summary_seg), 'B')) STORED,
        ADD COLUMN IF NOT EXISTS body_tsv tsvector GENERATED ALWAYS AS (
            to_tsvector('simple', title_seg || ' ' || summary_seg || ' ' || body_seg
                        || ' ' || pinyin)) STORED""",
    """CREATE INDEX IF NOT EXISTS search_doc_head_gin ON search_searchdocument USING gin (head_tsv)""",
    """CREATE INDEX IF NOT EXISTS search_doc_body_gin ON search_searchdocument USING gin (body_tsv)""",
]

POSTGRES_DROP = [
    """DROP INDEX IF EXISTS search_doc_body_gin""",
    """DROP INDEX IF EXISTS search_doc_head_gin""",
    """ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS body_tsv, DROP COLUMN IF EXISTS head_tsv""",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_SCHEMA, "postgresql": POSTGRES_SCHEMA}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
