"""On PostgreSQL, the database itself refuses to change or delete a read log row; only a
transaction that declares itself the retention purge (`services.read_log_purge`) deletes."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_readlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('foquale.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_readlog is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_readlog_append_only
    BEFORE UPDATE OR DELETE ON audit_readlog
    FOR EACH ROW EXECUTE FUNCTION audit_readlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_readlog_append_only ON audit_readlog;
DROP FUNCTION IF EXISTS audit_readlog_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
