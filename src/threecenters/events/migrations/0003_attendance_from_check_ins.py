"""Every registration checked in before attendance pairs existed gets one pair: its check-in
time, its check-out time (if any, and not before the check-in), method "walk_in" for walk-ins
and "staff" otherwise (the old records do not say whether a QR code or a typed code was used)."""

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    Attendance = apps.get_model("events", "Attendance")
    rows = (
        Registration.objects.filter(checked_in_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "checked_in_at", "checked_out_at", "walk_in")
    )
    batch = []
    for pk, checked_in_at, checked_out_at, walk_in in rows.iterator(chunk_size=BATCH):
        if checked_out_at is not None and checked_out_at < checked_in_at:
            checked_out_at = None
        batch.append(
            Attendance(
                registration_id=pk,
                checked_in_at=checked_in_at,
                checked_out_at=checked_out_at,
                method="walk_in" if walk_in else "staff",
                created_at=checked_in_at,
            )
        )
        if len(batch) >= BATCH:
            Attendance.objects.bulk_create(batch)
            batch = []
    if batch:
        Attendance.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    apps.get_model("events", "Attendance").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0002_kinds_booths_attendance")]

    operations = [migrations.RunPython(forwards, backwards)]
