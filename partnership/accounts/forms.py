"""Forms of the accounts: the user admin's forms for staff, and the two-factor forms."""

import secrets

from django import forms
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from . import policy


class StaffAccountFormMixin:
    """What a staff member (not a superuser) may set on an account, and nothing more.

    The admin only shows these fields, and a POST that names a privilege field anyway (staff or
    superuser status, permissions) is refused with an error instead of being silently dropped.
    """

    def setup_staff_fields(self):
        if "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.filter(name__in=policy.GROUPS_STAFF_MAY_SET)
            self.fields["groups"].help_text = _(
                "Staff can only add an account to the Korean team. A superuser grants every other group."
            )

    def refuse_privileges(self):
        asked = [name for name in policy.PRIVILEGE_FIELDS if name in self.data]
        if asked:
            raise forms.ValidationError(
                _("Only a superuser can grant staff status, superuser status or permissions."),
                code="privilege",
            )

    def clean(self):
        cleaned = super().clean()
        self.refuse_privileges()
        return cleaned


class StaffAccountChangeForm(StaffAccountFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "is_active", "groups")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_staff_fields()


class StaffAccountCreationForm(StaffAccountFormMixin, forms.ModelForm):
    """A new SME owner's or Korean-team member's account; its owner chooses the password."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "groups")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The new account's owner receives a link here to choose a password."
        )
        self.setup_staff_fields()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = False
        user.is_superuser = False
        # Nobody knows this password: the owner chooses one through the reset e-mail.
        user.set_password(secrets.token_urlsafe(32))
        if commit:
            user.save()
            self.save_m2m()
        return user


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        help_text=_("The six-digit code from your authenticator app, or one of your recovery codes."),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
