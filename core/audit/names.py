"""Names for a batch of audit entries, loaded in a few queries whatever the batch size.

Apps register how to name their objects (`register_names("meeting", loader, target_types=("Meeting",))`) in
their `audit_sentences.py`. `NameBook(events)` collects every reference of the batch — actors, the people acted
for, targets and what each sentence's `refs` mentions — then calls each loader once with all its ids.

The actor is named with their title over the entry's unit, from their role grants ("Bí thư Nguyễn Văn A"), and
their member name when the account belongs to a member.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User

from core.audit.sentences import refs_of

if TYPE_CHECKING:
    from core.audit.models import AuditEvent

Loader = Callable[[list[int]], dict[int, str]]
LOADERS: dict[str, Loader] = {}
TARGET_KINDS: dict[str, str] = {}  # AuditEvent.target_type (model class name) → name kind

# The committee's administrator: how a superuser without grants is titled.
ADMIN_TITLE = "Quản trị đảng bộ"
# user ids → {user id: [(title, unit path), …]}: the titles their grants give them over a subtree. Registered by
# core/access/audit_sentences.py: access sits above audit (it records audit rows), so audit never imports it.
TitleLoader = Callable[[set[int]], dict[int, list[tuple[str, str]]]]
TITLE_LOADERS: list[TitleLoader] = []
SYSTEM = "Hệ thống"


def register_titles(loader: TitleLoader) -> None:
    TITLE_LOADERS.append(loader)


def register_names(kind: str, loader: Loader, target_types: Iterable[str] = ()) -> None:
    LOADERS[kind] = loader
    for target_type in target_types:
        TARGET_KINDS[target_type] = kind


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class NameBook:
    def __init__(self, events: Iterable["AuditEvent"]) -> None:
        events = list(events)
        wanted: dict[str, set[int]] = defaultdict(set)
        users: set[int] = set()
        for event in events:
            users.update(pk for pk in (event.actor_id, event.on_behalf_of_id) if pk)
            kind = TARGET_KINDS.get(event.target_type)
            if kind and _int(event.target_id) is not None:
                wanted[kind].add(int(event.target_id))
            for ref_kind, pk in refs_of(event):
                if _int(pk) is not None:
                    wanted[ref_kind].add(int(pk))
            scope = [part for part in event.scope_path.split(".") if part]
            if scope and _int(scope[-1]) is not None:
                wanted["unit"].add(int(scope[-1]))  # the unit the entry concerns
        self.names: dict[str, dict[int, str]] = {}
        for kind, ids in wanted.items():
            loader = LOADERS.get(kind)
            self.names[kind] = loader(sorted(ids)) if loader and ids else {}
        self.names["user"], self.superusers = _load_users(sorted(users)) if users else ({}, set())
        self.grants = _grants(users)

    def name(self, kind: str, pk: Any) -> str:
        key = _int(pk)
        return self.names.get(kind, {}).get(key, f"#{pk}") if key is not None else str(pk or "—")

    def user_name(self, pk: int | None) -> str:
        return self.name("user", pk) if pk else SYSTEM

    def title(self, user_id: int, scope_path: str) -> str:
        """The actor's title for an entry of `scope_path`: their grant on the closest unit above it."""
        best: tuple[int, str] | None = None
        for title, path in self.grants.get(user_id, []):
            if scope_path.startswith(path) or not scope_path:
                depth = path.count(".")
                if best is None or depth > best[0]:
                    best = (depth, title)
        if best:
            return best[1]
        return ADMIN_TITLE if user_id in self.superusers else ""

    def actor(self, event: "AuditEvent") -> str:
        if not event.actor_id:
            return SYSTEM
        name = self.user_name(event.actor_id)
        title = self.title(event.actor_id, event.scope_path)
        return f"{title} {name}" if title else f"Đồng chí {name}"

    def target(self, event: "AuditEvent") -> str:
        kind = TARGET_KINDS.get(event.target_type)
        if kind is None:
            return event.target_type or "—"
        named = self.name(kind, event.target_id)
        return f"đồng chí {named}" if kind == "member" else named


def _load_users(ids: list[int]) -> tuple[dict[int, str], set[int]]:
    """Names of the accounts (their member's name when they belong to a member) and the superusers among them."""
    names, superusers = {}, set()
    for user in User.objects.filter(pk__in=ids).select_related("member"):
        member = getattr(user, "member", None)
        names[user.pk] = member.full_name if member else (user.get_full_name() or user.get_username())
        if user.is_superuser:
            superusers.add(user.pk)
    return names, superusers


def _grants(user_ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    grants: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if user_ids:
        for loader in TITLE_LOADERS:
            for user_id, titles in loader(user_ids).items():
                grants[user_id].extend(titles)
    return grants
