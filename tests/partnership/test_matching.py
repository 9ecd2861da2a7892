"""Matching: a constructed case ranks the expected partner first with the expected reasons."""

import pytest
from django.urls import reverse
from django.utils import translation

from partnership.cooperation import matching
from partnership.models import CooperationProposal
from surveys.models import ShortlistEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def biogas_firm(sme):
    """The pilot: mechanical, Kabupaten Bogor (Jawa Barat), wants technology transfer and training."""
    sme.sector = factories.Sector.objects.get(code="mechanical")
    sme.products = "Fibreglass biogas digesters for farms and households"
    sme.eco_practices = "Uses cow manure for energy; recycles fibreglass offcuts"
    sme.save()
    sme.cooperation_interests.set(
        factories.CooperationForm.objects.filter(code__in=["technology_transfer", "training"])
    )
    return sme


def test_tokenize_drops_stop_words_in_english_and_indonesian_and_folds_plurals():
    assert matching.tokenize("The digesters and the moulds untuk produksi biogas yang kuat dan kertas") == {
        "digester",
        "mould",
        "biogas",
        "kuat",
        "kertas",
    }
    assert matching.tokenize("") == frozenset()
    assert matching.tokenize("2015 ISO 9001") == {"iso"}


def test_the_expected_partner_ranks_first_with_the_expected_reasons(biogas_firm):
    best = factories.make_partner(
        name_en="Zeta Biogas Engineering",  # last alphabetically: it must win on merit
        sector="mechanical",
        forms=["technology_transfer", "training", "investment"],
        provinces=["32"],
        offers="Biogas digester design and moulding technology",
        needs="Fibreglass suppliers in Indonesia",
    )
    same_sector_only = factories.make_partner(
        name_en="Alpha Machines", sector="mechanical", forms=["investment"]
    )
    words_only = factories.make_partner(
        name_en="Beta Energy", sector="software", forms=[], offers="Biogas monitoring software"
    )
    factories.make_partner(
        name_en="Gamma Foods", sector="food_processing", forms=["staff_exchange"], offers="kimchi"
    )
    factories.make_partner(
        name_en="Inactive Biogas", sector="mechanical", is_active=False, offers="biogas digester"
    )

    matches = matching.matches_for(biogas_firm)

    assert [m.partner for m in matches] == [best, same_sector_only, words_only]
    top = matches[0]
    assert [reason.code for reason in top.reasons] == ["sector", "forms", "offers", "needs", "region"]
    assert top.reason("forms").items == ("technology_transfer", "training")
    assert top.reason("offers").items == ("biogas", "digester")
    assert top.reason("needs").items == ("fibreglass",)
    assert top.reason("region").items == ("Jawa Barat",)
    assert top.score == 40 + 2 * 15 + 2 * 5 + 5 + 10
    assert [reason.text for reason in top.reasons] == [
        "Same sector: Machinery and mechanical equipment.",
        "Both want these forms of cooperation: Technology transfer, Training.",
        "The partner offers what matches the firm's work: biogas, digester.",
        "The partner looks for what the firm makes: fibreglass.",
        "The partner prefers firms in Jawa Barat.",
    ]
    assert top.form_codes == ["technology_transfer", "training"]
    assert [reason.code for reason in matches[2].reasons] == ["offers"]


def test_ties_are_broken_by_name_then_id(biogas_firm):
    second = factories.make_partner(name_en="Same Score B", sector="mechanical", forms=[])
    first = factories.make_partner(name_en="same score a", sector="mechanical", forms=[])
    third = factories.make_partner(name_en="Same Score B", sector="mechanical", forms=[])
    assert [m.partner for m in matching.matches_for(biogas_firm)] == [first, second, third]


def test_shared_words_have_a_ceiling(biogas_firm):
    biogas_firm.products = "alpha bravo charlie delta echo foxtrot golf hotel india"
    biogas_firm.save()
    factories.make_partner(
        name_en="Wordy",
        sector="software",
        forms=[],
        offers="alpha bravo charlie delta echo foxtrot golf",
        needs="hotel india",
    )
    (match,) = matching.matches_for(biogas_firm)
    assert match.score == matching.MAX_WORD_POINTS


def test_reasons_follow_the_active_language(biogas_firm):
    factories.make_partner(sector="mechanical", forms=["training"])
    with translation.override("id"):
        (match,) = matching.matches_for(biogas_firm)
    assert match.reason("sector").text.endswith(f"{biogas_firm.sector.name_id}.")


def test_matching_loads_all_partners_in_a_fixed_number_of_queries(biogas_firm, django_assert_num_queries):
    for _ in range(3):
        factories.make_partner(sector="mechanical", forms=["training"], provinces=["32", "36"])
    # Interests, partners, their forms, their provinces, form names, the firm's province.
    with django_assert_num_queries(6) as few:
        matching.matches_for(biogas_firm)
    for _ in range(30):
        factories.make_partner(sector="mechanical", forms=["training", "investment"], provinces=["32", "36"])
    biogas_firm.refresh_from_db()
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(matching.matches_for(biogas_firm, limit=None)) == 33


# --- the page and the one-click draft ------------------------------------------------------------


def _entry(sme):
    return factories.make_roster_entry(sme, status="shortlisted")


def test_matches_page_for_the_team_and_the_firm_itself(client, biogas_firm, staff_user, korean_user):
    entry = _entry(biogas_firm)
    factories.make_partner(name_en="Zeta Biogas Engineering", sector="mechanical", offers="biogas digester")
    url = reverse("cooperation:matches", args=[entry.pk])
    for user in (staff_user, korean_user, biogas_firm.owner):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "Zeta Biogas Engineering" in response.content.decode()
        assert "Same sector: Machinery and mechanical equipment." in response.content.decode()


