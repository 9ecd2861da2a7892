"""Benchmark: the pages as users get them, over HTTP, with 1,000,000 SMEs on PostgreSQL.

    .venv/bin/python bench/http.py [--rows 1000000] [--duration 5] [--keep] [--reuse] [--no-write]

Fills (or, with ``--reuse``, reuses) the benchmark database of bench/directory.py
(``mitra_bench`` unless BENCH_DATABASE_URL says otherwise), adds an active programme with a roster
and a staff account, starts gunicorn (2 sync workers, the production settings with DEBUG off,
persistent connections) with the hand-tuned reference view of ``bench/http_app`` beside the site,
and runs wrk (Debian's package) on every page at 1 and at 4 clients, the reference view in the
same run. Then it downloads the CSV export of every firm (time to the first byte, total time, size,
the worker's peak memory) and profiles the slowest page with pyinstrument. It writes p50, p99,
req/s and the ratios to the reference into bench/RESULTS.md ("HTTP, 1,000,000 SMEs"), with the
date, the machine and its load average: the machine is shared, so the ratio to the reference
view, measured in the same run, is the figure that counts.
"""

import sys

# This file is named http.py: the standard library's http package must come first, so the folder of
# the script goes to the end of the path (where ``import directory`` still finds bench/directory.py).
_HERE = sys.path.pop(0)
sys.path.append(_HERE)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import http.client  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import directory  # noqa: E402  (bench/directory.py: the database, its fill, the results file)

ROOT = directory.ROOT
BENCH = ROOT / "bench"
SECTION = "HTTP, 1,000,000 SMEs (gunicorn + wrk)"
PORT = int(os.environ.get("BENCH_HTTP_PORT", "8765"))
PROGRAMME_SLUG = "bench-programme"
# One key for this process (which makes the staff session) and the server (which reads it).
SECRET_KEY = "bench-only-secret-key-not-for-any-real-site-0123456789"
ROSTER_SIZE = 100
# Targets of issue 14 (p50 in ms at 4 clients, unless said otherwise).
DIRECTORY_RATIO = 1.5
DIRECTORY_P99 = 60
STAFF_P50 = 60
PUBLIC_P50 = 30
SEARCH_P50 = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="number of SMEs (default 1,000,000)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page and client count")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a filled database from --keep")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--no-export", action="store_true", help="skip the download of every firm")
    parser.add_argument(
        "--pages",
        help="only these pages (comma-separated keys: dir_first, dir_filtered, dir_deep, dir_search, "
        "staff_queue, staff_search, admin_all, admin_filtered, admin_search, home, programme, dashboard); "
        "prints their figures and writes nothing (no export, EXPLAIN or profile)",
    )
    parser.add_argument(
        "--export-seconds",
        type=int,
        default=300,
        help="stop reading the export after this long and report its rate (default 300)",
    )
    return parser.parse_args()


# --- the data ------------------------------------------------------------------------------------


def prepare(rows: int, reuse: bool) -> float | None:
    from django.core.management import call_command

    from smes.models import SME

    done = directory.step("migrate")
    call_command("migrate", verbosity=0)
    done()
    fill_seconds = None
    if not reuse or SME.objects.count() < rows:
        if reuse:
            SME.objects.all().delete()
        started = time.perf_counter()
        directory.fill(rows)
        fill_seconds = time.perf_counter() - started
    return fill_seconds


