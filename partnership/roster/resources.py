"""The roster's download: exactly the filtered roster page, one row per roster entry."""

from django.utils.translation import gettext_lazy as _

from partnership.lib.exports import SheetResource, column


class RosterResource(SheetResource):
    """Rows of ``partnership.roster.views.roster_queryset`` (annotated with ``stage_name``)."""

    reference = column(_("Reference"), "sme__reference")
    legal_name = column(_("Legal name"), "sme__legal_name")
    trade_name = column(_("Trade name"), "sme__trade_name")
    status = column(_("Status"))
    stage = column(_("Stage"), "stage_name")
    sector = column(_("Sector"), "sme__sector__name")
    regency = column(_("Regency or city"), "sme__regency")
    province = column(_("Province"), "sme__province")
    size_class = column(_("Size class"))
    employees = column(_("Employees"), "sme__employees")
    shares = column(_("Shares with the Korean team"))
    added = column(_("Added"))
    withdrawal_reason = column(_("Reason for withdrawal"), "withdrawal_reason")
    selection_justification = column(_("Justification of the selection"), "selection_justification")

    def dehydrate_status(self, entry):
        return entry.get_status_display()

    def dehydrate_size_class(self, entry):
        return entry.sme.get_size_class_display()

    def dehydrate_shares(self, entry):
        return _("yes") if entry.sme.consent_share_korea else _("no")

    def dehydrate_added(self, entry):
        return entry.added_at.date().isoformat()
