"""Throttles of the API: every call counts against its address, and a token's calls against the
token too (rates in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]). A throttled call answers
429 with ``Retry-After``."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class AddressRateThrottle(SimpleRateThrottle):
    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
