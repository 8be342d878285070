import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, tags, body, type UNINDEXED, is_public UNINDEXED, community_id UNINDEXED, "
    "year UNINDEXED, tagset UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # A narrow table like SQLite's FTS5 one: the vectors live out of line (TOAST), so scanning
    # the matches of a common term reads small rows and never decompresses a vector. Like the
    # FTS5 table it has no foreign key (Django's flush truncates the tables it knows without
    # CASCADE); the search services delete its rows with the documents'.
    "CREATE TABLE search_tsv ("
    " doc_id bigint PRIMARY KEY,"
    " vector tsvector NOT NULL,"
    " type varchar(32) NOT NULL,"
    " is_public boolean NOT NULL,"
    " community_id bigint NULL,"
    " year integer NULL,"
    " tagset varchar(1000) NOT NULL DEFAULT ''"
    ") WITH (toast_tuple_target = 128)",
    "ALTER TABLE search_tsv ALTER COLUMN vector SET STORAGE EXTERNAL",
    "CREATE INDEX search_tsv_vector_gin ON search_tsv USING GIN (vector)",
    "CREATE INDEX search_document_title_trgm ON search_searchdocument "
    "USING GIN (title gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_trgm",
    "DROP TABLE IF EXISTS search_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("type", models.CharField(max_length=32, verbose_name="类型")),
                ("object_id", models.CharField(max_length=64, verbose_name="对象编号")),
                ("title", models.CharField(max_length=300, verbose_name="标题")),
                ("tags", models.CharField(blank=True, max_length=1000, verbose_name="标签")),
                ("body", models.TextField(blank=True, verbose_name="正文")),
                ("year", models.PositiveIntegerField(blank=True, null=True, verbose_name="年份")),
                ("url", models.CharField(max_length=300, verbose_name="网址")),
                ("is_public", models.BooleanField(default=True, verbose_name="公开")),
                ("words", models.TextField(blank=True, verbose_name="关键词")),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("community", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="core.area", verbose_name="社区")),
            ],
            options={
                "verbose_name": "检索文档",
                "verbose_name_plural": "检索文档",
                "indexes": [
                    models.Index(fields=["type", "is_public"], name="search_doc_type_idx"),
                    models.Index(fields=["community", "year"], name="search_doc_community_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("type", "object_id"), name="search_document_unique"),
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
