"""Strings of Django and of the libraries that our catalogues translate again.

Their own Indonesian and Korean read poorly next to ours ("Sandi" beside our "Kata sandi", "150
karakter atau sedikit", "입력하세요" beside "입력하십시오"), and django-import-export has no
Indonesian at all. Our locale/ comes first in LOCALE_PATHS, so a msgid listed here and translated
in locale/id and locale/ko wins. The msgids must match the library's exactly: this file is never
imported, makemessages reads it. Generated from the libraries' catalogues (Django 5.2,
django-import-export 4.4); check it on an upgrade."""

from django.utils.translation import gettext_noop, ngettext_lazy

MSGIDS = (
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    gettext_noop("Enter a valid %(protocol)s address."),
    gettext_noop("Enter only digits separated by commas."),
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    ),
    gettext_noop("Please correct the duplicate data for %(field)s."),
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique."),
    gettext_noop(
        "Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."
    ),
    gettext_noop("Please correct the duplicate values below."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    gettext_noop("Password changed successfully."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Change password: %s"),
    gettext_noop("Set password: %s"),
    gettext_noop("password"),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("No password set."),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Password"),
    gettext_noop("Password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Old password"),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Password reset on %(site_name)s"),
    gettext_noop("Password reset"),
    gettext_noop("Enter new password"),
    gettext_noop("Password reset unsuccessful"),
    gettext_noop("Password reset complete"),
    gettext_noop("Password change"),
    gettext_noop("Password change successful"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may be case-sensitive."
    ),
    gettext_noop("Change password"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Your password was changed."),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly."
    ),
    gettext_noop("Change my password"),
    gettext_noop("Your password has been set.  You may go ahead and log in now."),
    gettext_noop("Password reset confirmation"),
    gettext_noop("Please enter your new password twice so we can verify you typed it in correctly."),
    gettext_noop("New password:"),
    gettext_noop("Confirm password:"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  Please request a new password reset."
    ),
    gettext_noop(
        "We’ve emailed you instructions for setting your password, if an account exists with the email you entered. You should receive them shortly."
    ),
    gettext_noop(
        "You're receiving this email because you requested a password reset for your user account at %(site_name)s."
    ),
    gettext_noop("Please go to the following page and choose a new password:"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one."
    ),
    gettext_noop("Reset my password"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("No, take me back"),
    gettext_noop(
        "If you don’t receive an email, please make sure you’ve entered the address you registered with, and check your spam folder."
    ),
    gettext_noop("Import"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."
    ),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop("Export"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop("File to import"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'"
    ),
    gettext_noop("Confirm import"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the form above."
    ),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Skipped"),
    gettext_noop("Delete"),
    gettext_noop("Update"),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("Value could not be parsed."),
)

PLURALS = (
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "n",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "n",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "n",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "n",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "n",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "n",
    ),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "n"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "n"),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "n"),
)
