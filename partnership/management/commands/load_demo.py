"""Load the demo scenario: one login per role, the 2015 programme, the pilot firm and fictional
firms, then the roster, stages and visits, Korean partners and proposals.

Idempotent: a second run finds everything in place and changes nothing. The whole load is one
transaction, and no e-mail leaves the machine while it runs.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from partnership.demo import cooperation as demo_cooperation
from partnership.demo import pipeline as demo_pipeline
from partnership.demo import programme as demo_programme
from partnership.demo import smes as demo_smes
from partnership.demo import users as demo_users
from partnership.lib.versioned_cache import figures_moved
from partnership.models import CooperationProposal, KoreanPartner, Programme
from smes.models import SME
from surveys.models import ShortlistEntry, Stage, SurveyVisit

# The later parts of the scenario, each a module with load(*, programme, staff, korean).
STAGES = (
    (demo_pipeline, "roster, stages, survey visits and ranking"),
    (demo_cooperation, "Korean partners and cooperation proposals"),
)

# Where each demo user starts: URL names tried in order (the first that exists is printed).
START_PAGES = {
    "staff": [("smes:staff_list", ()), ("admin:index", ())],
    "korean": [("surveys:stage_list", ()), ("partnership:programme_detail", ("slug",))],
    "owner": [("smes:my_firm", ())],
    "korean_firm": [("partners:firm_list", ())],
    "admin": [("admin:index", ())],
}


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo users have published passwords: never on a live site.",
        )

    def handle(self, *args, allow_production=False, **options):
        testing = os.environ.get("TESTING", "").lower() in {"1", "true", "yes"}
        if not settings.DEBUG and not testing and not allow_production:
            raise CommandError(
                "load_demo creates users whose passwords are printed in the README. It runs only with "
                "DEBUG=1 (as `make run` does); pass --allow-production to load it anyway."
            )
        started = time.monotonic()
        self.verbose = options.get("verbosity", 1) >= 1
        # Demo firms have fictional .example addresses; still, nothing is sent during the load.
        # Notes the services write during the load are in the portal's language (the ministry's).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            translation.override(settings.LANGUAGE_CODE),
        ):
            with transaction.atomic():
                users = demo_users.load()
                programme = demo_programme.load()
                firms = demo_smes.load(users)
                self._say(
                    f"Firms: {firms['created']} created, {firms['existing']} already there "
                    f"({SME.objects.filter(status=SME.Status.VERIFIED).count()} verified in the database)."
                )
                for module, what in STAGES:
                    module.load(programme=programme, staff=users["staff"], korean=users["korean"])
                    self._say(f"Loaded {what}.")
                demo_cooperation.link_korean_firm_user(users["korean_firm"])
                # The loader's bulk writes and updates send no signal: the cached figures are stale.
                figures_moved()
        self._summary(programme)
        self._logins(programme)
        self._say(f"Demo scenario ready in {time.monotonic() - started:.1f} s.")

    def _say(self, text: str) -> None:
        if self.verbose:
            self.stdout.write(text)

    def _summary(self, programme: Programme) -> None:
        roster = programme.places_taken()
        self._say(f"Programme “{programme.name}”: {roster} / {programme.capacity} firms on the roster.")
        for stage in Stage.objects.filter(programme=programme).order_by("number"):
            shortlisted = ShortlistEntry.objects.filter(stage=stage, is_active=True).count()
            visits = SurveyVisit.objects.filter(
                shortlist_entry__stage=stage, status=SurveyVisit.Status.DONE
            ).count()
            self._say(
                f"  {stage.name}: {shortlisted} / {stage.capacity} shortlisted, {visits} survey visits done."
            )
        partners = KoreanPartner.objects.count()
        proposals = CooperationProposal.objects.filter(roster_entry__programme=programme).count()
        if partners or proposals:
            self._say(f"Korean partners: {partners}; cooperation proposals: {proposals}.")

    def _start_url(self, key: str, programme: Programme) -> str:
        for name, args in START_PAGES[key]:
            try:
                path = reverse(name, args=[programme.slug if a == "slug" else a for a in args])
            except NoReverseMatch:
                continue
            return settings.SITE_URL.rstrip("/") + path
        return settings.SITE_URL

    def _logins(self, programme: Programme) -> None:
        if not self.verbose:
            return
        rows = [("Role", "Username", "Password", "Open")]
        for login in demo_users.DEMO_LOGINS:
            rows.append((login.role, login.username, login.password, self._start_url(login.key, programme)))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (demo data only: never use these on a live site)"))
        self.stdout.write(line)
        for number, row in enumerate(rows):
            self.stdout.write(
                "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
            )
            if number == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write(f"Log in at {settings.SITE_URL.rstrip('/')}{reverse('login')}")
