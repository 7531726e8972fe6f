"""Derived search keys: the same name found by characters, full pinyin, initials or a near spelling.

The keys are derived data, so they never travel on the wire: whoever stores a resident computes them.

A resident's ``search_key`` holds space-separated parts, lower case::

    曾小明 zengxiaoming zxm zenxiaomin cengxiaoming cxm 13812345678

the name; its tone-less pinyin and initials; the *loose* pinyin (:func:`loose`), which folds the
sounds that people in the south-west (and pinyin input methods' "fuzzy" settings) do not tell apart —
zh/z, ch/c, sh/s, -ng/-n and l/n; the pinyin and initials of the name's other readings, if any; and
the phone's digits. A query is folded the same way, so "zangsan" still finds 张三. Everything a search
looks at is in this one column, so a search reads one narrow index instead of the whole table (see
``desktop/services/name_search.py``).

A name is read the way people say it (:func:`name_readings`): its first character as a surname (曾
is *zeng*, 单 *shan*, not the everyday *ceng* and *dan*: :data:`SURNAME_READINGS`, as pypinyin has no
surname mode of its own), the others as pypinyin reads them in context. Where a surname also has an
everyday reading, or a later character a second common one (长 *chang* and *zhang*), that reading is
indexed too. The first reading is the name's ``name_pinyin``, ``name_initials`` and ``name_loose``.

When what these functions derive changes, :data:`KEYS_VERSION` goes up and a laptop derives its
stored keys again as it opens its database (``desktop/storage/derived.py``).
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections import Counter, defaultdict

#: Replacements that make two spellings of a near-homophone equal. Order matters: "zh" before "h".
#: "l" never ends a pinyin syllable, so l→n only touches initials.
_LOOSE = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("l", "n"))
#: The lengths of the columns the keys are kept in (``core/schema.py``). A name's pinyin is up to
#: six letters a character, so the keys of a long name (``core/limits.py`` allows 50 characters)
#: are cut to fit rather than left for PostgreSQL to refuse the record.
PINYIN_LENGTH = 200
INITIALS_LENGTH = 50
SEARCH_KEY_LENGTH = 400


def syllables(text: str) -> list[str]:
    """Tone-less pinyin of the Chinese characters in ``text``; other characters pass through
    (so mixed input like "张san" becomes ["zhang", "san"])."""
    # Imported on first use: the pinyin tables take a quarter of a second to load, which the window's
    # start-up should not pay before anyone types.
    from pypinyin import Style, lazy_pinyin

    out = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        part = part.strip().lower()
        if part:
            out.append(part)
    return out


def normalise(text: str) -> str:
    """What a person typed, made comparable: full-width letters and digits folded (NFKC), lower case,
    spaces and the syllable separator ' dropped."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if not ch.isspace() and ch != "'")


def loose(pinyin: str) -> str:
    """``pinyin`` with near-homophones folded together ("zhangsan" → "zansan", "liu" → "niu")."""
    for before, after in _LOOSE:
        pinyin = pinyin.replace(before, after)
    return pinyin


#: How a surname is read where that differs from the everyday reading pypinyin gives its
#: character(s), tone-less. pypinyin reads 曾 as *ceng* and 单 as *dan*; as surnames they are *zeng*
#: and *shan*. Only the first characters of a name are looked up here, the longer surname first.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "乐正": ("yue", "zheng"),
    "仉督": ("zhang", "du"),
    "子车": ("zi", "ju"),
    **{
        surname: (reading,)
        for surname, reading in (
            ("曾", "zeng"), ("单", "shan"), ("解", "xie"), ("区", "ou"), ("仇", "qiu"),
            ("朴", "piao"), ("查", "zha"), ("乐", "yue"), ("覃", "qin"), ("盖", "ge"),
            ("繁", "po"), ("种", "chong"), ("重", "chong"), ("员", "yun"), ("秘", "bi"),
            ("缪", "miao"), ("尉", "yu"), ("燕", "yan"), ("宿", "su"), ("牟", "mou"),
            ("翟", "zhai"), ("阚", "kan"), ("都", "du"), ("薄", "bo"), ("藏", "zang"),
            ("粘", "nian"), ("佴", "nai"), ("能", "nai"), ("召", "shao"), ("句", "gou"),
            ("祭", "zhai"), ("隗", "wei"), ("洗", "xian"), ("郇", "xun"), ("乜", "nie"),
            ("蕃", "pi"), ("卜", "bu"), ("六", "lu"), ("折", "she"),
        )
    },
}  # fmt: skip
#: The most readings of one name that are indexed (the likeliest first): a name whose characters
#: each have two readings would otherwise multiply its key.
MAX_READINGS = 4
#: A character's other reading is *common* when at least this share of the words in pypinyin's
#: phrase dictionary that contain it read it so (长 is *zhang* in a quarter of them, 英 never
#: *yang*): pypinyin's own list of a character's readings includes ones no name uses.
COMMON_SHARE = 0.1
#: Letters of the longest pinyin syllable, "zhuang".
MAX_SYLLABLE = 6
#: Longest query read as mixed full pinyin and initials.
MAX_MIXED = 24
#: What pinyin input methods take as an abbreviated syllable: its initial.
_INITIALS = frozenset((*"bpmfdtnlgkhjqxrzcsyw", "zh", "ch", "sh"))


