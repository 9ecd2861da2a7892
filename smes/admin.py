"""Django admin for the SME registry: reference data, firms (with import/export), documents, timeline.

The registration status is never edited as a field: the admin actions call the workflow service,
which checks the transition table and records the timeline event, as the staff pages do.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from partnership.lib import access_log
from partnership.lib.admin import MinistryStaffAdminMixin, ReadOnlyAdminMixin, apply_each
from partnership.lib.counting import EstimatedCountPaginator
from partnership.lib.spreadsheets import SPREADSHEET_FORMATS, SpreadsheetExportForm

from . import consents, services, validators
from .filters import search_text
from .forms import IdentifierCleaningMixin
from .forms_staff import AdminDecisionNoteForm
from .models import (
    SME,
    ConsentChange,
    CooperationForm,
    Province,
    Regency,
    Sector,
    SMEDocument,
    TimelineEvent,
)
from .resources import SMEResource


@admin.register(Sector)
class SectorAdmin(MinistryStaffAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_en", "name_id", "name_ko", "kbli_codes", "qualifies", "order")
    list_editable = ("order",)
    search_fields = ("code", "name_en", "name_id", "name_ko")

    def has_delete_permission(self, request, obj=None):
        return False  # firms point at sectors (PROTECT); retire one by unticking "qualifies"


@admin.register(CooperationForm)
class CooperationFormAdmin(MinistryStaffAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name_en", "name_id", "name_ko", "order")
    list_editable = ("order",)
    search_fields = ("code", "name_en", "name_id", "name_ko")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Kemendagri reference data, loaded by a migration: read-only here."""

    list_display = ("code", "name", "regency_count")
    search_fields = ("code", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_regency_count=Count("regencies"))

    @admin.display(description=_("regencies and cities"), ordering="_regency_count")
    def regency_count(self, province):
        return province._regency_count


@admin.register(Regency)
class RegencyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province")
    list_filter = ("kind", "province")
    list_select_related = ("province",)
    search_fields = ("code", "name", "province__name")


class SMEAdminForm(IdentifierCleaningMixin, forms.ModelForm):
    """The same normalisation as the profile form, with the shared validators."""

    # No Meta: the admin builds it from the fieldsets. Identifiers may be typed with dots and
    # dashes; clean_<field> stores the digits.
    nib = forms.CharField(label=_("NIB"), max_length=20, required=False)
    npwp = forms.CharField(label=_("NPWP"), max_length=25, required=False)

    def clean_owner_nik(self):
        value = (self.cleaned_data.get("owner_nik") or "").strip()
        return validators.normalize_nik(value) if value else ""

    def clean_contact_phone(self):
        value = (self.cleaned_data.get("contact_phone") or "").strip()
        return validators.normalize_phone(value) if value else ""

    def clean_kbli_codes(self):
        return validators.validate_kbli_codes(self.cleaned_data.get("kbli_codes") or "")

    def clean_year_founded(self):
        return validators.validate_year_founded(self.cleaned_data.get("year_founded"))

    def clean(self):
        cleaned = super().clean()
        regency, province = cleaned.get("regency"), cleaned.get("province")
        if regency is not None and province is not None and regency.province_id != province.pk:
            self.add_error(
                "regency",
                _("%(regency)s is not in the province %(province)s.")
                % {"regency": regency.name, "province": province.name},
            )
        return cleaned


class SMEDocumentInline(MinistryStaffAdminMixin, admin.TabularInline):
    model = SMEDocument
    fields = ("download", "kind", "content_type", "size", "uploaded_at", "is_archived")
    readonly_fields = ("download", "kind", "content_type", "size", "uploaded_at")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # documents are uploaded by the firm, checked by content

    @admin.display(description=_("document"))
    def download(self, document):
        return format_html(
            '<a href="{}">{}</a>', reverse("smes:document_download", args=[document.pk]), document
        )


class TimelineEventInline(MinistryStaffAdminMixin, admin.TabularInline):
    model = TimelineEvent
    fields = ("at", "workflow", "from_state", "to_state", "actor", "note", "visible_to_sme")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-at", "-id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _decide(modeladmin, request, queryset, service, *, note: str, done_message):
    """Apply ``service`` to every selected firm; the ones it refuses are named, not crashed on."""
    apply_each(
        modeladmin,
        request,
        queryset.order_by("legal_name", "id"),
        lambda sme: service(sme, by=request.user, note=note),
        label=lambda sme: f"{sme.legal_name} ({sme.get_status_display()})",
        done_message=done_message,
    )


def _with_note(modeladmin, request, queryset, service, *, title: str, done_message):
    """An action that asks for the note to the firms on an intermediate page first."""
    form = AdminDecisionNoteForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _decide(
            modeladmin, request, queryset, service, note=form.cleaned_data["note"], done_message=done_message
        )
        return None  # back to the change list
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "smes": queryset.order_by("legal_name", "id"),
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/smes/sme/decision_note.html", context)


