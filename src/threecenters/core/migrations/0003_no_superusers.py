"""No account is a Django superuser (issue 12): earlier `createadmin` and the demo seed made
the system administrator one, which let it read the audit trail, grant any role and reveal
personal data. Clear the superuser and staff flags of every account (their role assignments
stay: the system administrator keeps the role, whose predicates open the admin), then let the
database refuse a superuser from now on."""

from django.db import migrations, models


def clear_flags(apps, schema_editor):
    User = apps.get_model("core", "User")
    User.objects.using(schema_editor.connection.alias).filter(
        models.Q(is_superuser=True) | models.Q(is_staff=True)
    ).update(is_superuser=False, is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_session_epoch_audit_triggers")]

    operations = [
        # the flags were never a role, so there is nothing to put back
        migrations.RunPython(clear_flags, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(is_superuser=False), name="user_never_superuser"
            ),
        ),
    ]
