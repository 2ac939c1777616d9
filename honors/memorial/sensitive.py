"""Screening visitors' messages against the sensitive-word list.

Words and messages are normalised the same way (NFKC, lower case, and every space,
punctuation mark, symbol and invisible character removed), so "某　词", "某，词" and
full-width letters still match. Matching uses an Aho–Corasick automaton: one pass over
the message whatever the number of words. Each process builds it once and rebuilds it
when the list changes (detected by a cheap count/last-update query, so it works across
processes and without the cache).
"""

import threading
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from django.db.models import Count, Max

# Unicode categories dropped before matching: punctuation (P*), symbols (S*),
# separators/spaces (Z*), control and format characters such as zero-width spaces (C*).
_DROPPED = ("P", "S", "Z", "C")


def normalise(text):
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in _DROPPED)


class Automaton:
    """Aho–Corasick over normalised words; ``find`` returns the payloads of every match."""

    def __init__(self, words):
        self.goto = [{}]
        self.fail = [0]
        self.out = [[]]
        for word, payload in words:
            key = normalise(word)
            if not key:
                continue
            node = 0
            for ch in key:
                nxt = self.goto[node].get(ch)
                if nxt is None:
                    nxt = len(self.goto)
                    self.goto[node][ch] = nxt
                    self.goto.append({})
                    self.fail.append(0)
                    self.out.append([])
                node = nxt
            self.out[node].append(payload)
        queue = deque(self.goto[0].values())
        while queue:
            node = queue.popleft()
            for ch, nxt in self.goto[node].items():
                queue.append(nxt)
                f = self.fail[node]
                while f and ch not in self.goto[f]:
                    f = self.fail[f]
                self.fail[nxt] = self.goto[f].get(ch, 0)
                self.out[nxt] = self.out[nxt] + self.out[self.fail[nxt]]

    def find(self, text):
        found = []
        node = 0
        for ch in normalise(text):
            while node and ch not in self.goto[node]:
                node = self.fail[node]
            node = self.goto[node].get(ch, 0)
            if self.out[node]:
                found.extend(self.out[node])
        return found


@dataclass
class Screening:
    """The verdict on one message: rejected, held for a closer look, or clean."""

    rejected: list = field(default_factory=list)
    held: list = field(default_factory=list)

    @property
    def matched(self):
        return sorted(set(self.rejected) | set(self.held))


_lock = threading.Lock()
_state = {"fingerprint": None, "automaton": Automaton([])}


def _fingerprint():
    from .models import SensitiveWord

    row = SensitiveWord.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (row["n"], row["latest"])


def get_automaton():
    fingerprint = _fingerprint()
    if _state["fingerprint"] != fingerprint:
        from .models import SensitiveWord

        with _lock:
            if _state["fingerprint"] != fingerprint:
                words = SensitiveWord.objects.values_list("word", "action")
                _state["automaton"] = Automaton((word, (word, action)) for word, action in words)
                _state["fingerprint"] = fingerprint
    return _state["automaton"]


def screen(*texts):
    """Screen the visitor's texts (nickname and message) against the current list."""
    from .models import SensitiveWord

    result = Screening()
    automaton = get_automaton()
    for text in texts:
        for word, action in automaton.find(text):
            bucket = result.rejected if action == SensitiveWord.Action.REJECT else result.held
            if word not in bucket:
                bucket.append(word)
    return result
