from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_tracking_to_projects"),
    ]

    operations = [
        migrations.RemoveField(model_name="milestone", name="proposal"),
        migrations.RemoveField(model_name="progressupdate", name="author"),
        migrations.RemoveField(model_name="progressupdate", name="proposal"),
        migrations.DeleteModel(name="ClosingReport"),
        migrations.DeleteModel(name="Milestone"),
        migrations.DeleteModel(name="ProgressUpdate"),
    ]
