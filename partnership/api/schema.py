"""What drf-spectacular needs to describe the API: the personal token as a security scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partnership.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token (mitra_<prefix>_<secret>), made on the portal's API tokens page.",
        }
