"""One demo login per role. The passwords are published (README, ``make run``): demo only."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password

from partnership.lib import roles


@dataclass(frozen=True)
class DemoLogin:
    key: str  # how the other loaders refer to the user
    username: str
    password: str
    role: str  # shown in the "Demo logins" table
    first_name: str
    last_name: str
    email: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False
    language: str = "id"


DEMO_LOGINS = (
    DemoLogin(
        key="staff",
        username="staf",
        password="Staf-Kemenkop-2015",
        role="Ministry staff",
        first_name="Sari",
        last_name="Wulandari (demo)",
        email="staf@mitra-ukm.example",
        groups=(roles.STAFF_GROUP,),
        # The Django admin needs is_staff; the group gives the role, not superuser powers.
        is_staff=True,
    ),
    DemoLogin(
        key="korean",
        username="korea",
        password="Korea-ASEIC-2015",
        role="Korean team",
        first_name="Ji-won",
        last_name="Park (demo)",
        email="korea@mitra-ukm.example",
        groups=(roles.KOREAN_TEAM_GROUP,),
        language="ko",
    ),
    DemoLogin(
        key="owner",
        username="pemilik",
        password="Pemilik-Biogas-2015",
        role="SME owner (PT Swen Inovasi Transfer)",
        first_name="Dimas",
        last_name="Prasetyo (demo)",
        email="pemilik@swen-inovasi.example",
    ),
    DemoLogin(
        key="korean_firm",
        username="hanbit",
        password="Hanbit-Biogas-2015",
        role="Korean firm user (Hanbit Biogas Engineering)",
        first_name="Min-su",
        last_name="Kim (demo)",
        email="minsu@hanbit-biogas.example",
        groups=(roles.KOREAN_FIRM_GROUP,),
        language="ko",
    ),
    DemoLogin(
        key="admin",
        username="admin",
        password="Admin-Mitra-2015",
        role="Administrator (superuser)",
        first_name="Admin",
        last_name="Mitra UKM",
        email="admin@mitra-ukm.example",
        is_staff=True,
        is_superuser=True,
    ),
)


def load() -> dict[str, User]:
    """Create or refresh the demo users; return them by key (staff, korean, owner, admin).

    A second run leaves the users as they are, except that it restores the published password
    and group memberships, so that the printed logins always work.
    """
    users = {}
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults=dict(
                first_name=login.first_name,
                last_name=login.last_name,
                email=login.email,
                is_staff=login.is_staff,
                is_superuser=login.is_superuser,
            ),
        )
        changed = []
        for field in ("is_staff", "is_superuser"):
            if getattr(user, field) != getattr(login, field):
                setattr(user, field, getattr(login, field))
                changed.append(field)
        if not user.is_active:
            user.is_active = True
            changed.append("is_active")
        if created or not user.check_password(login.password):
            validate_password(login.password, user)
            user.set_password(login.password)
            changed.append("password")
        if changed and not created:
            user.save(update_fields=changed)
        elif created:
            user.save()
        wanted = set(Group.objects.filter(name__in=login.groups))
        missing = wanted - set(user.groups.all())
        if missing:
            user.groups.add(*missing)
        users[login.key] = user
    return users