def programme_and_staff():
    """An active programme whose roster holds ``ROSTER_SIZE`` verified firms, and a staff account
    with its session (the figures of the home page and the dashboard then count something)."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from partnership.lib import roles
    from partnership.models import Programme, RosterEntry
    from partnership.roster import services as roster_services
    from smes.models import SME

    staff, _ = User.objects.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "email": "bench-staff@bench.example"}
    )
    staff.groups.add(Group.objects.get(name=roles.STAFF_GROUP))
    programme, _ = Programme.objects.get_or_create(
        slug=PROGRAMME_SLUG, defaults={"name": "Benchmark programme", "year": 2026, "capacity": 1000}
    )
    Programme.objects.exclude(pk=programme.pk).update(is_active=False)
    if not programme.is_active:
        programme.is_active = True
        programme.save()
    have = RosterEntry.objects.filter(programme=programme).count()
    if have < ROSTER_SIZE:
        done = directory.step(f"roster of {ROSTER_SIZE} firms")
        taken = RosterEntry.objects.values("sme_id")
        firms = SME.objects.filter(status=SME.Status.VERIFIED, consent_share_korea=True).exclude(pk__in=taken)
        for sme in firms.order_by("pk")[: ROSTER_SIZE - have]:
            roster_services.roster_add(programme, sme, by=staff)
        done()
    client = Client()
    client.force_login(staff)
    return programme, client.cookies["sessionid"].value


def pages(programme) -> list[dict]:
    from smes.models import SME, Sector

    published = SME.objects.published().count()  # not timed
    sector = Sector.objects.get(code="food_processing")
    deep = directory.cursor_at(published // 2)
    slug = programme.slug

    def page(key, label, url, *, staff=False, reference=None, group="directory"):
        return {
            "key": key,
            "label": label,
            "url": url,
            "staff": staff,
            "reference": reference,
            "group": group,
        }

    return [
        page(
            "dir_first", "directory, first page", "/sme/directory/", reference="/bench/reference/directory/"
        ),
        page(
            "dir_filtered",
            "directory, sector + province + size",
            f"/sme/directory/?sector={sector.pk}&province=32&size_class=small",
        ),
        page(
            "dir_deep",
            f"directory, deep keyset page (row {published // 2:,})",
            f"/sme/directory/?after={deep}",
            reference=f"/bench/reference/directory/?after={deep}",
        ),
        page(
            "dir_search",
            "directory, search for a common word",
            "/sme/directory/?q=keripik",
            reference="/bench/reference/directory/?q=keripik",
            group="search",
        ),
        page("staff_queue", "staff queue", "/sme/staff/", staff=True, group="staff"),
        page(
            "staff_search",
            "staff list, text search",
            "/sme/staff/?status=all&q=biogas",
            staff=True,
            group="staff",
        ),
        page("admin_all", "admin changelist, all", "/admin/smes/sme/", staff=True, group="staff"),
        page(
            "admin_filtered",
            "admin changelist, filtered",
            "/admin/smes/sme/?status__exact=submitted",
            staff=True,
            group="staff",
        ),
        page(
            "admin_search",
            "admin changelist, search by name",
            "/admin/smes/sme/?q=biogas",
            staff=True,
            group="staff",
        ),
        page("home", "home page", "/", group="public"),
        page("programme", "programme page", f"/programme/{slug}/", group="public"),
        page("dashboard", "dashboard", f"/programme/{slug}/dashboard/", staff=True, group="public"),
    ]


# --- the server ----------------------------------------------------------------------------------


def server_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.http_app.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="600",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback
        MITRA_2FA_REQUIRED="0",  # the staff account logs in with its session cookie only
        PYTHONPATH=str(ROOT),  # bench.http_app: a namespace package, bench/ itself is not on the path
    )
    env.pop("TESTING", None)
    return env


def start_gunicorn(url: str) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "partnership.wsgi:application",
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{PORT}",
        # The export of a million firms streams for minutes: a sync worker that is busy writing is
        # not "silent", but gunicorn's 30 s default would kill it. Production needs the same.
        "--timeout=900",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(url), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn did not start")
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not listen in time")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def workers(server: subprocess.Popen) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.pid:
                children.append(int(entry.name))
    return children


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- measuring -----------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
NEWLINE = bytes([10])


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, clients: int, duration: int, cookie: str | None) -> dict:
    command = [
        "wrk",
        f"-t{min(clients, 2)}",
        f"-c{clients}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{url}"], capture_output=True, text=True, timeout=duration + 60
    ).stdout
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    if not (p50 and p99 and rate):
        raise RuntimeError(f"wrk output not understood for {url}:\n{out}")
    return {
        "p50": _ms(p50.group(1)),
        "p99": _ms(p99.group(1)),
        "rate": float(rate.group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "requests": int(total.group(1)) if total else 0,
    }


def status_of(url: str, cookie: str | None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    conn.request("GET", url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def download(url: str, cookie: str, limit: int) -> dict:
    """Read the export as a browser would, for at most ``limit`` seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=900)
    started = time.perf_counter()
    conn.request("GET", url, headers={"Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size, lines, complete = len(first), first.count(NEWLINE), False
    try:
        while time.perf_counter() - started < limit:
            chunk = response.read1(1 << 16)
            if not chunk:
                complete = True
                break
            size += len(chunk)
            lines += chunk.count(NEWLINE)
    except (OSError, http.client.HTTPException) as error:
        print(f" (stopped: {error})", end="")
    total = time.perf_counter() - started
    conn.close()
    return {
        "status": response.status,
        "first_byte": first_byte,
        "total": total,
        "bytes": size,
        "lines": lines,
        "complete": complete,
    }


def profile(url: str, cookie_user) -> str:
    """A pyinstrument profile of ``url`` (five requests through the test client, in this process)."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    if cookie_user is not None:
        client.force_login(cookie_user)
    client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(5):
        client.get(url)
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    return "\n".join(text.splitlines()[:70])


def explain(todo: list[dict], staff_user) -> dict:
    """For each page: its SQL statements (one request through the test client, in this process)
    and the slowest of them under ``EXPLAIN (ANALYZE)``, planning included."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    anonymous, staff = Client(), Client()
    staff.force_login(staff_user)
    found = {}
    for page in todo:
        client = staff if page["staff"] else anonymous
        client.get(page["url"])  # warm: the cached figures and choice lists as a visitor finds them
        with CaptureQueriesContext(connection) as queries:
            client.get(page["url"])
        slowest = (0.0, "")
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                import json

                plan = json.loads(plan)
            took = plan[0]["Execution Time"] + plan[0]["Planning Time"]
            if took > slowest[0]:
                slowest = (took, sql)
        found[page["key"]] = {"queries": len(queries.captured_queries), "slowest": slowest}
    return found


# --- the report ----------------------------------------------------------------------------------


def machine_line() -> str:
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{directory.machine()}; load average {' / '.join(load)}"


def verdicts(rows: dict) -> list[str]:
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(f"- {'met' if ok else '**not met**'}: {text}")

    for key in ("dir_first", "dir_deep"):
        r = rows[key]
        ratio = r[4]["p50"] / r["ref4"]["p50"]
        check(
            ratio <= DIRECTORY_RATIO,
            f"{r['label']}: p50 {ratio:.2f}× the reference at 4 clients (≤ {DIRECTORY_RATIO}×)",
        )
    for key in ("dir_first", "dir_filtered", "dir_deep"):
        r = rows[key]
        check(
            r[4]["p99"] <= DIRECTORY_P99,
            f"{r['label']}: p99 {r[4]['p99']:.0f} ms at 4 clients (≤ {DIRECTORY_P99} ms)",
        )
    for key in ("dir_first", "dir_deep"):
        r = rows[key]
        check(r[4]["rate"] >= 120, f"{r['label']}: {r[4]['rate']:.0f} req/s at 4 clients (≥ 120)")
    r = rows["dir_search"]
    check(
        r[4]["p50"] <= SEARCH_P50, f"{r['label']}: p50 {r[4]['p50']:.0f} ms at 4 clients (≤ {SEARCH_P50} ms)"
    )
    for row in rows.values():
        if row["group"] == "staff":
            check(
                row[4]["p50"] <= STAFF_P50,
                f"{row['label']}: p50 {row[4]['p50']:.0f} ms at 4 clients (≤ {STAFF_P50} ms)",
            )
        if row["group"] == "public":
            check(
                row[4]["p50"] <= PUBLIC_P50,
                f"{row['label']}: p50 {row[4]['p50']:.0f} ms at 4 clients (≤ {PUBLIC_P50} ms)",
            )
    return lines


def report(
    rows: dict, export: dict | None, profiled: tuple[str, str] | None, args, published: int, fill, plans=None
) -> str:
    out = [
        f"## {SECTION}",
        "",
        f"Measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC by `bench/http.py` on "
        f"{machine_line()}. {args.rows:,} SMEs ({published:,} in the public directory); gunicorn with 2 "
        "sync workers, the production settings (DEBUG off, CONN_MAX_AGE 600); wrk "
        f"{args.duration} s per page at 1 and 4 clients; the hand-tuned reference view "
        "(`bench/http_app/reference.py`: one keyset query, no ORM, no template) in the same run."
        + (f" Filling the database took {fill:.0f} s." if fill else ""),
        "",
        "| page (1M firms) | status | 1 client p50 / p99 (ms) | 4 clients p50 / p99 (ms) | 4 clients req/s "
        "| reference 1 client p50 | reference 4 clients p50 / req/s | ratio p50 at 4 clients |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows.values():
        one, four = row[1], row[4]
        ref = "—", "—", "—"
        if row.get("ref1"):
            ref = (
                f"{row['ref1']['p50']:.1f}",
                f"{row['ref4']['p50']:.1f} / {row['ref4']['rate']:.0f}",
                f"{four['p50'] / row['ref4']['p50']:.2f}×",
            )
        errors = f" ({four['errors'] + one['errors']} non-2xx)" if four["errors"] + one["errors"] else ""
        out.append(
            f"| {row['label']} | {row['status']}{errors} | {one['p50']:.1f} / {one['p99']:.1f} "
            f"| {four['p50']:.1f} / {four['p99']:.1f} | {four['rate']:.0f} | {ref[0]} | {ref[1]} | {ref[2]} |"
        )
    if export:
        rows_read = max(export["lines"] - 1, 0)
        rate = rows_read / export["total"] if export["total"] else 0
        if export["complete"]:
            how = f"complete after {export['total']:.0f} s"
        else:
            left = (args.rows - rows_read) / rate if rate else float("inf")
            how = (
                f"still streaming when the benchmark stopped reading after {export['total']:.0f} s "
                f"(at this rate the whole file takes about {export['total'] + left:.0f} s)"
            )
        out += [
            "",
            f"Export of the staff list, every firm, CSV (`{export['url']}`): status {export['status']}, first "
            f"byte after {export['first_byte'] * 1000:.0f} ms, {how}; {export['bytes'] / 1e6:.0f} MB, "
            f"{rows_read:,} rows read ({rate:,.0f} rows/s); the serving worker's peak memory (VmHWM) "
            f"{export['rss_before']:.0f} MB before the download, {export['rss_after']:.0f} MB after it.",
        ]
    if plans:
        out += [
            "",
            "SQL of each page (one request, warm caches, as a visitor finds them) and its slowest statement "
            "under `EXPLAIN (ANALYZE)`, planning included (targets: ≤ 8 queries, no statement over 50 ms):",
            "",
            "| page | queries | slowest statement (ms) | that statement |",
            "|---|---:|---:|---|",
        ]
        for key, plan in plans.items():
            took, sql = plan["slowest"]
            shown = re.sub(r"\s+", " ", sql)[:110].replace("|", "\\|")
            out.append(f"| {rows[key]['label']} | {plan['queries']} | {took:.1f} | `{shown}…` |")
    out += ["", "Targets (issue 14):", "", *verdicts(rows)]
    if profiled:
        out += [
            "",
            f"Profile of the slowest page at 4 clients, {profiled[0]} (pyinstrument, five requests through the "
            "test client in the benchmark process):",
            "",
            "```",
            profiled[1],
            "```",
        ]
    out.append("")
    return "\n".join(out)


def write_section(text: str) -> None:
    current = directory.RESULTS.read_text() if directory.RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text + "\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    directory.RESULTS.write_text(updated.rstrip("\n") + "\n")


def _stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # runs the finally blocks: gunicorn is stopped


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", directory.DEFAULT_URL)
    name = directory.database_name(url)
    print(f"Benchmark database: {name}")
    server = None
    try:
        if not args.reuse:
            directory.recreate_database(url)
        os.environ["SECRET_KEY"] = SECRET_KEY
        directory.setup_django(url)
        fill = prepare(args.rows, args.reuse)
        programme, cookie = programme_and_staff()
        from smes.models import SME

        published = SME.objects.published().count()
        todo = pages(programme)
        if args.pages:
            wanted = set(args.pages.split(","))
            unknown = wanted - {page["key"] for page in todo}
            if unknown:
                sys.exit(f"unknown pages: {', '.join(sorted(unknown))}")
            todo = [page for page in todo if page["key"] in wanted]
        from django.db import connections

        connections.close_all()
        done = directory.step("start gunicorn")
        server = start_gunicorn(url)
        done()
        rows = {}
        for page in todo:
            jar = cookie if page["staff"] else None
            row = dict(page, status=status_of(page["url"], jar))
            if row["status"] != 200:
                raise RuntimeError(
                    f"{page['url']} answered {row['status']}, not 200: the benchmark would time another page"
                )
            status_of(page["url"], jar)  # both workers warm
            for clients in (1, 4):
                row[clients] = wrk(page["url"], clients, args.duration, jar)
                if page["reference"]:
                    row[f"ref{clients}"] = wrk(page["reference"], clients, args.duration, None)
            rows[page["key"]] = row
            ref = f", reference {row['ref4']['p50']:.1f} ms" if page["reference"] else ""
            print(
                f"  {page['label']}: p50 {row[1]['p50']:.1f} / {row[4]['p50']:.1f} ms at 1 / 4 clients{ref}",
                flush=True,
            )
        if args.pages:
            print(f"Only {args.pages}: nothing written ({machine_line()})")
            return 0
        export = None
        if not args.no_export:
            export_url = "/sme/staff/export/?status=all&format=csv"
            before = {pid: peak_rss_mb(pid) for pid in workers(server)}
            done = directory.step("export of every firm (CSV)")
            export = download(export_url, cookie, args.export_seconds)
            after = {pid: peak_rss_mb(pid) for pid in workers(server)}
            grown = max(after, key=lambda pid: after[pid] - before.get(pid, 0))
            export.update(url=export_url, rss_before=before.get(grown, 0), rss_after=after[grown])
            done(f"{export['bytes'] / 1e6:.0f} MB, first byte {export['first_byte'] * 1000:.0f} ms")
        stop(server)
        server = None
        slowest = max(rows.values(), key=lambda row: row[4]["p50"])
        from django.contrib.auth.models import User

        staff_user = User.objects.get(username="bench-staff")
        done = directory.step("EXPLAIN (ANALYZE) of every page's statements")
        plans = explain(todo, staff_user)
        done()
        done = directory.step(f"profile {slowest['label']}")
        profiled = (slowest["label"], profile(slowest["url"], staff_user if slowest["staff"] else None))
        done()
        text = report(rows, export, profiled, args, published, fill, plans)
        print()
        print(text)
        if not args.no_write:
            write_section(text)
            print(f"Written to {directory.RESULTS.relative_to(ROOT)}")
    finally:
        if server is not None:
            stop(server)
        if not args.keep:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            directory.drop_database(url)
            print(f"Dropped {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
