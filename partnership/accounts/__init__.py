"""Accounts: who may manage which user account, and two-factor authentication (django-otp)."""
