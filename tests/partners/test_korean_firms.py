"""Korean firms register, are verified by staff, and find the Indonesian firms that agreed to it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnership.cooperation.validators import with_check_digit
from partnership.lib import roles
from partnership.models import KoreanPartner, PartnerEvent, PartnerInvitation
from partnership.partners import invitations, services
from partnership.privacy.models import AccessLog
from smes.models import CooperationForm, Province

from .. import factories

pytestmark = pytest.mark.django_db

BRN = with_check_digit("220810001")


def registration_data(**overrides):
    data = {
        "account-username": "hanbit",
        "account-email": "ceo@hanbit.example.kr",
        "account-password1": "Seoul-pass-2026!",
        "account-password2": "Seoul-pass-2026!",
        "name_ko": "한빛기계",
        "name_en": "Hanbit Machinery",
        "brn": BRN.replace("-", ""),
        "region": "KR-41",
        "sector": factories.Sector.objects.get(code="metal").pk,
        "size": "small",
        "offers": "CNC machining, fibreglass tanks moulds",
        "needs": "Indonesian suppliers of fibreglass tanks",
        "cooperation_forms": [CooperationForm.objects.get(code="technology_transfer").pk],
        "preferred_provinces": [Province.objects.get(code="32").pk],
        "contact_name": "김민수",
        "contact_email": "minsu@hanbit.example.kr",
        "contact_phone": "02-312-3456",
        "language": "ko",
        "consent_contact": "on",
    }
    data.update(overrides)
    return data


def test_the_registration_page_is_in_korean_by_default(client):
    response = client.get(reverse("partners:register"))
    assert response.status_code == 200
    assert "사업자등록번호" in response.content.decode()


def test_a_korean_firm_registers_and_gets_a_mail_in_korean(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:register"), registration_data())
    assert response.status_code == 302, response.context["firm_form"].errors
    partner = KoreanPartner.objects.get(brn=BRN)
    assert partner.status == KoreanPartner.Status.SUBMITTED
    assert not partner.is_active  # out of matching and proposals until verified
    assert partner.consent_contact_at is not None
    member = partner.members.get()
    assert member.is_admin and member.user.username == "hanbit"
    assert roles.is_korean_firm(member.user)
    assert [m.subject for m in mail.outbox] == ["한빛기계의 등록 신청이 접수되었습니다"]
    assert set(mail.outbox[0].to) == {"minsu@hanbit.example.kr", "ceo@hanbit.example.kr"}


def test_a_duplicate_number_is_told_plainly_and_nothing_is_written(client):
    factories.make_partner(brn=BRN)
    response = client.post(reverse("partners:register"), registration_data())
    assert response.status_code == 200
    assert "이미 등록되어" in str(response.context["firm_form"].errors["brn"])
    # What was typed is kept; no account was created.
    assert response.context["firm_form"]["name_ko"].value() == "한빛기계"
    assert not factories.User.objects.filter(username="hanbit").exists()


def test_a_wrong_check_digit_and_a_missing_consent_are_refused(client):
    bad = BRN[:-1] + str((int(BRN[-1]) + 1) % 10)
    response = client.post(reverse("partners:register"), registration_data(brn=bad, consent_contact=""))
    errors = response.context["firm_form"].errors
    assert "brn" in errors and "consent_contact" in errors
    assert not KoreanPartner.objects.filter(name_en="Hanbit Machinery").exists()


def test_staff_verify_ask_and_reject_through_the_table(staff_user, django_capture_on_commit_callbacks):
    user = factories.make_korean_firm_user(verified=False)
    partner = KoreanPartner.objects.get(members__user=user)
    with pytest.raises(PermissionDenied):
        services.verify(partner, by=user)
    with pytest.raises(ValidationError):
        services.request_info(partner, by=staff_user, note="")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_info(partner, by=staff_user, note="사업자등록증 사본을 올려 주십시오.")
        services.resubmit(partner, by=user)
        partner = services.verify(partner, by=staff_user)
    assert partner.status == KoreanPartner.Status.VERIFIED and partner.is_active
    assert list(PartnerEvent.objects.filter(partner=partner).values_list("to_state", flat=True)) == [
        "needs_info",
        "submitted",
        "verified",
    ]
    assert len(mail.outbox) == 3
    with pytest.raises(ValidationError):
        services.reject(partner, by=staff_user, note="too late")


def test_the_staff_decision_page(client, staff_user):
    user = factories.make_korean_firm_user(verified=False)
    partner = KoreanPartner.objects.get(members__user=user)
    client.force_login(staff_user)
    assert client.get(reverse("partners:staff_list")).status_code == 200
    response = client.post(reverse("partners:staff_decide", args=[partner.pk]), {"decision": "reject"})
    assert response.status_code == 400  # a note is needed
    partner.refresh_from_db()
    assert partner.status == KoreanPartner.Status.SUBMITTED
    response = client.post(reverse("partners:staff_decide", args=[partner.pk]), {"decision": "verify"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.is_verified


def test_an_unverified_firm_sees_no_indonesian_firm(client):
    user = factories.make_korean_firm_user(verified=False)
    client.force_login(user)
    assert client.get(reverse("partners:firm_list")).status_code == 403
    assert client.get(reverse("partners:home")).url == reverse("partners:my_firm")


def test_a_verified_firm_sees_only_consenting_firms_and_no_contact(client, django_assert_max_num_queries):
    shared = factories.make_sme(legal_name="PT Berbagi Korea", products="fibreglass tanks")
    factories.make_sme(legal_name="PT Tidak Berbagi", consent_share_korea=False)
    factories.make_sme(legal_name="PT Tidak Terbit", consent_publish=False)
    factories.make_sme(legal_name="PT Belum Verifikasi", status="submitted")
    user = factories.make_korean_firm_user()
    partner = KoreanPartner.objects.get(members__user=user)
    partner.offers = "fibreglass tanks moulds"
    partner.save()
    client.force_login(user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("partners:firm_list"))
    names = [sme.legal_name for sme in response.context["firms"]]
    assert names == ["PT Berbagi Korea"]
    assert [match.sme.pk for match in response.context["matches"]] == [shared.pk]
    assert response.context["matches"][0].reasons  # with its reasons
    # Filters: another sector hides it.
    response = client.get(
        reverse("partners:firm_list"), {"sector": factories.Sector.objects.get(code="food_processing").pk}
    )
    assert list(response.context["firms"]) == []
    response = client.get(reverse("partners:firm_detail", args=[shared.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for secret in (shared.contact_email, shared.contact_phone, shared.npwp, shared.nib, "Budi"):
        assert secret not in body
    line = AccessLog.objects.get(user=user)
    assert list(line.firms.all()) == [shared] and partner.brn in line.detail


def test_withdrawing_the_consent_hides_the_firm_at_once(client):
    sme = factories.make_sme()
    user = factories.make_korean_firm_user()
    client.force_login(user)
    assert client.get(reverse("partners:firm_detail", args=[sme.pk])).status_code == 200
    sme.consent_share_korea = False
    sme.save()
    assert client.get(reverse("partners:firm_detail", args=[sme.pk])).status_code == 404


def test_the_owner_reads_a_verified_korean_firms_public_profile(client, sme, owner_user):
    verified = factories.make_partner(contact_email="secret@kr.example", contact_phone="02-312-3456")
    pending = factories.make_partner(status="submitted", is_active=False)
    client.force_login(owner_user)
    response = client.get(reverse("partners:partner_profile", args=[verified.pk]))
    assert response.status_code == 200
    assert "secret@kr.example" not in response.content.decode()
    assert client.get(reverse("partners:partner_profile", args=[pending.pk])).status_code == 404


def test_staff_invite_a_kept_record_to_claim_its_account(
    client, staff_user, django_capture_on_commit_callbacks
):
    partner = factories.make_partner(contact_email="boss@daon.example.kr", language="ko")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners:invite", args=[partner.pk]), {"email": "boss@daon.example.kr"}
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["boss@daon.example.kr"] and "초대" in message.subject
    link = next(word for word in message.body.split() if "/korean-firms/claim/" in word)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "account-username": "daon",
            "account-email": "boss@daon.example.kr",
            "account-password1": "Daon-moulds-2026",
            "account-password2": "Daon-moulds-2026",
        },
    )
    assert response.status_code == 302
    member = partner.members.get()
    assert member.user.username == "daon" and member.is_admin and roles.is_korean_firm(member.user)
    # The link works once.
    client.logout()
    assert client.get(path).status_code == 404


def test_a_forged_or_expired_link_and_a_revoked_invitation_are_refused(client, staff_user):
    partner = factories.make_partner()
    invitation = PartnerInvitation.objects.create(
        partner=partner, email="x@kr.example", invited_by=staff_user
    )
    token = invitations.token_for(invitation)
    assert client.get(reverse("partners:claim", args=[token + "x"])).status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        assert client.get(reverse("partners:claim", args=[token])).status_code == 404
    assert client.get(reverse("partners:claim", args=[token])).status_code == 200
    services.revoke(invitation, by=staff_user)
    assert client.get(reverse("partners:claim", args=[token])).status_code == 404


def test_the_firms_administrator_invites_a_colleague_and_others_cannot(client):
    admin = factories.make_korean_firm_user()
    partner = KoreanPartner.objects.get(members__user=admin)
    colleague = factories.make_korean_firm_user(partner=partner)
    assert not partner.members.get(user=colleague).is_admin
    client.force_login(colleague)
    assert (
        client.post(reverse("partners:invite", args=[partner.pk]), {"email": "a@kr.example"}).status_code
        == 403
    )
    client.force_login(admin)
    assert (
        client.post(reverse("partners:invite", args=[partner.pk]), {"email": "a@kr.example"}).status_code
        == 302
    )
    assert partner.invitations.get().email == "a@kr.example"
    other = factories.make_partner()
    assert (
        client.post(reverse("partners:invite", args=[other.pk]), {"email": "a@kr.example"}).status_code == 404
    )


def test_the_owner_sees_the_korean_firms_that_fit_with_their_reasons(client, sme, owner_user):
    fitting = factories.make_partner(offers="fibreglass tanks moulds", contact_email="hidden@kr.example")
    factories.make_partner(sector="food_processing", forms=())
    pending = factories.make_partner(status="submitted", is_active=False, offers="fibreglass tanks")
    client.force_login(owner_user)
    response = client.get(reverse("partners:for_owner"))
    partners = [match.partner for match in response.context["matches"]]
    assert partners[0] == fitting and pending not in partners
    assert response.context["matches"][0].reasons
    assert "hidden@kr.example" not in response.content.decode()
    profile = client.get(reverse("partners:partner_profile", args=[fitting.pk])).content.decode()
    assert "hidden@kr.example" not in profile and fitting.name_ko in profile


def test_the_staff_list_keeps_its_queries(client, staff_user, django_assert_max_num_queries):
    for _ in range(5):
        factories.make_korean_firm_user(verified=False)
    KoreanPartner.objects.update(submitted_at=timezone.now())
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partners:staff_list"))
    assert len(response.context["partners"]) == 5


def test_the_top_bar_offers_the_indonesian_firms_only_once_verified(client):
    client.force_login(factories.make_korean_firm_user(verified=False))
    assert reverse("partners:firm_list") not in client.get(reverse("partners:my_firm")).content.decode()
    client.force_login(factories.make_korean_firm_user())
    assert reverse("partners:firm_list") in client.get(reverse("partners:my_firm")).content.decode()


def test_english_is_one_click_away_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("partners:register"), {**registration_data(name_en="Typed Co."), "switch_language": "en"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Register your Korean firm" in body and 'value="Typed Co."' in body
    assert not KoreanPartner.objects.exists()
