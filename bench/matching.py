"""Benchmark: partner matching for every roster firm (100) against 3,000 Korean partners.

    .venv/bin/python bench/matching.py [--partners 3000] [--firms 100] [--repeat 3] [--no-write]

Makes its own SQLite database in a temporary directory (or uses BENCH_MATCHING_DATABASE_URL, e.g.
a PostgreSQL database of your own: never the development or test database), migrates it, fills
it with generated firms and partners (fixed seed), then opens the "matches for this firm" page of
every roster firm through Django's test client as a staff member, ``--repeat`` times, and also
times :func:`partnership.matching.matches_for` alone. It prints a table and writes it into
bench/RESULTS.md under "Matching" (other sections are left as they are).
"""

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "Matching"
SEED = 4

# Words the generated texts are made of: some shared by firms and partners, some not.
TECH_WORDS = (
    "biogas digester fiberglass mould resin casting forging machining cnc welding stainless aluminium "
    "extrusion pump valve compressor sensor controller circuit pcb smt firmware software erp cloud "
    "mobile platform fermentation packaging drying frying roasting coffee snack cracker sauce halal "
    "cold chain irrigation solar frame robot automation conveyor boiler filter wastewater septic tank "
    "plastic recycling injection ceramic kiln furnace bearing gear motor engine spare parts tooling "
    "jig fixture inspection testing calibration logistics warehouse tracking dashboard analytics"
).split()
ID_WORDS = (
    "keripik kerupuk sambal kopi tahu tempe dodol logam besi baja mesin cetakan pompa tangki "
    "komponen perangkat aplikasi pengolahan pangan kemasan"
).split()
FILLER = "and the with for of in untuk dan yang dengan dari high quality various products".split()


def _text(rng: random.Random, words: list[str], n: int) -> str:
    chosen = rng.sample(words, n) + rng.sample(FILLER, 3)
    rng.shuffle(chosen)
    return " ".join(chosen)


def setup_django(database_url: str | None) -> str:
    workdir = None
    if not database_url:
        workdir = tempfile.mkdtemp(prefix="mitra-bench-matching-")
        database_url = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return database_url


