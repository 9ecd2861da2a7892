"""Withdrawal of consent (UU 27/2022 Art. 9): at once everywhere, given again works, each change recorded."""

import pytest
from django.urls import reverse

from smes.models import ConsentChange

from .. import factories

pytestmark = pytest.mark.django_db


def _post(client, name, given):
    return client.post(reverse("privacy:consent"), {"consent": name, "given": "1" if given else "0"})


def test_withdrawing_publication_takes_the_firm_out_of_the_directory_at_once(client, sme, owner_user):
    assert client.get(reverse("smes:public_detail", args=[sme.pk])).status_code == 200
    client.force_login(owner_user)
    assert _post(client, "consent_publish", False).status_code == 302
    client.logout()
    assert sme.legal_name not in client.get(reverse("smes:directory")).content.decode()
    assert client.get(reverse("smes:public_detail", args=[sme.pk])).status_code == 404
    sme.refresh_from_db()
    assert sme.consent_publish is False and sme.consent_publish_at is None
    # Given again: back in the directory, with a new moment.
    client.force_login(owner_user)
    _post(client, "consent_publish", True)
    client.logout()
    assert client.get(reverse("smes:public_detail", args=[sme.pk])).status_code == 200
    sme.refresh_from_db()
    assert sme.consent_publish_at is not None
    changes = list(
        ConsentChange.objects.filter(sme=sme).order_by("at", "id").values_list("given", "source", "by")
    )
    assert changes == [(False, "rights_page", owner_user.pk), (True, "rights_page", owner_user.pk)]


def test_withdrawing_sharing_closes_the_korean_team_pages_at_once(client, sme, owner_user, korean_user):
    programme = factories.make_programme()
    entry = factories.make_roster_entry(sme, programme=programme)
    dossier = reverse("partnership:dossier", args=[programme.slug, entry.pk])
    client.force_login(korean_user)
    assert client.get(dossier).status_code == 200
    matches = reverse("cooperation:matches", args=[entry.pk])
    assert client.get(matches).status_code == 200
    client.force_login(owner_user)
    _post(client, "consent_share_korea", False)
    client.force_login(korean_user)
    assert client.get(dossier).status_code in {403, 404}
    assert client.get(matches).status_code in {403, 404}
    client.force_login(owner_user)
    _post(client, "consent_share_korea", True)
    client.force_login(korean_user)
    assert client.get(dossier).status_code == 200


def test_the_admin_records_its_consent_changes(client, staff_user):
    sme = factories.make_valid_sme()
    client.force_login(staff_user)
    url = reverse("admin:smes_sme_change", args=[sme.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            shown = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
            data[name] = "" if shown is None else shown
    for prefix in ("documents", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.pop("consent_share_korea", None)
    response = client.post(url, data)
    assert response.status_code == 302
    change = ConsentChange.objects.get(sme=sme)
    assert (change.consent, change.given, change.source, change.by) == (
        "consent_share_korea",
        False,
        "admin",
        staff_user,
    )


def test_an_unknown_consent_is_a_400(client, sme, owner_user):
    client.force_login(owner_user)
    assert (
        client.post(
            reverse("privacy:consent"), {"consent": "consent_data_processing", "given": "0"}
        ).status_code
        == 400
    )
    assert not ConsentChange.objects.exists()


def test_a_consent_sent_twice_is_recorded_once(client, sme, owner_user):
    client.force_login(owner_user)
    _post(client, "consent_share_korea", False)
    _post(client, "consent_share_korea", False)
    assert ConsentChange.objects.filter(sme=sme).count() == 1
    assert sme.data_requests.count() == 1
