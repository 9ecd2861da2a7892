"""The eco-innovation criterion's Korean name as the glossary writes it (docs/glossary.md):
ASEIC's own 친환경혁신, in the rubrics already made from the old default."""

from django.db import migrations

OLD, NEW = "에코이노베이션 잠재력", "친환경혁신 잠재력"


def forwards(apps, schema_editor):
    apps.get_model("surveys", "Criterion").objects.filter(code="eco_innovation", name_ko=OLD).update(
        name_ko=NEW
    )


def backwards(apps, schema_editor):
    apps.get_model("surveys", "Criterion").objects.filter(code="eco_innovation", name_ko=NEW).update(
        name_ko=OLD
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_history_of_visit_drafts")]

    operations = [migrations.RunPython(forwards, backwards)]