def _is_han(ch: str) -> bool:
    from pypinyin.constants import RE_HANS

    return bool(RE_HANS.match(ch))


@functools.cache
def _common_readings() -> dict[str, tuple[str, ...]]:
    """Characters with more than one common reading (:data:`COMMON_SHARE`), tone-less, the most
    used first. Counted once from pypinyin's phrase dictionary (about 0.1 s)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.phrases_dict import phrases_dict

    toned: dict[str, Counter[str]] = defaultdict(Counter)
    for phrase, readings in phrases_dict.items():
        for ch, reading in zip(phrase, readings, strict=False):
            toned[ch][reading[0]] += 1
    out = {}
    for ch, counts in toned.items():
        if len(counts) < 2:
            continue
        plain: Counter[str] = Counter()
        for reading, n in counts.items():
            plain[to_normal(reading)] += n
        total = sum(plain.values())
        common = tuple(r for r, n in plain.most_common() if n >= 3 and n >= COMMON_SHARE * total)
        if len(common) > 1:
            out[ch] = common
    return out


def _units(name: str) -> list[str]:
    """The name cut the way pypinyin returns its syllables: each Chinese character alone, any
    other run of characters whole."""
    units: list[str] = []
    for ch in name:
        if _is_han(ch) or not units or _is_han(units[-1][-1]):
            units.append(ch)
        else:
            units[-1] += ch
    return units


@functools.lru_cache(maxsize=65536)
def name_readings(name: str) -> tuple[tuple[str, ...], ...]:
    """The ways a normalised name is read, as tone-less syllables, the likeliest first (at most
    :data:`MAX_READINGS`). The first reads the surname as a surname and the rest as pypinyin does in
    context; the others swap in a surname's everyday readings or a character's other common one.
    Other characters pass through as in :func:`syllables`.

    Cached: each stored resident needs them for four derived columns, and a town's first download
    stores tens of thousands of residents whose names repeat."""
    from pypinyin import Style, lazy_pinyin

    parts = [p.strip().lower() for p in lazy_pinyin(name, style=Style.NORMAL, errors="default")]
    units = _units(name)
    if len(units) != len(parts):  # pypinyin cut the name some other way: take its one reading
        return (tuple(p for p in parts if p),)
    surname = next((name[:n] for n in (2, 1) if name[:n] in SURNAME_READINGS), "")
    common = _common_readings()
    choices = []
    for i, (unit, part) in enumerate(zip(units, parts, strict=True)):
        if i < len(surname):
            everyday = lazy_pinyin(unit, style=Style.NORMAL)[0]
            options = [SURNAME_READINGS[surname][i], part, everyday, *common.get(unit, ())]
        elif i == 0:  # a surname read as pypinyin reads it (陆 is never *liu*, 冯 never *ping*)
            options = [part]
        else:
            options = [part, *common.get(unit, ())]
        choices.append(tuple(dict.fromkeys(o for o in options if o)) or ("",))
    # Every combination, those that change the fewest characters from the first reading first.
    combos = sorted(
        itertools.product(*(range(len(c)) for c in choices)),
        key=lambda picks: sum(map(bool, picks)),
    )
    return tuple(
        tuple(c[pick] for c, pick in zip(choices, picks, strict=True) if c[pick])
        for picks in combos[:MAX_READINGS]
    )


def _letters(reading: tuple[str, ...]) -> list[str]:
    return [s for s in reading if s.isascii() and s.isalpha()]


def name_pinyin(name: str) -> str:
    """The name as one tone-less pinyin word ("张三" → "zhangsan", "曾三" → "zengsan"): equal for
    homophone names."""
    return "".join(s for s in name_readings(normalise(name))[0] if s.isascii())[:PINYIN_LENGTH]


def name_initials(name: str) -> str:
    """The initials of the name's pinyin ("张三" → "zs")."""
    reading = name_readings(normalise(name))[0]
    return "".join(s[0] for s in _letters(reading))[:INITIALS_LENGTH]


