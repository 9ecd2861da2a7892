"""Load Korea's first-level divisions from the project's CSV copy and create the role groups."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
GROUPS = ["Ministry staff", "Korean team"]


def load(apps, schema_editor):
    KoreanProvince = apps.get_model("partnership", "KoreanProvince")
    Group = apps.get_model("auth", "Group")
    with open(DATA / "kr_provinces.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            KoreanProvince.objects.update_or_create(
                code=row["code"], defaults={"name_en": row["name_en"], "name_ko": row["name_ko"]}
            )
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def unload(apps, schema_editor):
    apps.get_model("partnership", "KoreanProvince").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("partnership", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, unload)]
