"""A member's meetings as an iCalendar feed (RFC 5545), written by hand: CRLF line ends, TEXT escaping of
backslash, semicolon, comma and newlines, and lines folded at 75 octets without splitting a UTF-8 character."""

import datetime as dt
from collections.abc import Iterable

from core.meetings.models import Meeting, MeetingStatus

FOLD_AT = 75  # octets per physical line, CRLF excluded


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into physical lines of at most 75 octets; continuations start with one space."""
    parts: list[str] = []
    current, size, limit = "", 0, FOLD_AT
    for ch in line:
        width = len(ch.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, FOLD_AT - 1  # the leading space takes one octet
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(meeting: Meeting) -> str:
    lines = []
    if meeting.topic:
        lines.append(f"Chuyên đề: {meeting.topic}")
    if meeting.online_url:
        lines.append(f"Họp trực tuyến: {meeting.online_url}")
    items = list(meeting.agenda_items.all())
    if items:
        lines.append("Chương trình:")
        lines.extend(f"{item.order}. {item.title}" for item in items)
    return "\n".join(lines)


def _event(meeting: Meeting, host: str, stamp: dt.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SUMMARY:{escape_text(f'{meeting.title} — {meeting.cell.name}')}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    if meeting.online_url:
        lines.append(f"URL:{meeting.online_url}")  # a URI value: not text-escaped (RFC 5545 3.8.4.6)
    description = _description(meeting)
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append("STATUS:CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], *, host: str, name: str, now: dt.datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//So tay dang vien//Sinh hoat chi bo//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines.extend(_event(meeting, host, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
