"""Accent-insensitive ranked search in PostgreSQL, shared by every content type.

How it works
- The service folds the text before saving (`search_columns`): lower case, no diacritics, "đ" → "d", every
  run of punctuation → one space. "Nghị quyết 57-NQ/TW" → "nghi quyet 57 nq tw". Folding in Python, with the
  same function for the text and for the query, means no `unaccent` extension (a STABLE function that cannot
  feed a generated column without a wrapper function in some schema, which the template clone of ADR 0002
  refuses to copy) and identical results on every tenant.
- PostgreSQL keeps a generated `tsvector` over the folded columns with the `simple` configuration (no stemming,
  no stop words: Vietnamese syllables are words), weighted A (number, title), B (summary), C (body), indexed by
  GIN. Punctuation folded to spaces makes "57-NQ/TW" the lexemes 57, nq, tw, so a partial number ("57",
  "57-NQ", "NQ/TW") matches without pg_trgm.
- A query is folded the same way; every term must match, the last one as a prefix (the word being typed).
- Cost is bounded whatever the library's size: relevance is computed over the newest WINDOW matches plus every
  item whose number starts with the query (2 short queries to find them, one to rank), never over all matches.
- Ranking: the exact number first ("57-nq/tw" typed in any form), then a number whose first words are the
  query, then titles (with kind and number) containing the query as whole words, then a number merely starting
  with it, then `ts_rank_cd` with the weights, then the caller's tie-breakers (newest first).

How another content type plugs in
1. Its model inherits `core.content.models.Searchable` (and `class Meta(Searchable.Meta)` if it declares a
   Meta, to keep the GIN index), then `makemigrations`.
2. Its services call `obj.__dict__.update(search_columns(key=…, title=…, summary=…, body=…))` (or assign the
   four fields) before every save; bulk writers (imports, seeds, bench SQL) fill the columns with `search_fold`.
3. Its selectors call `ranked_search(queryset, query, then=("-published_at", "-pk"), recent=("-published_at",
   "-pk"))` after their own filters (state, audience) and slice; a recency index (e.g. (state, -published_at))
   keeps the candidate query short.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, FloatField, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from core.content.models import SEARCH_CONFIG

_D = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[\W_]+")
MAX_TERMS = 8
WINDOW = 120  # most recent matches ranked (see ranked_search)
KEY_MATCHES = 50  # items whose number starts with the query, always ranked
MAX_BODY = 200_000  # characters of folded body kept for search (a tsvector is limited to 1 MB)
# Weights for D, C, B, A (PostgreSQL's order).
WEIGHTS = [0.05, 0.2, 0.4, 1.0]


def search_fold(text: str | None) -> str:
    """ "Nghị quyết 57-NQ/TW" → "nghi quyet 57 nq tw"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.lower()).split())


def search_columns(*, key: str = "", title: str = "", summary: str = "", body: str = "") -> dict[str, str]:
    """The four folded columns of a Searchable model, ready to assign."""
    return {
        "search_key": search_fold(key)[:120],
        "search_title": search_fold(title)[:600],
        "search_summary": search_fold(summary),
        "search_body": search_fold(body)[:MAX_BODY],
    }


def search_terms(query: str | None) -> list[str]:
    """The folded terms of a query (at most MAX_TERMS); [] when nothing searchable is left."""
    return search_fold(query).split()[:MAX_TERMS]


def tsquery_text(terms: list[str]) -> str:
    """ "nghi & quyet & 57:*" — terms are [0-9a-z…] words after folding, safe in a raw tsquery."""
    if not terms:
        return ""
    return " & ".join([*terms[:-1], f"{terms[-1]}:*"])


def _words_in(field: str, phrase: str) -> Q:
    """`phrase` as whole words inside a folded column (folded text is single-spaced words)."""
    return (
        Q(**{field: phrase})
        | Q(**{f"{field}__startswith": f"{phrase} "})
        | Q(**{f"{field}__endswith": f" {phrase}"})
        | Q(**{f"{field}__contains": f" {phrase} "})
    )


def ranked_search[M: Model](
    qs: QuerySet[M],
    query: str | None,
    *,
    then: tuple[str, ...] = ("-pk",),
    recent: tuple[str, ...] = ("-pk",),
    window: int = WINDOW,
    candidates: list[int] | None = None,
) -> QuerySet[M]:
    """`qs` narrowed to items matching `query`, annotated `search_rank`/`search_exact` and ordered best first,
    ties broken by `then` (e.g. ("-published_at", "-pk")); `qs` unchanged when the query has no searchable
    term. The model must inherit Searchable.

    Ranking reads every candidate's tsvector, so it is bounded: the candidates are the `window` most recent
    matches (`recent` order, found through the GIN index or by walking the recency index, whichever the planner
    prefers) plus every item whose number starts with the query (key index). A query matching more than
    `window` items ranks the newest of them: type more words to reach older ones. A caller that already knows
    the matching items (e.g. news: a member's own few thousand rows checked one by one) passes their ids as
    `candidates` (at most `window` are ranked) and no tenant-wide GIN scan is made."""
    terms = search_terms(query)
    if not terms:
        return qs
    phrase = " ".join(terms)
    tsquery = SearchQuery(tsquery_text(terms), search_type="raw", config=Value(SEARCH_CONFIG))
    matching = qs.filter(search_vector=tsquery)
    if candidates is not None:
        newest = candidates[:window]
    else:
        newest = list(matching.order_by(*recent).values_list("pk", flat=True)[:window])
    by_key = list(qs.filter(search_key__startswith=phrase).values_list("pk", flat=True)[:KEY_MATCHES])
    ranked: QuerySet[M] = (
        qs.filter(pk__in=set(newest) | set(by_key))  # type: ignore[assignment]
        .annotate(
            search_rank=SearchRank(F("search_vector"), tsquery, weights=WEIGHTS, cover_density=True),
            search_exact=Case(
                When(search_key=phrase, then=Value(4)),
                When(search_key__startswith=f"{phrase} ", then=Value(3)),
                When(_words_in("search_title", phrase), then=Value(2)),
                When(search_key__startswith=phrase, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-search_exact", Coalesce("search_rank", Value(0.0), output_field=FloatField()).desc(), *then)
    )
    return ranked


def is_search(query: str | None) -> bool:
    return bool(search_terms(query))


__all__ = [
    "is_search",
    "ranked_search",
    "search_columns",
    "search_fold",
    "search_terms",
    "tsquery_text",
]
