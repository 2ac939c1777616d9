"""Chinese text handling shared by every engine: one normaliser, one segmenter, one pinyin.

Index and query go through the same functions, so both sides produce the same tokens
(segmenting one side only misses most queries). jieba is loaded once per process, with
its cache file under var/, and HMM word discovery is off on both sides: unknown names
then split the same way in a sentence and in a query (张建国 → 张 建国 everywhere).
"""

import functools
import html
import re
import threading
import unicodedata
from pathlib import Path

import jieba
import zhconv
from django.conf import settings
from pypinyin import Style, lazy_pinyin

WORDS_FILE = Path(__file__).with_name("words.txt")
_TOKEN = re.compile(r"\w+")
_PINYIN_QUERY = re.compile(r"[a-z][a-z ']*")
_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """The process-wide jieba tokenizer, initialised on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(60)
                jieba.dt.tmp_dir = str(settings.VAR_DIR)
                jieba.dt.cache_file = "jieba.cache"
                jieba.dt.initialize()
                jieba.dt.load_userdict(str(WORDS_FILE))
                _tokenizer = jieba.dt
    return _tokenizer


def normalize(text):
    """Full-width → half-width, traditional → simplified, lower case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return zhconv.convert(text, "zh-hans").lower()


def words(text):
    """Word tokens of ``text`` in reading order (accurate mode), punctuation dropped."""
    return [w for w in tokenizer().cut(normalize(text), HMM=False) if _TOKEN.fullmatch(w)]


def index_tokens(text):
    """Tokens to index: like jieba's search mode, every word plus the dictionary words
    inside it, of any length (search mode stops at three characters, so 志愿服务 would be
    lost inside 志愿服务队)."""
    dt = tokenizer()
    tokens = []
    for word in dt.cut(normalize(text), HMM=False):
        if not _TOKEN.fullmatch(word):
            continue
        for size in range(2, len(word)):
            for start in range(len(word) - size + 1):
                part = word[start : start + size]
                if dt.FREQ.get(part):
                    tokens.append(part)
        tokens.append(word)
    return tokens


def segment(text):
    """Space-separated index tokens, as stored in the full-text columns."""
    return " ".join(index_tokens(text))


def query_tokens(query):
    """Tokens of a visitor's query (accurate mode; every one of them is an index token)."""
    return words(query)


def is_pinyin_query(query):
    """True when the query is Latin letters only, e.g. ``zhangjianguo`` or ``zjg``."""
    return bool(_PINYIN_QUERY.fullmatch(normalize(query).strip()))


def pinyin_key(query):
    """``Zhang Jianguo`` → ``zhangjianguo``: the form pinyin is indexed in."""
    return re.sub(r"[^a-z]", "", normalize(query))


@functools.lru_cache(maxsize=20_000)
def _word_pinyin(word):
    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


def pinyin_terms(text, span=3):
    """Pinyin and initials of every word and run of up to ``span`` words of ``text``.

    Both 张建国 (one word) and 张 建国 (split) give zhangjianguo and zjg, so a name is
    found by its pinyin however jieba cut it. Returns {pinyin term: Chinese source}.
    """
    tokens = [w for w in words(text) if not w.isascii()]
    syllables = [_word_pinyin(w) for w in tokens]
    terms = {}
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + span, len(tokens)) + 1):
            source = "".join(tokens[start:end])
            spoken = [s for word in syllables[start:end] for s in word if s]
            full, initials = "".join(spoken), "".join(s[0] for s in spoken)
            if len(full) >= 2:
                terms.setdefault(full, source)
            if len(initials) >= 2:
                terms.setdefault(initials, source)
    return terms


def query_pinyin(query):
    """Pinyin of a Chinese query, for 'did you mean' on homophones (张建果 → zhangjianguo)."""
    return "".join(lazy_pinyin(normalize(query), style=Style.NORMAL, errors="ignore"))


def highlight(text, terms, length=None):
    """Escape ``text`` and wrap every occurrence of ``terms`` in <mark>.

    With ``length``, return a window of about that many characters around the first
    match (the whole start of the text when nothing matches). Only <mark> is markup:
    everything else, query included, is escaped.
    """
    text = text or ""
    norm = normalize(text)
    if len(norm) != len(text):  # NFKC changed the length; match on the raw text instead
        norm = text.lower()
    spans = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        start = norm.find(term)
        while start != -1:
            end = start + len(term)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = norm.find(term, end)
    spans.sort()
    lo, hi = 0, len(text)
    if length and len(text) > length:
        first = spans[0][0] if spans else 0
        lo = max(0, min(first - length // 4, len(text) - length))
        hi = lo + length
        spans = [(s, e) for s, e in spans if s >= lo and e <= hi]
    out = ["…" if lo > 0 else ""]
    pos = lo
    for start, end in spans:
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out)
