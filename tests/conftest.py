import pytest

from . import factories


@pytest.fixture
def staff_user(db):
    return factories.make_staff("staff")


@pytest.fixture
def korean_user(db):
    return factories.make_korean("korean")


@pytest.fixture
def owner_user(db):
    return factories.make_user("owner")


@pytest.fixture
def other_owner(db):
    user = factories.make_user("other-owner")
    factories.make_sme(owner=user, legal_name="PT Lain Sendiri")
    return user


@pytest.fixture
def sme(db, owner_user):
    return factories.make_sme(owner=owner_user, legal_name="PT Swen Inovasi Transfer")


@pytest.fixture(scope="session", autouse=True)
def _mail_through_the_outbox(django_test_environment):
    """Django's test set-up sends mail to locmem directly: put the outbox back in front of it.

    Every mail of the suite is then a row in the outbox, sent when its transaction commits (the
    immediate task backend of settings_test) by MITRA_DELIVERY_BACKEND, locmem, into mail.outbox.
    """
    from django.conf import settings

    settings.EMAIL_BACKEND = "partnership.outbox.backends.OutboxBackend"
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(config, items):
    """Give every transactional test (browser journeys, real concurrency) a serialized rollback.

    A transactional test ends by emptying every table, the reference data of the migrations
    (provinces, regencies, sectors, role groups) included, and re-creates the content types with
    new ids; a later test that restores the reference data then fails on a duplicate content type.
    With a serialized rollback each such test restores the reference data when it starts and
    skips re-creating content types when it ends, whatever order the tests run in.
    """
    names = ("transaction", "reset_sequences", "databases", "serialized_rollback", "available_apps")
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = {**dict(zip(names, marker.args, strict=False)), **marker.kwargs} if marker else {}
        transactional = (
            "transactional_db" in item.fixturenames
            or "live_server" in item.fixturenames
            or bool(kwargs.get("transaction") or kwargs.get("reset_sequences"))
        )
        if transactional:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the serialized reference data reachable from every context.

    Playwright's sync API runs its event loop in greenlets, each with its own context; Django keeps
    one connection object per context, and the serialized data that a serialized rollback restores
    is an attribute of the connection object that created the test database. Once the browser has
    started, tests see another connection object without it, and the restore silently does nothing.
    Keeping the data on the connection class makes it visible to every connection object.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code called directly by a test (services, forms) speaks English, the source language.

    Requests through the test client or the browser still choose their language as users do
    (Indonesian by default); e-mails still go out in the recipient's language.
    """
    from django.utils import translation

    with translation.override("en"):
        yield
