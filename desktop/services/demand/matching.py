"""Matching residents' requests to the district's service menu, so that a village that needs pear-orchard
care is not sent herbal-medicine training.

The matcher is deliberately simple and explainable. A request's words and an offering's words (title,
what it covers, its keywords) are cut into **terms**: every two-character run of Chinese text (梨园,
修剪), every single character that carries meaning on its own (梨, 药 — a short list of stop characters
such as 的, 想, 学 is left out), and the tone-less pinyin of two-character runs, so a homophone slip
(犁树 for 梨树) still meets its word. Pinyin is taken from the offering's title and keywords only —
the words it is about — because across the running text of "what it covers" chance homophones of
non-words (椒修 / 教修) are common.

Each shared term adds its weight: rarer terms across the menu weigh more (inverse document
frequency); two-character terms more than single characters; pinyin less than characters; terms of
the offering's keywords half as much again; a single character counts only when no shared
two-character term already contains it. An offering whose platform fits the request's category gets
a small bonus, never enough on its own to outrank shared words. A suggestion needs at least one shared
two-character term (or a keyword of one character, such as 梨): single characters met by chance
(公 in 公路 and 公检法) suggest nothing. The explanation of a suggestion is the list of shared words.

A request that no offering shares a meaningful word with lands on the **gap list**: what the district
takes to its departments.
"""

from __future__ import annotations

import math
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.search_keys import syllables

#: Characters too common in requests to say what is needed.
_STOP = set(
    "的了和与及或在是有要想学会做给让把被也都很更最等们我你他她它这那个些一二三四五六七八九十"
    "能可以请帮助希望需要进行开展提供相关方面问题村民居民群众家人户组社区镇村里上下中大小多少"
    "年月日时候次回点些么吗呢吧啊如何怎么为什么"
)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9]+")
#: Term weights by kind, before rarity.
_BIGRAM, _CHAR, _PINYIN, _LATIN_WORD = 1.0, 0.6, 0.5, 0.8
#: Extra factor for terms of an offering's keywords.
_KEYWORD = 1.5
#: Added when the offering's platform fits the request's category.
PLATFORM_BONUS = 0.3
#: A suggestion needs at least this much shared meaning; below it the request is a gap.
MIN_SCORE = 0.9

#: Which platforms usually serve each request category (platform categories serve themselves).
CATEGORY_PLATFORMS: dict[str, frozenset[str]] = {
    "income": frozenset({"science", "education"}),
    "schooling_jobs": frozenset({"education"}),
    "health_care": frozenset({"health"}),
    "housing_elderly": frozenset({"health", "law"}),
}


@dataclass(frozen=True)
class Terms:
    weights: dict[str, float]  # term -> kind weight
    shown: dict[str, str]  # term -> the words a person would recognise
    #: Keywords of one character (梨): enough on their own to suggest an offering.
    solo: frozenset[str] = frozenset()


def terms(text: str, sounds: bool = True) -> Terms:
    """The terms of ``text`` with the kind weight of each (see the module docstring); ``sounds``
    adds the pinyin of its two-character runs."""
    weights: dict[str, float] = {}
    shown: dict[str, str] = {}
    lowered = text.lower()
    for run in _HAN.findall(lowered):
        for i, ch in enumerate(run):
            if ch not in _STOP:
                weights.setdefault(ch, _CHAR)
                shown.setdefault(ch, ch)
            if i + 1 < len(run):
                pair = run[i : i + 2]
                if pair[0] in _STOP and pair[1] in _STOP:
                    continue
                weights[pair] = _BIGRAM
                shown[pair] = pair
                if sounds:
                    sound = "py:" + "".join(syllables(pair))
                    weights.setdefault(sound, _PINYIN)
                    shown.setdefault(sound, pair)
    for word in _LATIN.findall(lowered):
        if len(word) > 1:
            weights[word] = _LATIN_WORD
            shown[word] = word
    return Terms(weights, shown)


