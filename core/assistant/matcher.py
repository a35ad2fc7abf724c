"""The assistant's matcher: in-process, no external service (docs/adr/0027-assistant-matcher.md).

Text is folded like the library's search (lower case, no diacritics, đ → d), so "chuyen sinh hoat" finds
"chuyển sinh hoạt". Features are the syllables that carry meaning (a short list of function words is dropped)
and every pair of neighbouring syllables (Vietnamese words are mostly two syllables: "sinh hoạt", "đảng phí"), so
word order matters a little but not much. Features are weighted by idf over the base.

Each entry is matched through each of its phrasings (the question and its variants): the score is the cosine of
the idf-weighted feature sets, plus a little for words found in the answer; the best phrasing counts. A syllable
that is not in the base's vocabulary is corrected to the most frequent known syllable one deletion away (the
symmetric-delete method), which absorbs most typos ("sinh haot", "dang phii"). Unknown words stay in the query's
weight, so a question about something the base never mentions scores low and gets an honest "không biết".
"""

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from core.content.search import search_fold

_STOP_WORDS = """
la gi the nao nhu khong toi em minh thi va o dau duoc bao nhieu lam sao hoi xin a oi nhe vay ai cac nhung mot nay
do voi khi neu can phai ve tren trong roi cung da muon biet cach hay hoac u ah vui long giup cho co tui mik ko k dc
j ntn
"""
STOP = frozenset(_STOP_WORDS.split())
_NON_WORD = re.compile(r"[\W_]+")
ANSWER_WEIGHT = 0.15
# A query syllable typed with diacritics that the phrasing has with other diacritics ("vàng" vs "vắng") counts
# this much: folding makes them equal, the member's accents say they are not.
ACCENT_MISMATCH = 0.3
UNKNOWN_IDF = 3.0  # weight of a query syllable the base has never seen (it lowers the score)
UNKNOWN_PAIR = 1.0
# An answer is given when the best entry scores at least MIN_SCORE and covers at least MIN_COVERAGE of the
# question's weight (syllables and pairs); otherwise the assistant says it does not know. Chosen on the labelled
# set tests/bench/data/assistant_questions.tsv (make bench ARGS=assistant).
MIN_SCORE = 0.4
MIN_COVERAGE = 0.3  # … and of a pair of syllables the base has never seen together


def syllables(text: str) -> list[str]:
    return search_fold(text).split()


def accented(text: str) -> list[str]:
    """The syllables with their diacritics (lower case, NFC), aligned with syllables(text)."""
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFC", text or "").lower()).split()
    return words if len(words) == len(syllables(text)) else []


def _accents(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for plain, marked in zip(syllables(text), accented(text), strict=False):
        out[plain].add(marked)
    return dict(out)


def _features(tokens: list[str]) -> set[str]:
    feats = {t for t in tokens if t not in STOP and len(t) > 1}
    feats.update(f"{a} {b}" for a, b in pairwise(tokens) if not (a in STOP and b in STOP))
    return feats


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))} | {token}


@dataclass
class Hit:
    entry_id: int
    score: float
    coverage: float = 0.0  # share of the question's weight (idf of syllables and pairs) the best phrasing has

    @property
    def confident(self) -> bool:
        return self.score >= MIN_SCORE and self.coverage >= MIN_COVERAGE


@dataclass
class Index:
    """Built once per knowledge-base version and kept in the process (core/assistant/selectors.py)."""

    phrasings: list[tuple[int, dict[str, float], float]] = field(default_factory=list)  # entry, weights, norm
    accents: list[dict[str, set[str]]] = field(default_factory=list)  # per phrasing: syllable → its accented forms
    postings: dict[str, list[int]] = field(default_factory=dict)  # feature → phrasing indexes
    answers: dict[str, set[int]] = field(default_factory=dict)  # feature → entry ids whose answer has it
    idf: dict[str, float] = field(default_factory=dict)
    vocab: dict[str, int] = field(default_factory=dict)  # syllable → document frequency
    by_delete: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[tuple[int, list[str], str]]) -> "Index":
        """entries: (id, phrasings, answer)."""
        rows = [(pk, [p for p in texts if p.strip()], syllables(answer)) for pk, texts, answer in entries]
        df: dict[str, int] = defaultdict(int)
        vocab: dict[str, int] = defaultdict(int)
        feats_of = {text: _features(syllables(text)) for _pk, texts, _a in rows for text in texts}
        for _pk, texts, answer in rows:
            phr = [feats_of[t] for t in texts]
            for feat in set().union(*phr) if phr else set():
                df[feat] += 1
            for token in {t for p in phr for f in p for t in f.split()} | set(answer):
                vocab[token] += 1
        n = max(len(rows), 1)
        index = cls(idf={f: math.log(1 + n / c) for f, c in df.items()}, vocab=dict(vocab))
        for pk, texts, answer in rows:
            for text in texts:
                feats = feats_of[text]
                weights = {f: index.idf[f] for f in feats}
                norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
                index.phrasings.append((pk, weights, norm))
                index.accents.append(_accents(text))
                for f in feats:
                    index.postings.setdefault(f, []).append(len(index.phrasings) - 1)
            for f in _features(answer):
                index.answers.setdefault(f, set()).add(pk)
        by_delete: dict[str, list[str]] = defaultdict(list)
        for token in vocab:
            if len(token) >= 3:
                for d in _deletes(token):
                    by_delete[d].append(token)
        index.by_delete = dict(by_delete)
        return index

    def correct(self, token: str) -> str:
        if token in self.vocab or token in STOP or len(token) < 3 or not token.isalpha():
            return token
        candidates = {c for d in _deletes(token) for c in self.by_delete.get(d, [])}
        candidates = {c for c in candidates if abs(len(c) - len(token)) <= 1}
        return max(candidates, key=lambda c: (self.vocab[c], c)) if candidates else token

    def search(self, question: str, limit: int = 3) -> list[Hit]:
        plain = syllables(question)
        tokens = [self.correct(t) for t in plain]
        marked = {t: a for t, p, a in zip(tokens, plain, accented(question), strict=False) if t == p and a != t}
        feats = _features(tokens)
        if not feats:
            return []
        weights = {f: self.idf.get(f, UNKNOWN_IDF if " " not in f else UNKNOWN_PAIR) for f in feats}
        qnorm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        dots: dict[int, float] = defaultdict(float)
        for f, w in weights.items():
            typed = [(t, marked[t]) for t in f.split() if t in marked]
            for i in self.postings.get(f, ()):
                has = self.accents[i]
                clash = any(t in has and a not in has[t] for t, a in typed)
                dots[i] += w * self.phrasings[i][1][f] * (ACCENT_MISMATCH if clash else 1.0)
        wmass = sum(weights.values()) or 1.0
        best: dict[int, float] = {}
        cover: dict[int, float] = {}
        for i, dot in dots.items():
            pk, phrasing, norm = self.phrasings[i]
            score = dot / (qnorm * norm)
            if score > best.get(pk, 0.0):
                best[pk] = score
                cover[pk] = sum(w for f, w in weights.items() if f in phrasing) / wmass
        extra: dict[int, float] = defaultdict(float)
        for f, w in weights.items():
            for pk in self.answers.get(f, ()):
                extra[pk] += w / wmass
        for pk, share in extra.items():
            best[pk] = best.get(pk, 0.0) + ANSWER_WEIGHT * share
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [Hit(pk, round(score, 4), round(cover.get(pk, 0.0), 4)) for pk, score in ranked]
