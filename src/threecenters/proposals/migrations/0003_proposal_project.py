import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("proposals", "0002_case_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="project",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposal",
                to="projects.project",
                verbose_name="实施项目",
            ),
        ),
    ]