def _offering_terms(item: MenuItem) -> Terms:
    """An offering's terms: characters from all its text, pinyin from its title and keywords, and
    its keywords' terms weighted up."""
    whole = terms(f"{item.title} {item.text} {item.keywords}", sounds=False)
    named = terms(f"{item.title} {item.keywords}")
    weights = dict(whole.weights)
    shown = dict(whole.shown)
    for term, weight in named.weights.items():
        weights.setdefault(term, weight)
        shown.setdefault(term, named.shown[term])
    for term in terms(item.keywords).weights:
        weights[term] = weights[term] * _KEYWORD
    solo = frozenset(w for w in item.keywords.split() if len(w) == 1 and w in weights)
    return Terms(weights, shown, solo)


@dataclass(frozen=True)
class MenuItem:
    """What the matcher needs of an offering."""

    id: uuid.UUID
    title: str
    platform: str
    text: str  # what it covers
    keywords: str = ""


@dataclass(frozen=True)
class Suggestion:
    offering_id: uuid.UUID
    title: str
    score: float
    #: The shared words that made the match — the request's own words, longest first, then single
    #: characters and sound-alikes: the explanation shown to people.
    because: tuple[str, ...]
    platform_fits: bool


def _whole_words(need: str, pairs: set[str]) -> list[str]:
    """Runs of the request's own text made of shared pairs, joined where they overlap (病虫 + 虫害
    → 病虫害), so the explanation shows the words a person wrote, longest first."""
    runs: list[str] = []
    for text in _HAN.findall(need.lower()):
        i = 0
        while i < len(text) - 1:
            if text[i : i + 2] not in pairs:
                i += 1
                continue
            j = i + 1
            while j < len(text) - 1 and text[j : j + 2] in pairs:
                j += 1
            runs.append(text[i : j + 1])
            i = j + 1
    return sorted(dict.fromkeys(runs), key=len, reverse=True)


class Matcher:
    """Scores requests against one menu; build it once per menu and ask many times."""

    def __init__(self, menu: Sequence[MenuItem]) -> None:
        self.menu = list(menu)
        self._terms = [_offering_terms(item) for item in self.menu]
        df: Counter[str] = Counter()
        for t in self._terms:
            df.update(t.weights.keys())
        n = max(1, len(self.menu))
        # Smoothed inverse document frequency: a term every offering has still counts a little.
        self._idf = {term: math.log(1 + n / count) for term, count in df.items()}

    def suggest(self, need: str, category: str = "", limit: int = 3) -> list[Suggestion]:
        """The offerings that fit ``need`` best, each with why; empty when none fits (a gap)."""
        wanted = terms(need)
        fitting = CATEGORY_PLATFORMS.get(category, frozenset({category}))
        scored = []
        for item, offered in zip(self.menu, self._terms, strict=True):
            shared = [t for t in wanted.weights if t in offered.weights]
            pairs = [t for t in shared if len(wanted.shown[t]) > 1]
            inside = {ch for t in pairs for ch in wanted.shown[t]}
            # A character already counted inside a shared pair does not count again on its own.
            shared = [t for t in shared if len(wanted.shown[t]) > 1 or t not in inside]
            if not pairs and not offered.solo.intersection(shared):
                continue

            def weight(term: str, offered: Terms = offered) -> float:
                return offered.weights[term] * self._idf.get(term, 0.0)

            fits = item.platform in fitting
            score = sum(weight(t) for t in shared) + (PLATFORM_BONUS if fits else 0.0)
            if score < MIN_SCORE:
                continue
            ranked = sorted(shared, key=lambda t: -weight(t))
            words = _whole_words(need, {wanted.shown[t] for t in pairs})
            because = tuple(dict.fromkeys([*words, *(wanted.shown[t] for t in ranked)]))
            because = tuple(w for w in because if not any(w != o and w in o for o in because))
            scored.append(Suggestion(item.id, item.title, round(score, 3), because[:6], fits))
        scored.sort(key=lambda s: (-s.score, s.title))
        return scored[:limit]

    def gaps(self, requests: Iterable[tuple[uuid.UUID, str, str]]) -> list[uuid.UUID]:
        """Ids of the requests (id, need, category) that no offering covers."""
        return [rid for rid, need, category in requests if not self.suggest(need, category, 1)]
