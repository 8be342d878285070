"""Uploaded files and who may read them.

Every upload lives in the media storage (``MEDIA_ROOT``), which no URL serves as a directory. A
file is read through one view, ``/files/<key>/<pk>/<signature>``, that loads the record the file
belongs to and asks the predicate its app registered in ``AppConfig.ready()`` (core names no
app)::

    from threecenters.core.files import register

    register(Photo, "image", can_read=can_view_photo, related=("event__center",))
    register(CaseAttachment, "file", can_read=..., related=("case",),
             download_name=lambda attachment: attachment.title)

``can_read(user, record)`` is the predicate that decides who sees the record itself, so a file is
exactly as visible as its record: anyone refused gets a 404 (never a hint that it exists). The
signature (HMAC over key, primary key and stored name) means a URL cannot be made up for another
record or an earlier file of the same record.

Registering a field makes its ``.url`` (``photo.image.url`` in a template, the admin's link)
this checked URL, so no page can link around the check; ``threecenters check`` fails on a file
field nobody registered.

One door, publicity decided on each request: a file that the predicate lets a signed-out visitor
read (a published event's cover, an approved photo, a published case's photos) may be kept by
browsers and proxies for ``THREECENTERS_PUBLIC_FILE_SECONDS`` (only by the browser when the
request carried a session); every other file is sent ``Cache-Control: private, no-store``. When a
record stops being public (a photo hidden, a case archived) its files are refused from the next
request on; there is no public copy to move or forget. Behind nginx the
view answers with ``X-Accel-Redirect`` (``THREECENTERS_X_ACCEL_PREFIX``) and nginx sends the
bytes; without it Django streams the file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.signing import Signer
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import content_disposition_header

from threecenters.core.middleware import carries_credentials

# Shown in the browser; anything else is downloaded.
INLINE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}
DOWNLOAD_TYPES = {"pdf": "application/pdf"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_signer = Signer(salt="threecenters.core.files")


@dataclass(frozen=True)
class FileKind:
    key: str  # "<app label>.<model name>.<field name>", part of the URL
    model: type[models.Model]
    field_name: str
    can_read: Callable[[Any, Any], bool]
    related: tuple[str, ...] = ()  # select_related() for what can_read reads
    download_name: Callable[[Any], str] | None = None


_kinds: dict[str, FileKind] = {}


class _CheckedUrl:
    """``.url`` of a registered file field: the checked view, never the storage's URL."""

    @property
    def url(self) -> str:
        self._require_file()
        return file_url(self.instance, self.field.name)


class CheckedFieldFile(_CheckedUrl, FieldFile):
    pass


class CheckedImageFieldFile(_CheckedUrl, ImageFieldFile):
    pass


def register(
    model: type[models.Model],
    field_name: str,
    *,
    can_read: Callable[[Any, Any], bool],
    related: tuple[str, ...] = (),
    download_name: Callable[[Any], str] | None = None,
) -> FileKind:
    """Declare who may read ``model.field_name`` (re-registering replaces the entry)."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.FileField):
        raise TypeError(f"{model._meta.label}.{field_name} is not a file field")
    kind = FileKind(
        key=f"{model._meta.label_lower}.{field_name}",
        model=model,
        field_name=field_name,
        can_read=can_read,
        related=tuple(related),
        download_name=download_name,
    )
    _kinds[kind.key] = kind
    if not issubclass(field.attr_class, _CheckedUrl):
        if field.attr_class is ImageFieldFile:
            field.attr_class = CheckedImageFieldFile
        elif field.attr_class is FieldFile:
            field.attr_class = CheckedFieldFile
        else:
            raise TypeError(f"{model._meta.label}.{field_name}: unexpected {field.attr_class}")
    return kind


def entry_for(model: type[models.Model], field_name: str) -> FileKind | None:
    return _kinds.get(f"{model._meta.label_lower}.{field_name}")


def _signature(key: str, pk: Any, name: str) -> str:
    return _signer.signature(f"{key}:{pk}:{name}")


@functools.cache
def _url_pattern() -> str:
    """The view's path, reversed once (a page of photos asks for hundreds of addresses)."""
    path = reverse("core:file", kwargs={"key": "KEYKEY", "pk": 987654321, "signature": "SIGSIG"})
    return path.removeprefix(get_script_prefix())


def file_url(record: models.Model, field_name: str) -> str:
    kind = entry_for(type(record), field_name)
    if kind is None:
        raise LookupError(f"{type(record).__name__}.{field_name} is not registered")
    signature = _signature(kind.key, record.pk, getattr(record, field_name).name)
    path = (
        _url_pattern()
        .replace("KEYKEY", kind.key)
        .replace("987654321", str(record.pk))
        .replace("SIGSIG", signature)
    )
    return get_script_prefix() + path


def serve(request: HttpRequest, key: str, pk: int, signature: str) -> HttpResponse:
    kind = _kinds.get(key)
    if kind is None:
        raise Http404
    record = kind.model._default_manager.select_related(*kind.related).filter(pk=pk).first()
    if record is None:
        raise Http404
    stored = getattr(record, kind.field_name)
    if not stored.name or not constant_time_compare(signature, _signature(key, pk, stored.name)):
        raise Http404
    public = bool(kind.can_read(AnonymousUser(), record))
    if not public and not (request.user.is_authenticated and kind.can_read(request.user, record)):
        raise Http404
    if public and settings.PUBLIC_FILE_SECONDS:
        scope = "private" if carries_credentials(request) else "public"
        cache_control = f"{scope}, max-age={settings.PUBLIC_FILE_SECONDS}"
    else:
        cache_control = "private, no-store"
    return _send(
        stored,
        download_name=kind.download_name(record) if kind.download_name else "",
        cache_control=cache_control,
    )


def _send(stored: FieldFile, *, download_name: str, cache_control: str) -> HttpResponse:
    name = stored.name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    inline = extension in INLINE_TYPES
    content_type = INLINE_TYPES.get(extension) or DOWNLOAD_TYPES.get(
        extension, "application/octet-stream"
    )
    if settings.X_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.X_ACCEL_PREFIX + quote(name)
    else:
        try:
            handle = stored.storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    filename = _CONTROL.sub("", download_name).strip()[:120] or name.rsplit("/", 1)[-1]
    if extension and not filename.lower().endswith(f".{extension}"):
        filename = f"{filename}.{extension}"  # the name never claims another type
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