def name_search_key(name: str, phone: str = "") -> str:
    """Name, full pinyin and initials of each reading, loose pinyin of the first and phone digits,
    lower case ("曾三 zengsan zs zensan cengsan cs 13812345678")."""
    readings = name_readings(normalise(name))
    spelled = []
    for reading in readings:
        letters = _letters(reading)
        spelled += ["".join(letters), "".join(s[0] for s in letters)]
        if len(spelled) == 2:
            spelled.append(loose(spelled[0]))
    key = " ".join([normalise(name), *dict.fromkeys(p for p in spelled if p)])
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if not digits:
        return key[:SEARCH_KEY_LENGTH]
    return f"{key[: SEARCH_KEY_LENGTH - len(digits) - 1]} {digits}"


@functools.cache
def _syllable_set() -> frozenset[str]:
    """Every tone-less pinyin syllable with a vowel (pypinyin's readings of all characters)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    toned = {r for readings in pinyin_dict.values() for r in readings.split(",")}
    plain = {to_normal(r) for r in toned}
    return frozenset(s for s in plain if s.isascii() and s.isalpha() and set(s) & set("aeiouv"))


@functools.cache
def _syllable_starts() -> frozenset[str]:
    return frozenset(s[:n] for s in _syllable_set() for n in range(1, len(s) + 1))


def mixed_parts(spelled: str, limit: int = 4) -> list[tuple[str, ...]]:
    """What a key must contain for a query that mixes full syllables and initials, as pinyin
    input methods accept it ("liangcm" and "lchunmei" for 梁春梅): for each way of reading the
    query, its initials in a row ("lcm") and each of its longer pieces ("liang"; "chun", "mei").

    The query is cut into the fewest syllables and initials it can be (the last piece may be any
    start of a syllable: it is still being typed). Cuts the key holds as one substring need no
    parts: full pinyin (no initial before the last piece) and one-letter initials ("lcm"). At most
    ``limit`` cuts; none for a query of other characters.

    The pieces are looked for anywhere in the key, not syllable by syllable: that would take a
    longer key or another index, and search as you type must stay one scan of a narrow index on a
    town's register. A name with those initials and those syllables elsewhere is the rare extra
    match."""
    if not (spelled.isascii() and spelled.isalpha()) or len(spelled) > MAX_MIXED:
        return []
    full, starts, n = _syllable_set(), _syllable_starts(), len(spelled)

    def fits(i: int, j: int) -> bool:
        piece = spelled[i:j]
        return piece in starts if j == n else piece in full or piece in _INITIALS

    # fewest[i]: the fewest pieces spelled[i:] is cut into (None: it cannot be cut).
    fewest: list[int | None] = [None] * n + [0]
    for i in range(n - 1, -1, -1):
        ends = range(i + 1, min(n, i + MAX_SYLLABLE) + 1)
        counts = [fewest[j] + 1 for j in ends if fewest[j] is not None and fits(i, j)]
        fewest[i] = min(counts, default=None)

    def cuts(i: int) -> list[list[str]]:
        if i == n:
            return [[]]
        out = []
        for j in range(i + 1, min(n, i + MAX_SYLLABLE) + 1):
            if fewest[j] is not None and fewest[j] + 1 == fewest[i] and fits(i, j):
                out += [[spelled[i:j], *rest] for rest in cuts(j)]
        return out[:limit]

    if fewest[0] is None:
        return []
    found = []
    for pieces in cuts(0):
        if not any(p in _INITIALS for p in pieces[:-1]) or all(len(p) == 1 for p in pieces):
            continue
        initials = "".join(p[0] for p in pieces)
        found.append(tuple(dict.fromkeys([initials, *(p for p in pieces if len(p) > 1)])))
    return list(dict.fromkeys(found))


#: Raised whenever what the functions above derive changes: a laptop derives its stored keys again
#: when it opens a database whose keys an older version made (``desktop/storage/derived.py``).
KEYS_VERSION = 2


#: Columns computed from others whenever a row is stored, per table: never typed, never sent.
DERIVED_FIELDS = {
    "residents": {
        "search_key": lambda values: name_search_key(values["name"], values.get("phone", "")),
        "name_pinyin": lambda values: name_pinyin(values["name"]),
        "name_initials": lambda values: name_initials(values["name"]),
        "name_loose": lambda values: loose(name_pinyin(values["name"])),
    },
    "teachers": {
        "search_key": lambda values: name_search_key(values["name"], values.get("phone", ""))
    },
}
