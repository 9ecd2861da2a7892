"""Scale-out check on PostgreSQL: two gunicorn servers, two task workers, one SMTP sink.

    .venv/bin/python .ci/scaleout.py [--firms 150] [--keep]

Makes its own database (``mitra_scaleout_<pid>`` on SCALEOUT_PG, default
postgres://postgres@127.0.0.1:5432), migrates it and creates the firms, then starts two gunicorn
processes on two free ports, two ``manage.py run_worker`` processes and an aiosmtpd sink. It
drives a few hundred moves through both servers in turn, from several threads at once: the staff
member logs in on one server and works on both (the session is in the database), firm owners log
in on one and submit on the other. Then it checks:

- no answer was a server error, and a session made on one server works on the other;
- the caps held: 100 firms on the roster of 100 (the rest refused), 20 on the shortlist of 20;
- every mail of the outbox was sent, and the sink received each exactly once (by Message-ID);
- /healthz answers on both servers with the workers' heartbeat.

Exit status 0 when everything holds. The database is dropped at the end unless ``--keep``.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("SCALEOUT_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = f"mitra_scaleout_{os.getpid()}"
PASSWORD = "Scale-Out-Check-2026"
OWNERS = 12


def log(message: str) -> None:
    print(f"[scaleout {time.strftime('%H:%M:%S')}] {message}", flush=True)


def admin_sql(statement: str) -> None:
    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def environment(smtp_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="partnership.settings",
        DATABASE_URL=f"{PG}/{DB}",
        # DEBUG=1: plain-HTTP cookies and the development key, shared by both servers.
        DEBUG="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="0",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        LOG_LEVEL="WARNING",
    )
    env.pop("TEST_DATABASE_NAME", None)
    return env


def make_world(firms: int) -> dict:
    """The programme, a stage, a staff member, ``firms`` verified firms and owners with drafts."""
    from partnership.lib import roles
    from smes.models import SME, Regency
    from tests import factories

    staff = factories.make_user(
        "staf-scaleout", groups=(roles.STAFF_GROUP,), is_staff=True, password=PASSWORD
    )
    programme = factories.make_programme()
    stage = factories.make_stage(programme, regencies=Regency.objects.filter(code="3201"))
    verified = [factories.make_sme(language=("id", "en", "ko")[n % 3]).pk for n in range(firms)]
    owners = []
    for n in range(OWNERS):
        owner = factories.make_user(f"pemilik-scaleout-{n}", password=PASSWORD)
        factories.make_valid_sme(owner=owner, status=SME.Status.DRAFT, language=("ko", "id", "en")[n % 3])
        owners.append(owner.username)
    return {
        "staff": staff.username,
        "programme": programme.slug,
        "stage": stage.pk,
        "verified": verified,
        "owners": owners,
    }


def start(command: list[str], env: dict, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=open(f"/tmp/{DB}-{name}.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {timeout} s")


class Client:
    """A browser: one cookie jar (session, CSRF) used against both servers."""

    def __init__(self, servers: list[str]):
        self.servers = servers
        self.http = requests.Session()
        self.statuses: Counter = Counter()
        self.lock = threading.Lock()

    def _record(self, response):
        with self.lock:
            self.statuses[response.status_code] += 1
        return response

    def login(self, server: str, username: str) -> None:
        self.http.get(f"{server}/accounts/login/", timeout=30)
        response = self.http.post(
            f"{server}/accounts/login/",
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.http.cookies["csrftoken"],
            },
            timeout=30,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise SystemExit(f"login of {username} on {server} failed: {response.status_code}")

    def get(self, server: str, path: str):
        return self._record(self.http.get(f"{server}{path}", timeout=60, allow_redirects=False))

    def post(self, server: str, path: str, data: dict):
        data = {**data, "csrfmiddlewaretoken": self.http.cookies["csrftoken"]}
        return self._record(self.http.post(f"{server}{path}", data, timeout=60, allow_redirects=False))


def drive(world: dict, servers: list[str]) -> tuple[Counter, int]:
    from django.urls import reverse

    from partnership.models import RosterEntry

    a, b = servers
    staff = Client(servers)
    staff.login(a, world["staff"])
    # A session made on one server works on the other.
    if staff.get(b, reverse("smes:staff_list")).status_code != 200:
        raise SystemExit("the staff session made on server A is refused by server B")
    moves = 0

    def on(n):
        return servers[n % 2]

    # Firm owners: log in on one server, submit on the other.
    owners = []
    for n, username in enumerate(world["owners"]):
        owner = Client(servers)
        owner.login(on(n), username)
        owners.append(owner)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: owners[n].post(on(n + 1), reverse("smes:submit"), {}), range(len(owners))))
    moves += len(owners)

    # The roster: more verified firms than places, added one by one from four threads.
    roster_add = reverse("partnership:roster_add", args=[world["programme"]])
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(
                lambda item: staff.post(on(item[0]), roster_add, {"sme": item[1]}),
                enumerate(world["verified"]),
            )
        )
    moves += len(world["verified"])

    # The shortlist: 30 candidates for 20 places.
    entries = list(
        RosterEntry.objects.filter(programme__slug=world["programme"])
        .order_by("pk")
        .values_list("pk", flat=True)[:30]
    )
    shortlist_add = reverse("surveys:shortlist_add", args=[world["stage"]])
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(
                lambda item: staff.post(on(item[0]), shortlist_add, {"roster_entry": item[1]}),
                enumerate(entries),
            )
        )
    moves += len(entries)

    # The ministry verifies the firms the owners submitted.
    from smes.models import SME

    submitted = list(SME.objects.filter(status=SME.Status.SUBMITTED).values_list("pk", flat=True))
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(
                lambda item: staff.post(
                    on(item[0]), reverse("smes:staff_decide", args=[item[1]]), {"decision": "verified"}
                ),
                enumerate(submitted),
            )
        )
    moves += len(submitted)
    statuses = staff.statuses + sum((owner.statuses for owner in owners), Counter())
    return statuses, moves


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--firms", type=int, default=150, help="verified firms offered to the roster of 100")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    from tests.outbox.smtp_sink import free_port
    from tests.outbox.smtp_sink import start as start_sink

    smtp_port = free_port()
    env = environment(smtp_port)
    os.environ.update(env)
    started = time.monotonic()
    admin_sql(f'CREATE DATABASE "{DB}"')
    processes: list[subprocess.Popen] = []
    controller = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        world = make_world(args.firms)
        log(
            f"database {DB} migrated, {args.firms} verified firms and {OWNERS} drafts made ({time.monotonic() - started:.0f} s)"
        )

        controller, sink = start_sink(smtp_port)
        ports = [free_port(), free_port()]
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for n, port in enumerate(ports):
            processes.append(
                start(
                    [
                        str(ROOT / ".venv/bin/gunicorn"),
                        "partnership.wsgi",
                        "-b",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--threads",
                        "4",
                        "--timeout",
                        "60",
                    ],
                    env,
                    f"gunicorn{n}",
                )
            )
            processes.append(
                start(
                    [
                        sys.executable,
                        "manage.py",
                        "run_worker",
                        "--no-reload",
                        "--interval",
                        "0.2",
                        "--sweep-interval",
                        "2",
                        "--worker-id",
                        f"scaleout-worker-{n}",
                    ],
                    env,
                    f"worker{n}",
                )
            )
        for server in servers:
            wait_for(f"{server}/healthz")
        log(f"two servers on ports {ports}, two workers, SMTP sink on {smtp_port}")

        drive_started = time.monotonic()
        statuses, moves = drive(world, servers)
        log(
            f"{moves} moves through both servers in {time.monotonic() - drive_started:.1f} s; answers {dict(statuses)}"
        )

        from partnership.models import RosterEntry
        from partnership.outbox.models import OutboxMail
        from surveys.models import ShortlistEntry

        deadline = time.monotonic() + 90
        while OutboxMail.objects.filter(status="queued").exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        drained = time.monotonic() - drive_started

        failures = []
        if any(status >= 500 for status in statuses):
            failures.append(f"server errors: {dict(statuses)}")
        roster = RosterEntry.objects.filter(programme__slug=world["programme"]).count()
        shortlist = ShortlistEntry.objects.filter(stage_id=world["stage"], is_active=True).count()
        if roster != 100:
            failures.append(f"roster holds {roster}, not 100")
        if shortlist != 20:
            failures.append(f"shortlist holds {shortlist}, not 20")
        mails = list(OutboxMail.objects.values_list("status", "headers"))
        not_sent = Counter(status for status, _ in mails if status != "sent")
        if not_sent:
            failures.append(f"mails not sent: {dict(not_sent)}")
        expected = Counter(headers["Message-ID"] for _, headers in mails)
        with sink.lock:
            received = Counter(message["Message-ID"] for message in sink.messages)
        duplicates = {mid: n for mid, n in received.items() if n > 1}
        if duplicates:
            failures.append(f"{len(duplicates)} mails delivered more than once")
        if set(received) != set(expected):
            failures.append(
                f"sink and outbox differ: {len(set(expected) - set(received))} missing, "
                f"{len(set(received) - set(expected))} unknown"
            )
        for server in servers:
            health = requests.get(f"{server}/healthz", timeout=10).json()
            if health["database"] != "ok" or not health["last_worker_heartbeat"]:
                failures.append(f"{server}/healthz: {health}")
        from django_tasks_db.models import DBTaskResult

        by_worker = Counter(
            ids[-1] for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) if ids
        )
        log(f"tasks run per worker: {dict(by_worker)}")
        log(
            f"roster {roster}/100, shortlist {shortlist}/20, {len(mails)} mails in the outbox, "
            f"{sum(received.values())} received by the sink ({len(duplicates)} twice), all sent after {drained:.1f} s"
        )
        for failure in failures:
            log(f"FAILED: {failure}")
        if failures:
            for path in sorted(Path("/tmp").glob(f"{DB}-*.log")):
                log(f"--- {path} (last lines)")
                print("\n".join(path.read_text().splitlines()[-15:]))
            return 1
        log(f"scale-out check passed in {time.monotonic() - started:.0f} s")
        return 0
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if controller is not None:
            controller.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        for path in Path("/tmp").glob(f"{DB}-*.log"):
            if not args.keep:
                path.unlink()


if __name__ == "__main__":
    sys.exit(main())
