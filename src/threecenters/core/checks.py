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
