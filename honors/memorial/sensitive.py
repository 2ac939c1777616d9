"""Screening visitors' messages against the sensitive-word list.

Words and messages are normalised the same way before matching: NFKD, then every mark,
space, punctuation mark, symbol, control, format and filler character dropped (so
"博\u034f彩", "博\ufe00彩", "博\u0301彩", "博\u3164彩" and "博 彩" are all 博彩), NFKC, lower
case, traditional → simplified (代開發票 → 代开发票). A message is also read with up to
three Latin letters or digits between two Chinese characters skipped (博x彩), and, when
it holds a right-to-left override, in the order a reader sees it (U+202E 彩博 shows as
博彩). Those forms answer with the word's own action (reject or hold).

Pinyin and homophones (bocai, bo彩, 菠菜 for 博彩; 瑟琴 for 色情, -ng and -n taken as
one) are matched syllable by syllable and only ever HOLD a message for
a moderator: a sound-alike may be innocent, and refusing an innocent tribute is worse
than a moderator's glance.

Matching uses pyahocorasick (Aho–Corasick in C): one pass over each form of the
message whatever the number of words. Each process builds the automata once and
rebuilds them when the list changes (detected by a cheap count/last-update query, so
it works across processes and without the cache).
"""

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import ahocorasick
import zhconv
from django.db.models import Count, Max
from pypinyin import Style, lazy_pinyin

from core.text import FILLERS

# Unicode categories dropped before matching: marks (M*: combining accents, variation
# selectors, the grapheme joiner), punctuation (P*), symbols (S*), separators (Z*),
# and controls/format characters such as zero-width spaces and bidi overrides (C*).
_DROPPED = ("M", "P", "S", "Z", "C")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_IS_CJK = re.compile(f"[{_CJK}]")
_SOUND_RUN = re.compile(f"[{_CJK}]+|[a-z]+")
_INSERTED = re.compile(f"(?<=[{_CJK}])[a-z0-9]{{1,3}}(?=[{_CJK}])")
# Right-to-left override until pop-directional-formatting/isolate or the end of the line.
_OVERRIDE = re.compile("\u202e([^\u202c\u2069\n]*)")
SOUND_LABEL = "{word}（谐音或拼音）"


def normalise(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(
        ch for ch in text if unicodedata.category(ch)[0] not in _DROPPED and ch not in FILLERS
    )
    return zhconv.convert(unicodedata.normalize("NFKC", text), "zh-hans").casefold()


def forms(text):
    """Every normalised form of ``text`` that a reader could take it for."""
    raw = [text or ""]
    if "\u202e" in raw[0]:
        raw.append(_OVERRIDE.sub(lambda m: m.group(1)[::-1], raw[0]))
    found = []
    for item in raw:
        norm = normalise(item)
        for form in (norm, _INSERTED.sub("", norm)):
            if form not in found:
                found.append(form)
    return found


def _fuzzy(syllable):
    """-ng and -n, which many speakers and input methods mix up, count as one. (Merging
    zh/z, ch/c, sh/s too would make 史料 read as 私聊 on every martyr's page.)"""
    return syllable[:-1] if syllable.endswith("ng") else syllable


@functools.cache
def _syllable(ch):
    """A character's usual reading. Character by character, the same on both sides: a
    word and a message then read a polyphonic character alike whatever surrounds it
    (and it is ten times faster than pypinyin's phrase matching)."""
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


def word_sounds(key):
    """Exact and fuzzy pinyin of a normalised word of two or more Chinese characters."""
    if len(key) < 2 or not all(_IS_CJK.match(ch) for ch in key):
        return set()
    syllables = [_syllable(ch) for ch in key]
    return {"".join(syllables), "".join(_fuzzy(s) for s in syllables)}


def text_sounds(norm):
    """The pinyin of a normalised message, exact and fuzzy, each with the positions
    where a syllable may start or end. Chinese characters give one syllable each; Latin
    letters (typed pinyin) are kept as they are, and may be cut anywhere."""
    runs = [
        (chunk, [_syllable(ch) for ch in chunk] if _IS_CJK.match(chunk) else None)
        for chunk in _SOUND_RUN.findall(norm)
    ]
    sounds = []
    for convert in (str, _fuzzy):
        parts, cuts, length = [], {0}, 0
        for chunk, syllables in runs:
            if syllables is None:
                cuts.update(range(length, length + len(chunk) + 1))
                parts.append(chunk)
                length += len(chunk)
                continue
            for syllable in syllables:
                piece = convert(syllable)
                parts.append(piece)
                length += len(piece)
                cuts.add(length)
        sounds.append(("".join(parts), cuts))
    return sounds


class Automaton:
    """Aho–Corasick over normalised keys; ``find`` returns the payloads of every match."""

    def __init__(self, entries, keys=lambda word: [normalise(word)]):
        by_key = {}
        for word, payload in entries:
            for item in keys(word):
                if item:
                    by_key.setdefault(item, []).append(payload)
        self.size = len(by_key)
        self._automaton = ahocorasick.Automaton()
        for item, payloads in by_key.items():
            self._automaton.add_word(item, (len(item), payloads))
        if by_key:
            self._automaton.make_automaton()

    def spans(self, text):
        """(start, end, payloads) of every key found in already normalised ``text``."""
        if not self.size:
            return
        for last, (length, payloads) in self._automaton.iter(text):
            yield last + 1 - length, last + 1, payloads

    def find(self, text):
        found = []
        for form in forms(text):
            for _, _, payloads in self.spans(form):
                found.extend(payloads)
        return found


@dataclass
class Screening:
    """The verdict on one message: rejected, held for a closer look, or clean."""

    rejected: list = field(default_factory=list)
    held: list = field(default_factory=list)

    @property
    def matched(self):
        return sorted(set(self.rejected) | set(self.held))


class WordList:
    """The sensitive words as two automata: written forms and sounds."""

    def __init__(self, words):
        words = list(words)
        self.words = Automaton((word, (word, action)) for word, action in words)
        self.sounds = Automaton(
            ((word, word) for word, _ in words), keys=lambda word: word_sounds(normalise(word))
        )

    def screen(self, *texts):
        from .models import SensitiveWord

        result = Screening()
        sounded = set()
        for text in texts:
            for form in forms(text):
                for _, _, payloads in self.words.spans(form):
                    for word, action in payloads:
                        reject = action == SensitiveWord.Action.REJECT
                        bucket = result.rejected if reject else result.held
                        if word not in bucket:
                            bucket.append(word)
                for sound, cuts in text_sounds(form) if self.sounds.size else ():
                    for start, end, payloads in self.sounds.spans(sound):
                        if start in cuts and end in cuts:
                            sounded.update(payloads)
        written = set(result.rejected) | set(result.held)
        for word in sorted(sounded - written):
            result.held.append(SOUND_LABEL.format(word=word))
        return result


_lock = threading.Lock()
_state = {"fingerprint": None, "list": WordList([])}


def _fingerprint():
    from .models import SensitiveWord

    row = SensitiveWord.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (row["n"], row["latest"])


def get_word_list():
    fingerprint = _fingerprint()
    if _state["fingerprint"] != fingerprint:
        from .models import SensitiveWord

        with _lock:
            if _state["fingerprint"] != fingerprint:
                _state["list"] = WordList(SensitiveWord.objects.values_list("word", "action"))
                _state["fingerprint"] = fingerprint
    return _state["list"]


def screen(*texts):
    """Screen the visitor's texts (nickname and message) against the current list."""
    return get_word_list().screen(*texts)
