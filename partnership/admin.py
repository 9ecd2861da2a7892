from django.contrib import admin  # noqa: F401

# Korean partners and cooperation proposals are registered in their own module.
from . import admin_cooperation  # noqa: F401
