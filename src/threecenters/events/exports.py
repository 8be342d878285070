"""Calendar files and the attendance workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from threecenters.core.exports import safe_row
from threecenters.events.models import Event, Registration


def _ics_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 line folding at 75 octets, never splitting a UTF-8 character."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_calendar(events: Iterable[Event], *, name: str, base_url: str, host: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Three Centers//events//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    now = _stamp(timezone.now())
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(event.starts_at)}",
            f"DTEND:{_stamp(event.ends_at)}",
            f"SUMMARY:{_ics_text(event.title)}",
            f"LOCATION:{_ics_text(event.venue)}",
            f"URL:{base_url}/events/{event.pk}/",
            "STATUS:" + ("CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded: list[str] = []
    for line in lines:
        folded += _fold(line)
    return "\r\n".join(folded) + "\r\n"


def attendance_workbook(
    event: Event, registrations: Iterable[Registration], *, revealed: set[int] | None = None
) -> bytes:
    """One row per registration; names and mobiles masked except for registrations whose id is
    in ``revealed``. Every row goes through ``safe_row``: no cell is ever a formula."""
    revealed = revealed or set()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("签到表"))
    sheet.append(safe_row([event.title]))
    sheet.append(
        safe_row(
            [
                timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
                event.venue,
            ]
        )
    )
    sheet.append(
        [
            _("姓名"),
            _("手机号"),
            _("公开编号"),
            _("状态"),
            _("同行人数"),
            _("现场报名"),
            _("报名时间"),
            _("签到时间"),
            _("签退时间"),
        ]
    )

    def local(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    for reg in registrations:
        person = reg.person
        reveal = reg.pk in revealed
        sheet.append(
            safe_row(
                [
                    person.display_name if reveal else person.masked_name,
                    (person.mobile or "") if reveal else person.masked_mobile,
                    person.public_number or "",
                    reg.get_status_display(),
                    reg.companions,
                    _("是") if reg.walk_in else _("否"),
                    local(reg.created_at),
                    local(reg.checked_in_at),
                    local(reg.checked_out_at),
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
