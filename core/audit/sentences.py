"""Audit entries as sentences people can read — one renderer per action kind, in a registry apps extend.

Each app declares the sentences of the action kinds it records in its own module `<app>/audit_sentences.py`
(loaded by `AuditConfig.ready`), e.g.:

    @sentence("meeting.attendance_set", _("Ghi điểm danh"), refs=lambda e: [("member", e.changes.get("member"))])
    def _(e: Entry) -> str:
        return f"{e.actor} ghi {MARKS[e.to('status')]} cho {e.member(e.changes['member'])}, {e.target}"

→ "Bí thư Nguyễn Văn A ghi vắng có lý do cho đồng chí Trần Thị B, buổi sinh hoạt 05/12".

`refs` names the objects a sentence mentions, so a page of entries loads every name in a few queries
(core/audit/names.py); the entry's target is always loaded. tests/core/audit/test_sentences.py fails when an
action kind recorded anywhere in the code has no sentence here, so a new kind cannot ship unreadable.

Sentences are Vietnamese, like the stored entries they render (README: stored texts stay in the language they
were written in); the API and the CSV export carry the same sentence. The kind labels (filters) are translated.
Values of sensitive fields never reach a sentence: the writer masked them (ADR 0012).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import translation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from core.audit.models import AuditEvent
    from core.audit.names import NameBook

Ref = tuple[str, Any]  # (name kind, id), e.g. ("member", 4)


@dataclass
class Entry:
    """What a renderer reads: the event, its actor as a title and name, and the preloaded names."""

    event: "AuditEvent"
    book: "NameBook"

    @property
    def changes(self) -> dict[str, Any]:
        return self.event.changes if isinstance(self.event.changes, dict) else {}

    @property
    def actor(self) -> str:
        return self.book.actor(self.event)

    @property
    def target(self) -> str:
        """The entry's target named for people ("đồng chí Trần Thị B", "buổi sinh hoạt 05/12", …)."""
        return self.book.target(self.event)

    def name(self, kind: str, pk: Any) -> str:
        return self.book.name(kind, pk)

    def member(self, pk: Any) -> str:
        return f"đồng chí {self.book.name('member', pk)}"

    def to(self, key: str) -> Any:
        """The new value of a {"from": …, "to": …} change (or the value itself)."""
        value = self.changes.get(key)
        return value.get("to") if isinstance(value, dict) else value

    def before(self, key: str) -> Any:
        value = self.changes.get(key)
        return value.get("from") if isinstance(value, dict) else None

    @property
    def for_whom(self) -> str:
        """ " thay cho đồng chí …" when a secretary acted for a member (proxy actions), else ""."""
        proxied = self.changes.get("on_behalf_of_member")
        if isinstance(proxied, dict) and proxied.get("name"):
            return f" thay cho đồng chí {proxied['name']}"
        if self.event.on_behalf_of_id:
            return f" thay cho {self.book.user_name(self.event.on_behalf_of_id)}"
        return ""


Renderer = Callable[[Entry], str]


@dataclass(frozen=True)
class Kind:
    action: str
    label: "StrOrPromise"  # what the filter offers, e.g. "Ghi điểm danh"
    render: Renderer
    refs: Callable[["AuditEvent"], Iterable[Ref]]


SENTENCES: dict[str, Kind] = {}


def _no_refs(event: "AuditEvent") -> Iterable[Ref]:
    return ()


def sentence(
    action: str, label: "StrOrPromise", refs: Callable[["AuditEvent"], Iterable[Ref]] = _no_refs
) -> Callable[[Renderer], Renderer]:
    """Register the sentence of `action` (one per kind: a second registration is a programming error)."""

    def register(render: Renderer) -> Renderer:
        if action in SENTENCES:
            raise ValueError(f"audit sentence registered twice: {action}")
        SENTENCES[action] = Kind(action=action, label=label, render=render, refs=refs)
        return render

    return register


def refs_of(event: "AuditEvent") -> Iterable[Ref]:
    kind = SENTENCES.get(event.action)
    return kind.refs(event) if kind else ()


def render(event: "AuditEvent", book: "NameBook") -> str:
    """The entry's sentence; a kind without one (an old row of a removed feature) still reads as a sentence."""
    entry = Entry(event=event, book=book)
    kind = SENTENCES.get(event.action)
    with translation.override("vi"):  # choice labels inside sentences stay Vietnamese
        if kind is None:
            return f"{entry.actor} thực hiện thao tác “{event.action}”{_on(entry)}."
        try:
            return kind.render(entry)
        except (KeyError, TypeError, ValueError, AttributeError):  # an entry written before its shape changed
            return f"{entry.actor} thực hiện thao tác “{str(kind.label).lower()}”{_on(entry)}."


def label(choices: Any, value: Any) -> str:
    """A choice's Vietnamese label in lower case ("vắng có lý do"); the raw value if unknown."""
    try:
        return str(choices(value).label).lower()
    except ValueError:
        return str(value)


def day(value: Any) -> str:
    """ "2026-12-05…" → "05/12/2026" (ISO dates and datetimes as stored in changes)."""
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _on(entry: Entry) -> str:
    return f" với {entry.target}" if entry.event.target_type else ""


def kind_choices() -> list[tuple[str, str]]:
    """(action, label) of every registered kind, by label — for the filter."""
    return sorted(((k.action, str(k.label)) for k in SENTENCES.values()), key=lambda pair: pair[1])
