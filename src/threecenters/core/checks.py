"""System checks of our own, run by `threecenters check`."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import models


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


@register(Tags.security)
def every_file_field_is_checked(app_configs, **kwargs):
    """An upload field nobody registered with ``core.files`` would have no door at all, or,
    worse, someone would add one around the checks: refuse to start instead."""
    from threecenters.core import files

    errors = []
    for model in apps.get_models():
        if not model.__module__.startswith("threecenters."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and files.entry_for(model, field.name) is None:
                errors.append(
                    Error(
                        f"{model._meta.label}.{field.name} is not registered with core.files.",
                        hint="Register it in the app's AppConfig.ready() with "
                        "threecenters.core.files.register(model, field, can_read=…).",
                        obj=model,
                        id="threecenters.E002",
                    )
                )
    return errors


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


@register(Tags.security, deploy=True)
def demo_setting_is_off(app_configs, **kwargs):
    """The demo setting shows SMS codes in the SMS log and the console: never in production."""
    if settings.DEMO and not settings.DEBUG:
        return [
            Error(
                "THREECENTERS_DEMO is on.",
                hint="The demo setting shows one-time SMS codes in the SMS log and the console "
                "output; unset it (or set THREECENTERS_DEMO=0) in production.",
                id="threecenters.E004",
            )
        ]
    return []
