"""Seed retention per data category (adjustable in the admin). Contact details of a resident no
organisation is involved with any more are anonymised after two years; the records of the later
capabilities follow the longest term that applies to the organisations sharing them (Jeugdwet and
WGBO: 20 years; Wmo 2015 and Participatiewet: 7 years are common; here 20 years, to be shortened
per region)."""

from django.db import migrations

RULES = [
    ("contact_details", 730, "anonymise", "AVG art. 5(1)(e): no longer than needed"),
    ("referrals", 7300, "delete", "WGBO art. 7:454 / Jeugdwet art. 7.3.8: 20 years"),
    ("plan", 7300, "delete", "Jeugdwet art. 7.3.8: 20 years"),
    ("assessments", 7300, "delete", "WGBO art. 7:454: 20 years"),
    ("notes", 7300, "delete", "WGBO art. 7:454: 20 years"),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for category, days, method, basis in RULES:
        RetentionRule.objects.get_or_create(
            category=category,
            defaults={"keep_for_days": days, "method": method, "legal_basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_retention_rules_and_data_requests")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
