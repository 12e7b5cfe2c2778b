"""The Dutch rules for who consents, as data (WGBO art. 7:447 and 7:450; Jeugdwet art. 7.3.4):
under 12 the parents or guardian; 12 to 15 the child and a parent together; from 16 the young
person alone. They can be changed in the admin; this only seeds them."""

from django.db import migrations

RULES = [(0, 11, "representative"), (12, 15, "both"), (16, None, "resident")]


def seed_rules(apps, schema_editor):
    ConsentRule = apps.get_model("privacy", "ConsentRule")
    if ConsentRule.objects.exists():
        return
    for minimum, maximum, givers in RULES:
        ConsentRule.objects.create(minimum_age=minimum, maximum_age=maximum, givers=givers)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