def test_matches_page_is_hidden_from_other_firms_and_from_korea_without_consent(
    client, biogas_firm, other_owner, korean_user
):
    entry = _entry(biogas_firm)
    url = reverse("cooperation:matches", args=[entry.pk])
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    biogas_firm.consent_share_korea = False
    biogas_firm.save()
    client.force_login(korean_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_matches_page_query_count_does_not_grow(
    client, biogas_firm, staff_user, django_assert_max_num_queries
):
    entry = _entry(biogas_firm)
    client.force_login(staff_user)
    factories.make_partner(sector="mechanical", forms=["training"], provinces=["32"])
    url = reverse("cooperation:matches", args=[entry.pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(25):
        factories.make_partner(
            sector="mechanical", forms=["training", "technology_transfer"], provinces=["32"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_one_click_drafts_a_proposal_prefilled_from_the_match(client, biogas_firm, korean_user):
    entry = _entry(biogas_firm)
    partner = factories.make_partner(
        name_en="Zeta Biogas Engineering",
        sector="mechanical",
        forms=["technology_transfer"],
        offers="biogas digester",
    )
    client.force_login(korean_user)
    response = client.post(reverse("cooperation:draft_from_match", args=[entry.pk, partner.pk]))
    proposal = CooperationProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cooperation:proposal_edit", args=[proposal.pk])
    assert proposal.status == "draft"
    assert proposal.author == korean_user
    assert proposal.author_side == "korean_team"
    assert (proposal.roster_entry, proposal.partner) == (entry, partner)
    assert list(proposal.forms.values_list("code", flat=True)) == ["technology_transfer"]
    assert "biogas, digester" in proposal.summary
    assert proposal.title == "Cooperation between PT Swen Inovasi Transfer and Zeta Biogas Engineering"


def test_one_click_draft_is_post_only_and_for_the_parties_only(client, biogas_firm, other_owner):
    entry = _entry(biogas_firm)
    partner = factories.make_partner()
    url = reverse("cooperation:draft_from_match", args=[entry.pk, partner.pk])
    client.force_login(biogas_firm.owner)
    assert client.get(url).status_code == 405
    client.force_login(other_owner)
    assert client.post(url).status_code == 404
    assert not CooperationProposal.objects.exists()
    client.force_login(biogas_firm.owner)
    assert client.post(url).status_code == 302
    assert CooperationProposal.objects.get().author_side == "sme"


def test_the_fast_score_adds_up_like_the_explained_one(biogas_firm):
    import random

    rng = random.Random(7)
    words = "biogas digester fibreglass fiberglass cow manure energy moulds farms pumps sensors".split()
    for n in range(40):
        factories.make_partner(
            name_en=f"Random {n}",
            sector=rng.choice(["mechanical", "metal", "software"]),
            forms=rng.sample(
                ["technology_transfer", "investment", "training", "staff_exchange"], rng.randint(0, 4)
            ),
            provinces=rng.sample(["32", "36", "31"], rng.randint(0, 2)),
            offers=" ".join(rng.sample(words, rng.randint(0, 8))),
            needs=" ".join(rng.sample(words, rng.randint(0, 8))),
        )
    firm = matching.firm_profile(biogas_firm)
    names = {form.code: form.name for form in factories.CooperationForm.objects.all()}
    for profile in matching.load_partners():
        assert matching.points(firm, profile) == matching.score(firm, profile, names).score


# --- the score explained, and the ways to the page -------------------------------------------------


def test_the_scale_adds_up_to_the_best_possible_partner(biogas_firm):
    """A partner that matches on everything scores exactly the scale's maximum."""
    form_codes = list(factories.CooperationForm.objects.values_list("code", flat=True))
    biogas_firm.cooperation_interests.set(factories.CooperationForm.objects.all())
    words = " ".join(f"thing{n}" for n in range(10))
    biogas_firm.products = words
    biogas_firm.save()
    factories.make_partner(sector="mechanical", forms=form_codes, provinces=["32"], offers=words, needs=words)

    best = matching.matches_for(biogas_firm)[0]
    most, rows = matching.score_scale(len(form_codes))

    assert best.score == most == 140
    assert [row.code for row in rows] == ["sector", "forms", "words", "region"]


def test_the_matches_page_explains_the_score(client, biogas_firm, staff_user):
    entry = _entry(biogas_firm)
    factories.make_partner(sector="mechanical", offers="biogas digester")
    client.force_login(staff_user)

    html = client.get(reverse("cooperation:matches", args=[entry.pk])).content.decode()

    assert "How the score is made (0 to 140 points)" in html
    assert "+15 points each" in html and "+40 points" in html and "+10 points" in html
    assert "of 140" in html


def test_the_dossier_roster_and_shortlist_link_to_the_matches(client, biogas_firm, staff_user):
    entry = _entry(biogas_firm)
    stage = factories.make_stage(entry.programme, regencies=["3201"])
    ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    client.force_login(staff_user)
    link = f'href="{reverse("cooperation:matches", args=[entry.pk])}"'

    for url in (
        reverse("partnership:dossier", args=[entry.programme.slug, entry.pk]),
        reverse("partnership:roster", args=[entry.programme.slug]),
        reverse("surveys:shortlist", args=[stage.pk]),
    ):
        assert link in client.get(url).content.decode(), url
