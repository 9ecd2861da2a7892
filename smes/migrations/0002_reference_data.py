"""Load provinces and regencies (Kemendagri codes) from the project's CSV copies, and the
programme's sectors and cooperation forms with their names in three languages."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

SECTORS = [
    # code, English, Indonesian, Korean, KBLI 2020 examples, qualifies
    ("metal", "Metal products", "Produk logam", "금속 제품", "24101, 25111, 25920, 25999", True),
    (
        "mechanical",
        "Machinery and mechanical equipment",
        "Mesin dan peralatan mekanik",
        "기계 및 기계 장비",
        "28110, 28192, 28250, 28299",
        True,
    ),
    ("it_components", "IT components", "Komponen TI", "IT 부품", "26110, 26120, 26210, 26320", True),
    ("software", "Software", "Perangkat lunak", "소프트웨어", "62011, 62012, 62019, 63112", True),
    (
        "food_processing",
        "Food processing",
        "Pengolahan makanan",
        "식품 가공",
        "10130, 10392, 10710, 10792",
        True,
    ),
    ("other", "Other", "Lainnya", "기타", "", False),
]

COOPERATION_FORMS = [
    ("technology_transfer", "Technology transfer", "Alih teknologi", "기술 이전"),
    ("investment", "Investment", "Investasi", "투자"),
    ("training", "Training", "Pelatihan", "교육 훈련"),
    ("staff_exchange", "Staff and worker exchange", "Pertukaran staf dan tenaga kerja", "인력 교류"),
]


def load(apps, schema_editor):
    Province = apps.get_model("smes", "Province")
    Regency = apps.get_model("smes", "Regency")
    Sector = apps.get_model("smes", "Sector")
    CooperationForm = apps.get_model("smes", "CooperationForm")
    with open(DATA / "id_provinces.csv", encoding="utf-8", newline="") as fh:
        Province.objects.bulk_create([Province(code=r["code"], name=r["name"]) for r in csv.DictReader(fh)])
    with open(DATA / "id_regencies.csv", encoding="utf-8", newline="") as fh:
        Regency.objects.bulk_create(
            [
                Regency(code=r["code"], province_id=r["province_code"], name=r["name"], kind=r["kind"])
                for r in csv.DictReader(fh)
            ]
        )
    for order, (code, en, id_, ko, kbli, qualifies) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            code=code,
            defaults=dict(
                name_en=en, name_id=id_, name_ko=ko, kbli_codes=kbli, qualifies=qualifies, order=order
            ),
        )
    for order, (code, en, id_, ko) in enumerate(COOPERATION_FORMS):
        CooperationForm.objects.update_or_create(
            code=code, defaults=dict(name_en=en, name_id=id_, name_ko=ko, order=order)
        )


def unload(apps, schema_editor):
    for model in ("CooperationForm", "Sector", "Regency", "Province"):
        apps.get_model("smes", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("smes", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
