"""Sign-out-everywhere epoch on accounts; database triggers that keep the audit trail
append-only (UPDATE refused except the actor-to-NULL of a removed account; DELETE refused unless
``threecenters audit prune`` granted it for entries older than the grant's date)."""

from django.db import migrations, models

SQLITE_UP = [
    "CREATE TABLE IF NOT EXISTS threecenters_audit_prune (before TEXT NOT NULL)",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    WHEN NOT (NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
              AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
              AND NEW.outcome = OLD.outcome AND NEW.actor_label = OLD.actor_label
              AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
              AND NEW.object_repr = OLD.object_repr AND NEW.changes = OLD.changes
              AND NEW.ip IS OLD.ip AND NEW.user_agent = OLD.user_agent)
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    WHEN NOT EXISTS (SELECT 1 FROM threecenters_audit_prune p WHERE OLD.at < p.before)
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    "DROP TABLE IF EXISTS threecenters_audit_prune",
]
POSTGRES_UP = [
    "CREATE TABLE IF NOT EXISTS threecenters_audit_prune (before timestamptz NOT NULL)",
    """CREATE OR REPLACE FUNCTION core_auditentry_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
           AND (NEW.id, NEW.at, NEW.action, NEW.outcome, NEW.actor_label, NEW.object_type,
                NEW.object_id, NEW.object_repr, NEW.changes::text, NEW.ip, NEW.user_agent)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.at, OLD.action, OLD.outcome, OLD.actor_label, OLD.object_type,
                OLD.object_id, OLD.object_repr, OLD.changes::text, OLD.ip, OLD.user_agent) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only';
      END IF;
      IF EXISTS (SELECT 1 FROM threecenters_audit_prune p WHERE OLD.at < p.before) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit entries are append-only';
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_auditentry_guard BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_guard()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_guard ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_guard()",
    "DROP TABLE IF EXISTS threecenters_audit_prune",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_epoch",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="会话代次"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
