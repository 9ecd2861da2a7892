"""The breach report (UU 27/2022 Art. 46): who is concerned, which data, how to reach them.

For a time window (firms whose data the portal held during it, or only those a given account
opened in it) or a set of firms: one row per person (the owner's account, the contact person),
with the categories of personal data held and the contact addresses, as CSV or XLSX.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership.lib.exports import SheetResource, column
from smes.models import SME, SMEDocument

from .models import AccessLog


@dataclass
class Person:
    sme_id: int
    reference: str
    firm: str
    role: str
    name: str
    email: str
    phone: str
    categories: str


def _firms(*, after=None, before=None, references=(), username=""):
    firms = SME.objects.select_related("owner").annotate(
        has_documents=Exists(SMEDocument.objects.filter(sme=OuterRef("pk")).exclude(file=""))
    )
    if references:
        firms = firms.filter(reference__in=references)
    if before is not None:
        firms = firms.filter(created_at__lte=before)
    if username:
        lines = AccessLog.objects.filter(username=username)
        if after is not None:
            lines = lines.filter(at__gte=after)
        if before is not None:
            lines = lines.filter(at__lte=before)
        firms = firms.filter(pk__in=lines.values("firms"))
    return firms.order_by("reference", "id")


def people_concerned(*, after=None, before=None, references=(), username="") -> list[Person]:
    people = []
    for sme in _firms(after=after, before=before, references=references, username=username):
        firm_data = []
        if sme.owner_nik:
            firm_data.append(_("NIK"))
        if sme.npwp:
            firm_data.append(_("NPWP"))
        if sme.address:
            firm_data.append(_("address"))
        if sme.has_documents:
            firm_data.append(_("uploaded documents"))
        owner = sme.owner
        if owner is not None and owner.is_active:
            owner_data = [_("account name"), *([_("e-mail")] if owner.email else []), *firm_data]
            people.append(
                Person(
                    sme.pk,
                    sme.reference or "",
                    sme.legal_name,
                    _("owner's account"),
                    owner.get_full_name() or owner.get_username(),
                    owner.email,
                    "",
                    ", ".join(owner_data),
                )
            )
        if sme.contact_name or sme.contact_email or sme.contact_phone:
            contact_data = [_("name"), _("position")] if sme.contact_position else [_("name")]
            contact_data += [_("e-mail")] * bool(sme.contact_email) + [_("phone")] * bool(sme.contact_phone)
            people.append(
                Person(
                    sme.pk,
                    sme.reference or "",
                    sme.legal_name,
                    _("contact person"),
                    sme.contact_name,
                    sme.contact_email,
                    sme.contact_phone,
                    ", ".join(contact_data),
                )
            )
    return people


class BreachResource(SheetResource):
    reference = column(gettext_lazy("Reference"), "reference")
    firm = column(gettext_lazy("Firm"), "firm")
    role = column(gettext_lazy("Person"), "role")
    name = column(gettext_lazy("Name"), "name")
    email = column(gettext_lazy("E-mail"), "email")
    phone = column(gettext_lazy("Phone"), "phone")
    categories = column(gettext_lazy("Categories of personal data"), "categories")
