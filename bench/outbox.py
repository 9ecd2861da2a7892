"""Benchmark: a registration submit over HTTP when the SMTP server takes 2 s to answer.

    .venv/bin/python bench/outbox.py [--repeat 7] [--delay 2]

Makes its own PostgreSQL database (``mitra_bench_outbox_<pid>`` on BENCH_PG, default
postgres://postgres@127.0.0.1:5432; never the development or test database), migrates it, makes
firm owners with complete drafts, and starts an aiosmtpd server that waits ``--delay`` seconds
before accepting each message. Then, for each way of sending, it starts gunicorn (one process,
as in production) and times ``--repeat`` submits (``POST /sme/my-firm/submit/``, each by another
owner, already logged in), after one warm-up:

- before: ``MITRA_OUTBOX=false``, the mail is sent by the request itself, as the portal did before
  the outbox (it sent in ``transaction.on_commit``, inside the same request: the same wait);
- after: the outbox (the default), with one ``manage.py run_worker`` beside the server; the
  benchmark also times how long until the worker has handed every mail to the SMTP server.

It prints a table and writes it into bench/RESULTS.md under "Outbox: registration submit with a
slow SMTP server". The database is dropped at the end.
"""

import argparse
import datetime as dt
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "Outbox: registration submit with a slow SMTP server"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = f"mitra_bench_outbox_{os.getpid()}"
PASSWORD = "Bench-Outbox-2026"


def admin_sql(statement: str) -> None:
    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def write_results(section: str) -> None:
    """Replace this benchmark's section of bench/RESULTS.md (other benchmarks keep theirs)."""
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: section + "\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated.rstrip("\n") + "\n")


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def logged_in(server: str, username: str) -> requests.Session:
    http = requests.Session()
    http.get(f"{server}/accounts/login/", timeout=30)
    response = http.post(
        f"{server}/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": http.cookies["csrftoken"]},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, f"login of {username}: {response.status_code}"
    return http


def measure(mode: str, owners: list[str], env: dict, sink) -> dict:
    from tests.outbox.smtp_sink import free_port

    port = free_port()
    server = f"http://127.0.0.1:{port}"
    env = {**env, "MITRA_OUTBOX": "true" if mode == "after" else "false"}
    processes = [
        start(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "partnership.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            env,
        )
    ]
    if mode == "after":
        processes.append(
            start([sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.2"], env)
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{server}/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        sessions = [logged_in(server, username) for username in owners]
        before = len(sink.messages)
        times = []
        for http in sessions:
            started = time.perf_counter()
            response = http.post(
                f"{server}/sme/my-firm/submit/",
                {"csrfmiddlewaretoken": http.cookies["csrftoken"]},
                timeout=120,
                allow_redirects=False,
            )
            times.append(time.perf_counter() - started)
            assert response.status_code == 302, f"submit: {response.status_code}"
        requests_done = time.perf_counter()
        while len(sink.messages) - before < len(sessions) and time.perf_counter() - requests_done < 120:
            time.sleep(0.05)
        delivered = time.perf_counter() - requests_done
        measured = times[1:]  # the first one warms the server up
        return {
            "mode": mode,
            "runs": len(measured),
            "best": min(measured) * 1000,
            "median": statistics.median(measured) * 1000,
            "worst": max(measured) * 1000,
            "delivered": len(sink.messages) - before,
            "sent": len(sessions),
            "drain": delivered,
        }
    finally:
        for process in processes:
            stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--delay", type=float, default=2.0)
    args = parser.parse_args()

    from tests.outbox.smtp_sink import free_port
    from tests.outbox.smtp_sink import start as start_sink

    smtp_port = free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="partnership.settings",
        DATABASE_URL=f"{PG}/{DB}",
        DEBUG="1",
        CONN_MAX_AGE="0",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        LOG_LEVEL="WARNING",
    )
    os.environ.update(env)
    admin_sql(f'CREATE DATABASE "{DB}"')
    controller = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from smes.models import SME
        from tests import factories

        call_command("migrate", verbosity=0)
        owners = {"before": [], "after": []}
        for mode, names in owners.items():
            for n in range(args.repeat + 1):
                owner = factories.make_user(f"bench-{mode}-{n}", password=PASSWORD)
                factories.make_valid_sme(owner=owner, status=SME.Status.DRAFT)
                names.append(owner.username)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0].split()[0]
        connection.close()

        controller, sink = start_sink(smtp_port, delay=args.delay)
        results = [measure(mode, owners[mode], env, sink) for mode in ("before", "after")]
    finally:
        if controller is not None:
            controller.stop()
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')

    rows = [
        "| sending | submits timed | best (ms) | median (ms) | worst (ms) | mails at the SMTP server |",
        "|---|---:|---:|---:|---:|---|",
    ]
    labels = {
        "before": "before: from the request (`MITRA_OUTBOX=false`)",
        "after": "after: the outbox and one worker",
    }
    for result in results:
        drain = (
            "received during the requests"
            if result["mode"] == "before"
            else f"all {result['delivered']} of {result['sent']} {result['drain']:.1f} s after the last submit"
        )
        rows.append(
            f"| {labels[result['mode']]} | {result['runs']} | {result['best']:.0f} | {result['median']:.0f} | "
            f"{result['worst']:.0f} | {drain} |"
        )
    section = "\n".join(
        [
            f"## {SECTION}",
            "",
            f"Measured {dt.datetime.now(dt.UTC).date().isoformat()} by `bench/outbox.py` on {os.cpu_count()} cores, PostgreSQL "
            f"{pg_version}, Python {platform.python_version()}: `POST /sme/my-firm/submit/` over HTTP to gunicorn (one "
            f"process), an aiosmtpd server that waits {args.delay:g} s before accepting each message, "
            f"one warm-up submit then {args.repeat} submits, each by another logged-in owner. Before the outbox, "
            "the mail left in `transaction.on_commit` inside the request; `MITRA_OUTBOX=false` sends from the "
            "request the same way (the wait is the same). The machine is shared with other work.",
            "",
            *rows,
            "",
        ]
    )
    print(section)
    write_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