def fill(*, firms: int, partners: int) -> list[int]:
    """Generated firms on the roster and partners; returns the roster entry ids."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from partnership.cooperation.validators import with_check_digit
    from partnership.lib import roles
    from partnership.models import KoreanPartner, KoreanProvince, Programme, RosterEntry
    from smes.models import SME, CooperationForm, Province, Regency, Sector

    rng = random.Random(SEED)
    sectors = list(Sector.objects.filter(qualifies=True))
    forms = list(CooperationForm.objects.all())
    regencies = list(Regency.objects.select_related("province"))
    provinces = list(Province.objects.all())
    regions = list(KoreanProvince.objects.all())
    with transaction.atomic():
        staff = User.objects.create_user("bench-staff", password="x", is_staff=True)
        staff.groups.add(Group.objects.get(name=roles.STAFF_GROUP))
        programme = Programme.objects.create(name="Bench programme", slug="bench", year=2015, capacity=firms)
        smes = []
        for n in range(firms):
            regency = rng.choice(regencies)
            smes.append(
                SME(
                    legal_name=f"PT Bench {n:03d}",
                    legal_form="pt",
                    status="verified",
                    regency=regency,
                    province_id=regency.province_id,
                    sector=rng.choice(sectors),
                    products=_text(rng, TECH_WORDS + ID_WORDS, 8),
                    eco_practices=_text(rng, TECH_WORDS, 4),
                    consent_share_korea=True,
                )
            )
        smes = SME.objects.bulk_create(smes)
        through = SME.cooperation_interests.through
        through.objects.bulk_create(
            through(sme_id=sme.pk, cooperationform_id=form.pk)
            for sme in smes
            for form in rng.sample(forms, rng.randint(1, 3))
        )
        entries = RosterEntry.objects.bulk_create(RosterEntry(programme=programme, sme=sme) for sme in smes)

        rows = []
        for n in range(partners):
            first_nine = f"{101 + n % 800:03d}{81 + n % 7:02d}{1000 + n:04d}"[:9]
            rows.append(
                KoreanPartner(
                    name_en=f"Bench Korea {n:04d}",
                    name_ko=f"벤치 {n:04d}",
                    brn=with_check_digit(first_nine),
                    region=rng.choice(regions),
                    sector=rng.choice(sectors),
                    size=rng.choice(["small", "medium", "middle"]),
                    offers=_text(rng, TECH_WORDS, 6),
                    needs=_text(rng, TECH_WORDS + ID_WORDS, 5),
                )
            )
        created = KoreanPartner.objects.bulk_create(rows, batch_size=500)
        form_through = KoreanPartner.cooperation_forms.through
        form_through.objects.bulk_create(
            (
                form_through(koreanpartner_id=p.pk, cooperationform_id=form.pk)
                for p in created
                for form in rng.sample(forms, rng.randint(1, 4))
            ),
            batch_size=2000,
        )
        province_through = KoreanPartner.preferred_provinces.through
        province_through.objects.bulk_create(
            (
                province_through(koreanpartner_id=p.pk, province_id=province.pk)
                for p in created
                for province in rng.sample(provinces, rng.randint(0, 3))
            ),
            batch_size=2000,
        )
    return [entry.pk for entry in entries]


def measure(entry_ids: list[int], repeat: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from partnership.cooperation import matching
    from partnership.models import RosterEntry

    client = Client()
    client.force_login(User.objects.get(username="bench-staff"))
    client.cookies["django_language"] = "en"
    page_ms, module_ms, queries, statuses = [], [], set(), set()
    # Warm-up: templates, translations and connections.
    client.get(reverse("cooperation:matches", args=[entry_ids[0]]))
    for _ in range(repeat):
        for pk in entry_ids:
            url = reverse("cooperation:matches", args=[pk])
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                page_ms.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
            queries.add(len(captured))
    smes = [
        entry.sme for entry in RosterEntry.objects.filter(pk__in=entry_ids).select_related("sme__province")
    ]
    for sme in smes:
        started = time.perf_counter()
        matching.matches_for(sme)
        module_ms.append((time.perf_counter() - started) * 1000)
    # The whole roster in one go, loading the partners once (e.g. for a report).
    started = time.perf_counter()
    profiles = matching.load_partners()
    names = matching._form_names()
    for sme in smes:
        matching.rank(matching.firm_profile(sme), profiles, form_names=names)
    roster_once_ms = (time.perf_counter() - started) * 1000
    return {
        "page_ms": page_ms,
        "module_ms": module_ms,
        "queries": sorted(queries),
        "statuses": sorted(statuses),
        "roster_once_ms": roster_once_ms,
    }


def _row(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"| {label} | {len(values)} | {ordered[0]:.0f} | {statistics.median(ordered):.0f} | "
        f"{p95:.0f} | {ordered[-1]:.0f} |"
    )


def report(result: dict, *, firms: int, partners: int, repeat: int, database: str, fill_s: float) -> str:
    from django.db import connection

    vendor = connection.vendor
    version = connection.cursor().connection.server_version if vendor == "postgresql" else ""
    db = "PostgreSQL" if vendor == "postgresql" else f"SQLite {connection.Database.sqlite_version}"
    if version:
        db = f"PostgreSQL {version // 10000}.{version % 10000}"
    lines = [
        f"## {SECTION}",
        "",
        f"Measured {dt.date.today().isoformat()} by `bench/matching.py` on {os.cpu_count()} cores, {db}, "
        f"Python {platform.python_version()}: every roster firm ({firms}) against {partners:,} Korean "
        f"partners (generated, fixed seed; filling took {fill_s:.0f} s). The page is "
        "`/cooperation/roster/<id>/matches/` opened by a staff member through Django's test client "
        f"(queries, scoring, template, response), {repeat} rounds over all firms after one warm-up; "
        "the module line times `matching.matches_for(sme)` alone (three queries for the partners, "
        "then pure-Python scoring). The machine is shared with other work: compare orders of magnitude.",
        "",
        "| what | runs | best (ms) | median (ms) | p95 (ms) | worst (ms) |",
        "|---|---:|---:|---:|---:|---:|",
        _row("Matches page, one firm", result["page_ms"]),
        _row("`matching.matches_for`, one firm", result["module_ms"]),
        "",
        f"SQL queries per page: {', '.join(map(str, result['queries']))} (the same for every firm: "
        "the partners in one query with their region and sector, their forms and preferred provinces "
        "as plain pairs from the link tables in two more). HTTP status: "
        f"{', '.join(map(str, result['statuses']))}. Ranking the whole roster with the partners "
        f"loaded once: {result['roster_once_ms']:.0f} ms for {firms} firms.",
        "",
    ]
    return "\n".join(lines)


def write_results(section: str) -> None:
    """Replace this benchmark's section of bench/RESULTS.md (other benchmarks keep theirs)."""
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: section + "\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated.rstrip("\n") + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=3000)
    parser.add_argument("--firms", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    database = setup_django(os.environ.get("BENCH_MATCHING_DATABASE_URL"))

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    entry_ids = fill(firms=args.firms, partners=args.partners)
    fill_s = time.monotonic() - started
    result = measure(entry_ids, args.repeat)
    section = report(
        result, firms=args.firms, partners=args.partners, repeat=args.repeat, database=database, fill_s=fill_s
    )
    print(section)
    if len(result["queries"]) != 1:
        print("The number of queries differs between firms.", file=sys.stderr)
        return 1
    if not args.no_write:
        write_results(section)
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