@admin.register(SME)
class SMEAdmin(MinistryStaffAdminMixin, SimpleHistoryAdmin, ImportExportModelAdmin):
    form = SMEAdminForm
    resource_classes = [SMEResource]
    export_form_class = SpreadsheetExportForm
    formats = SPREADSHEET_FORMATS
    import_template_name = "admin/smes/sme/import.html"

    list_display = (
        "legal_name",
        "reference",
        "status",
        "size_class",
        "sector",
        "province",
        "regency",
        "submitted_at",
    )
    list_filter = ("status", "size_class", "sector", "province", "consent_publish", "consent_share_korea")
    list_select_related = ("sector", "province", "regency")
    search_fields = ("legal_name", "trade_name", "reference", "=nib", "=npwp", "products")
    search_help_text = _("Name, trade name, products, reference; NIB and NPWP must match exactly.")
    ordering = ("legal_name", "id")
    # No COUNT(*) over the whole table on every page view, nor over a long filtered list: the
    # paginator takes PostgreSQL's estimate (partnership.lib.counting).
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER  # a count per filter value scans the table
    list_per_page = 50
    autocomplete_fields = ("regency",)
    raw_id_fields = ("owner",)
    filter_horizontal = ("cooperation_interests",)
    readonly_fields = (
        "reference",
        "status",
        "size_class",
        "size_criterion",
        "consent_publish_at",
        "consent_share_korea_at",
        "created_at",
        "updated_at",
        "submitted_at",
        "verified_at",
    )
    fieldsets = (
        (_("Registration"), {"fields": ("reference", "status", "owner", "language")}),
        (
            _("Identity and legal form"),
            {
                "fields": (
                    "legal_name",
                    "trade_name",
                    "legal_form",
                    "nib",
                    "npwp",
                    "owner_nik",
                    "year_founded",
                )
            },
        ),
        (_("Address"), {"fields": ("address", "postal_code", "province", "regency")}),
        (
            _("Business"),
            {
                "fields": (
                    "sector",
                    "kbli_codes",
                    "products",
                    "employees",
                    "capital",
                    "annual_sales",
                    "full_year_sales",
                    ("size_class", "size_criterion"),
                    "certifications",
                    "export_markets",
                    "eco_practices",
                    "cooperation_interests",
                )
            },
        ),
        (
            _("Contact person"),
            {"fields": ("contact_name", "contact_position", "contact_email", "contact_phone")},
        ),
        (
            _("Consents"),
            {
                "fields": (
                    ("consent_publish", "consent_publish_at"),
                    ("consent_share_korea", "consent_share_korea_at"),
                    "consent_data_processing",
                )
            },
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at", "submitted_at", "verified_at")}),
    )
    inlines = (SMEDocumentInline, TimelineEventInline)
    actions = ("verify_selected", "request_info_selected", "reject_selected")

    def has_delete_permission(self, request, obj=None):
        return False  # reject or archive; nothing people entered is deleted

    def get_search_results(self, request, queryset, search_term):
        """The staff list's search (``smes.filters.search_text``), whose every branch has an
        index (trigram on the names and products, B-tree on reference, NIB and NPWP); the stock
        search would OR in an ``icontains`` on the reference, which no index answers."""
        return search_text(queryset, search_term, staff=True), False

    @admin.action(description=_("Verify the selected firms"))
    def verify_selected(self, request, queryset):
        _decide(
            self,
            request,
            queryset,
            services.verify,
            note="",
            done_message=lambda n: ngettext("Verified %(count)d firm.", "Verified %(count)d firms.", n),
        )

    @admin.action(description=_("Ask the selected firms for more information"))
    def request_info_selected(self, request, queryset):
        return _with_note(
            self,
            request,
            queryset,
            services.request_info,
            title=gettext("Ask for more information"),
            done_message=lambda n: ngettext(
                "Asked %(count)d firm for more information.", "Asked %(count)d firms for more information.", n
            ),
        )

    @admin.action(description=_("Reject the selected firms"))
    def reject_selected(self, request, queryset):
        return _with_note(
            self,
            request,
            queryset,
            services.reject,
            title=gettext("Reject registrations"),
            done_message=lambda n: ngettext("Rejected %(count)d firm.", "Rejected %(count)d firms.", n),
        )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # An export of firms holds personal data: one line in the access log.
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        access_log.record_access(
            request, access_log.EXPORT, queryset.values_list("pk", flat=True), detail="admin export"
        )
        return data

    def save_model(self, request, obj, form, change):
        if not change:
            # A firm entered here starts its registration as one that registers itself.
            services.start_registration(obj, by=request.user, source=services.ADMIN)
            return
        before = {name: bool(form.initial.get(name)) for name in consents.CONSENTS}
        consents.stamp_consents(obj, before)
        super().save_model(request, obj, form, change)
        consents.record_consents(obj, before, by=request.user, source=ConsentChange.Source.ADMIN)


@admin.register(SMEDocument)
class SMEDocumentAdmin(MinistryStaffAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "sme", "kind", "content_type", "size", "uploaded_at", "is_archived")
    list_filter = ("kind", "is_archived", "content_type")
    list_select_related = ("sme",)
    search_fields = ("title", "original_name", "sme__legal_name", "sme__reference")
    readonly_fields = (
        "sme",
        "download",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    fields = (
        "sme",
        "download",
        "kind",
        "title",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "is_archived",
    )

    def has_add_permission(self, request):
        return False  # uploads go through the firm's page, which checks the content

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead

    @admin.display(description=_("file"))
    def download(self, document):
        return format_html(
            '<a href="{}">{}</a>', reverse("smes:document_download", args=[document.pk]), _("Download")
        )


@admin.register(TimelineEvent)
class TimelineEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "sme", "workflow", "from_state", "to_state", "actor", "visible_to_sme")
    list_filter = ("workflow", "to_state", "visible_to_sme")
    list_select_related = ("sme", "actor")
    search_fields = ("sme__legal_name", "sme__reference", "note")
    show_full_result_count = False


@admin.register(ConsentChange)
class ConsentChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The consent history is written by smes.consents only; here it is read."""

    list_display = ("at", "sme", "consent", "given", "source", "by")
    list_filter = ("consent", "given", "source")
    list_select_related = ("sme", "by")
    search_fields = ("sme__legal_name", "=sme__reference")
    date_hierarchy = "at"
