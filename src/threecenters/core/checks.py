"""System checks of our own, run by `threecenters check`."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        return [
            Error(
                "SECRET_KEY is not set in the environment.",
                hint="Production needs SECRET_KEY (50+ random characters); the file under ./var/ is for the demo only.",
                id="threecenters.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def id_number_keys_from_environment(app_configs, **kwargs):
    missing = [
        name
        for name, given in [
            ("THREECENTERS_ID_KEYS", settings.ID_KEYS_FROM_ENVIRONMENT),
            ("THREECENTERS_ID_HASH_KEY", settings.ID_HASH_KEY_FROM_ENVIRONMENT),
        ]
        if not given
    ]
    if missing:
        return [
            Error(
                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set in the "
                "environment.",
                hint="Production keeps the ID-number keys out of ./var/ (the derived keys are for "
                "the demo only): set THREECENTERS_ID_KEYS (Fernet keys) and "
                "THREECENTERS_ID_HASH_KEY (32+ characters); see the README settings table.",
                id="threecenters.E003",
            )
        ]
    return []
