"""Benchmark: the public directory and the staff list with 1,000,000 SMEs on PostgreSQL.

    .venv/bin/python bench/directory.py [--rows 1000000] [--repeat 7] [--keep] [--reuse]

Makes its own database (``mitra_bench`` unless BENCH_DATABASE_URL says otherwise; never the
development or test database), migrates it, fills ``smes_sme`` in one ``INSERT … SELECT
generate_series`` with its secondary indexes dropped and rebuilt afterwards (as a bulk load
would), then times each page through Django's test client: one warm-up request, then the best
and the median of ``--repeat`` requests. It prints a table and writes it into bench/RESULTS.md
under "Directory, 1,000,000 SMEs on PostgreSQL". The database is dropped at the end unless
``--keep``; ``--reuse`` skips the fill when the database already holds the rows.
"""

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "Directory, 1,000,000 SMEs on PostgreSQL"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mitra_bench"

# Words the generated firms are named and described with (Indonesian, as in the registry).
NAME_WORDS_1 = (
    "Logam Baja Besi Aluminium Tembaga Mesin Teknik Mekanika Perkakas Elektronika Komponen Sirkuit "
    "Sensor Digital Solusi Sistem Data Aplikasi Informatika Pangan Boga Rasa Olahan Kuliner Kopi "
    "Keripik Sambal Tahu Dodol Kerupuk Biogas Fiberglass Plastik Kayu Rotan Batik Tenun"
).split()
NAME_WORDS_2 = (
    "Mandiri Jaya Sejahtera Nusantara Makmur Abadi Utama Sentosa Prima Berkah Lestari Gemilang Sinar "
    "Karya Bersama Harapan Mulia Agung Cahaya Bintang Surya Mega Indah Baru Maju Sukses Global Teknindo "
    "Persada Perkasa Sakti Wijaya Kencana Permata Mitra Anugerah Cipta Kreasi Inti"
).split()
PRODUCTS = [
    "komponen logam presisi dan braket baja",
    "pagar, teralis, dan kanopi besi tempa",
    "cetakan aluminium untuk suku cadang motor",
    "peralatan dapur dari baja tahan karat",
    "mesin perontok padi dan pengering gabah",
    "pompa air dan suku cadangnya",
    "mesin pencacah plastik",
    "traktor tangan dan kultivator",
    "perakitan papan sirkuit cetak",
    "modul sensor IoT untuk pertanian",
    "kabel data dan konektor",
    "panel kontrol listrik",
    "aplikasi kasir dan stok untuk UKM",
    "sistem informasi desa",
    "ERP untuk industri kecil",
    "aplikasi logistik dan pelacakan armada",
    "keripik singkong dan keripik pisang",
    "kopi bubuk dan biji kopi sangrai",
    "sambal dan bumbu instan",
    "kerupuk ikan dan udang",
    "digester biogas fiberglass",
    "tangki air dan septic tank fiberglass",
    "mebel rotan dan kayu jati",
    "kain batik tulis dan cap",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="number of SMEs (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page after a warm-up")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a filled database from --keep")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    return parser.parse_args()


def admin_connection(url: str):
    """A connection to the server's ``postgres`` database, to create and drop the bench database."""
    base, _, _name = url.rpartition("/")
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    return conn


def database_name(url: str) -> str:
    name = url.rpartition("/")[2].split("?")[0]
    if not re.fullmatch(r"[a-z0-9_]*bench[a-z0-9_]*", name):
        sys.exit(f"Refusing to use database {name!r}: a benchmark database name must contain 'bench'.")
    return name


