from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "threecenters.events"
    label = "events"
    verbose_name = _("活动")

    def ready(self) -> None:
        from threecenters.events import builtin, navigation

        builtin.register_kinds()
        navigation.register()

        from threecenters.events import personal_data

        personal_data.register()

        from threecenters.core import files
        from threecenters.events.models import Event, Photo
        from threecenters.events.rules import can_view_event, can_view_photo

        # a cover as visible as its event; a photo public once approved (core.files)
        files.register(Event, "cover", can_read=can_view_event, related=("center",))
        for field in ("image", "thumbnail"):
            files.register(Photo, field, can_read=can_view_photo, related=("event__center",))

        from threecenters.core.pagecache import shown_publicly

        # public case pages link an exchange session's event while its status lets anyone in
        shown_publicly(Event, columns=("status",))

        from threecenters.events.completion import register_kind

        register_kind()