def recreate_database(url: str) -> None:
    name = database_name(url)
    conn = admin_connection(url)  # not "with conn": that would open a transaction block
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def drop_database(url: str) -> None:
    name = database_name(url)
    conn = admin_connection(url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def step(text: str):
    print(f"  {text} …", end="", flush=True)
    started = time.perf_counter()

    def done(extra: str = ""):
        print(f" {time.perf_counter() - started:.1f} s{(' ' + extra) if extra else ''}", flush=True)

    return done


def fill(rows: int) -> None:
    """Fill smes_sme with ``rows`` firms in one statement, then its cooperation interests."""
    from django.db import connection

    from smes.models import SME, CooperationForm, Regency, Sector

    regencies = list(Regency.objects.order_by("code").values_list("code", flat=True))
    sectors = list(Sector.objects.filter(qualifies=True).order_by("order").values_list("pk", flat=True))
    forms = list(CooperationForm.objects.order_by("order").values_list("pk", flat=True))
    table = SME._meta.db_table
    # h: a cheap, well-spread pseudo-random number per row (Knuth's multiplicative hash). Modulo is
    # written mod(): a bare percent sign would clash with the query's parameters.
    h = "mod(g::bigint * 2654435761, 4294967296)"
    sales = f"(300 + mod({h}, 45000))"
    expressions = {
        "owner": "NULL",
        "reference": "'UKM-B-' || lpad(g::text, 8, '0')",
        "status": f"CASE WHEN mod({h}, 100) < 90 THEN 'verified' WHEN mod({h}, 100) < 95 THEN 'submitted' "
        f"WHEN mod({h}, 100) < 97 THEN 'needs_info' WHEN mod({h}, 100) < 99 THEN 'draft' ELSE 'rejected' END",
        "language": "'id'",
        "legal_name": "(ARRAY['PT','CV','UD'])[1 + mod(g, 3)] "
        f"|| ' ' || (%(w1)s)[1 + mod({h} / 7, %(n1)s)] "
        f"|| ' ' || (%(w2)s)[1 + mod({h} / 311, %(n2)s)] "
        f"|| ' ' || (%(w2)s)[1 + mod({h} / 19, %(n2)s)]",
        "trade_name": "''",
        "legal_form": "(ARRAY['pt','cv','ud'])[1 + mod(g, 3)]",
        "nib": "'9' || lpad(g::text, 12, '0')",
        "npwp": "lpad(g::text, 16, '0')",
        "owner_nik": "''",
        "year_founded": "1980 + mod(g, 35)",
        "address": "'Jl. Raya No. ' || (1 + mod(g, 200))",
        "postal_code": "''",
        "regency": f"(%(regencies)s)[1 + mod({h}, %(n_regencies)s)]",
        "province": f"left((%(regencies)s)[1 + mod({h}, %(n_regencies)s)], 2)",
        "sector": "(%(sectors)s)[1 + mod(g, %(n_sectors)s)]",
        "kbli_codes": "''",
        "products": f"(%(products)s)[1 + mod({h} / 13, %(n_products)s)] || ', ' || "
        f"(%(products)s)[1 + mod({h} / 1009, %(n_products)s)]",
        "employees": "1 + mod(g, 200)",
        "capital": f"(100 + mod({h}, 9000))::numeric * 1000000",
        "annual_sales": f"{sales}::numeric * 1000000",
        "full_year_sales": "true",
        "size_class": f"CASE WHEN {sales} <= 2000 THEN 'micro' WHEN {sales} <= 15000 THEN 'small' ELSE 'medium' END",
        "size_criterion": "'sales'",
        "certifications": "'[]'::jsonb",
        "export_markets": "''",
        "eco_practices": "''",
        "contact_name": "'Kontak ' || g",
        "contact_position": "'Direktur'",
        "contact_email": "'info' || g || '@bench.example'",
        "contact_phone": "'+62812' || lpad(mod(g, 100000000)::text, 8, '0')",
        "consent_publish": f"mod({h}, 10) < 7",
        "consent_publish_at": "now()",
        "consent_share_korea": f"mod({h}, 10) < 9",
        "consent_share_korea_at": "now()",
        "consent_data_processing": "true",
        "created_at": "now()",
        "updated_at": "now()",
        "submitted_at": "now()",
        "verified_at": "now()",
    }
    columns, values, params = (
        [],
        [],
        {
            "w1": NAME_WORDS_1,
            "n1": len(NAME_WORDS_1),
            "w2": NAME_WORDS_2,
            "n2": len(NAME_WORDS_2),
            "regencies": regencies,
            "n_regencies": len(regencies),
            "sectors": sectors,
            "n_sectors": len(sectors),
            "products": PRODUCTS,
            "n_products": len(PRODUCTS),
        },
    )
    for field in SME._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in expressions:
            values.append(expressions[field.name])
        elif field.null:
            values.append("NULL")
        else:
            # A field added after this script was written: its default keeps the insert valid.
            key = f"default_{field.column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%({key})s")
    insert = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM generate_series(1, %(rows)s) AS g"
    )
    params["rows"] = rows

    with connection.cursor() as cur:
        # Secondary indexes (not those behind primary keys and unique constraints) are dropped for
        # the load and rebuilt afterwards: far faster than maintaining them row by row.
        cur.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = %s AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
            """,
            [table],
        )
        indexes = cur.fetchall()
        for name, _definition in indexes:
            cur.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        done = step(f"INSERT … SELECT generate_series(1, {rows:,})")
        cur.execute("SET synchronous_commit TO off")
        cur.execute(insert, params)
        done()
        through = SME.cooperation_interests.through._meta.db_table
        done = step("cooperation interests")
        cur.execute(
            f"INSERT INTO {through} (sme_id, cooperationform_id) "
            f"SELECT id, (%(forms)s::bigint[])[1 + mod(id, 4)] FROM {table} "
            f"UNION ALL SELECT id, (%(forms)s::bigint[])[1 + mod(id + 1, 4)] FROM {table} WHERE mod(id, 3) = 0",
            {"forms": forms},
        )
        done()
        cur.execute("SET maintenance_work_mem TO '512MB'")
        for name, definition in indexes:
            done = step(f"index {name}")
            cur.execute(definition)
            done()
        done = step("VACUUM ANALYZE")
        cur.execute(f"VACUUM ANALYZE {table}")
        cur.execute(f"VACUUM ANALYZE {through}")
        cur.execute("ANALYZE")  # the small reference tables too: the planner needs their sizes
        done()


def timed(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (and the status shown in the table)
    times = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "best": min(times),
        "median": statistics.median(times),
        "queries": len(queries) // repeat,
        "bytes": len(response.content),
    }


def cursor_at(position: int) -> str:
    """The keyset cursor of the published firm at ``position`` in directory order (not timed)."""
    from smes.models import SME
    from smes.pagination import encode_cursor

    row = SME.objects.published().order_by("legal_name", "pk").values_list("legal_name", "pk")[position]
    return encode_cursor(*row)


def measure(repeat: int) -> list[tuple[str, str, dict]]:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from partnership.lib import roles
    from smes.models import SME, Sector

    published = SME.objects.published().count()  # not timed: the pages never count like this
    sector = Sector.objects.get(code="food_processing")
    deep = cursor_at(published // 2)
    pages = [
        ("Directory, first page", "/sme/directory/"),
        (
            "Directory, filtered (sector + province + size)",
            f"/sme/directory/?sector={sector.pk}&province=32&size_class=small",
        ),
        ("Directory, filtered by regency", "/sme/directory/?province=32&regency=3201"),
        ("Directory, filtered by cooperation form", "/sme/directory/?cooperation=1"),
        ("Directory, text search (common word)", "/sme/directory/?q=keripik"),
        ("Directory, text search (rare word)", "/sme/directory/?q=biogas+fiberglass"),
        ("Directory, text search (no match)", "/sme/directory/?q=zzqxj"),
        (f"Directory, deep keyset page (row {published // 2:,})", f"/sme/directory/?after={deep}"),
        ("Directory, previous page from deep", f"/sme/directory/?before={deep}"),
        (
            "Firm's public page",
            f"/sme/directory/{SME.objects.published().order_by('pk').values_list('pk', flat=True)[500_000 if published > 500_000 else 0]}/",
        ),
    ]
    staff_pages = [
        ("Staff list, queue (submitted + needs info)", "/sme/staff/"),
        ("Staff list, all statuses", "/sme/staff/?status=all"),
        ("Staff list, search by NPWP", "/sme/staff/?status=all&q=0000000000123456"),
        ("Staff list, text search", "/sme/staff/?status=all&q=biogas"),
    ]
    anonymous = Client()
    staff_user, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    staff_user.groups.add(Group.objects.get(name=roles.STAFF_GROUP))
    staff = Client()
    staff.force_login(staff_user)

    results = []
    for label, url in pages:
        results.append((label, url, timed(anonymous, url, repeat)))
        print(f"  {label}: {results[-1][2]['best']:.0f} ms", flush=True)
    for label, url in staff_pages:
        results.append((label, url, timed(staff, url, repeat)))
        print(f"  {label}: {results[-1][2]['best']:.0f} ms", flush=True)
    return results


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0].split()[0]
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}), PostgreSQL {pg}, Python {platform.python_version()}"


def table(results, rows: int, published: int, repeat: int, fill_seconds: float | None) -> str:
    lines = [
        f"## {SECTION}",
        "",
        f"Measured {dt.date.today().isoformat()} by `bench/directory.py` on {machine()}; "
        f"{rows:,} SMEs, {published:,} of them in the public directory (verified and consenting). "
        f"Each page: one warm-up request, then the best and the median of {repeat} requests through "
        "Django's test client (the whole view: queries, template, response)."
        + (f" Filling the database took {fill_seconds:.0f} s." if fill_seconds else ""),
        "",
        "| page | URL | status | best (ms) | median (ms) | SQL queries |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label, url, r in results:
        shown = url if len(url) <= 60 else url[:57] + "…"
        lines.append(
            f"| {label} | `{shown}` | {r['status']} | {r['best']:.0f} | {r['median']:.0f} | {r['queries']} |"
        )
    lines += [
        "",
        "The machine is shared with other work, so single numbers vary; compare orders of magnitude. "
        "For reference, on this kind of machine an exact `COUNT(*)` over 1M rows costs 150–430 ms and an "
        "`OFFSET` to a deep page over a second: the directory avoids both (keyset pages; a list longer "
        "than a page shows PostgreSQL's estimate of its size, from the query plan). The HTTP figures "
        "(gunicorn, wrk, beside a hand-tuned view) are in the section of bench/http.py.",
        "",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replace this benchmark's section of bench/RESULTS.md (other benchmarks keep theirs)."""
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text + "\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(updated.rstrip("\n") + "\n")


def main() -> int:
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = database_name(url)
    print(f"Benchmark database: {name}")
    fill_seconds = None
    try:
        if not args.reuse:
            recreate_database(url)
        setup_django(url)
        from django.core.management import call_command

        from smes.models import SME

        done = step("migrate")
        call_command("migrate", verbosity=0)
        done()
        if not args.reuse or SME.objects.count() < args.rows:
            if args.reuse:
                SME.objects.all().delete()
            started = time.perf_counter()
            fill(args.rows)
            fill_seconds = time.perf_counter() - started
        published = SME.objects.published().count()
        print(f"Timing pages ({published:,} published firms) …")
        results = measure(args.repeat)
        text = table(results, args.rows, published, args.repeat, fill_seconds)
        print()
        print(text)
        if not args.no_write:
            write_section(text)
            print(f"Written to {RESULTS.relative_to(ROOT)}")
    finally:
        if not args.keep:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            drop_database(url)
            print(f"Dropped {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
