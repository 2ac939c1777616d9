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
from pypinyin import Style, lazy_pinyin, load_phrases_dict

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


def warm_up():
    """Load the word list and the pinyin tables now (about half a second, no database):
    a serving process calls this before its first request, so no visitor's search pays
    for it."""
    tokenizer()
    _run_pinyin("老兵")


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


# Question and filler words visitors type around what they look for (怎么献花, 离我最近的
# 服务站, 邻居吵架找谁调解): they carry no subject, and requiring them finds nothing.
STOP_WORDS = frozenset(
    """怎么 怎么样 怎样 如何 哪里 哪儿 哪个 哪些 在哪 在哪里 去哪 去哪里 什么 啥 为什么 多少
    我 我们 我家 咱 咱们 你 你们 他 她 他们 的 地 得 了 吗 呢 吧 啊 呀 么 和 与 及 或 跟 在 是 有
    找 找谁 谁 办理 办 请问 请 想 想要 要 需要 能 能不能 可以 可不可以 一下 一个 去 到 给 让 帮 帮忙
    离 最近 附近 近 哪家 应该 该 这个 那个 这 那 都 也 还 就 把 被 对 从 向 查 查询 看 看看 知道
    些 个 位 关于 相关 有关 好 怎么办 咋办 咋 怎么去 怎么走 在哪儿 哪有 是谁 哪天 几时 几点
    哪位 一些 如何办 办不办 行不行 呀 哦 嘛""".split()
)


@functools.lru_cache(maxsize=20_000)
def decompose(word):
    """``word`` cut into shorter dictionary words (fewest pieces, then most common), for
    query words jieba keeps whole but pages split: 立功喜报 → 立功 喜报. () when none."""
    if len(word) < 3 or word.isascii():
        return ()
    freq = tokenizer().FREQ
    best = [(0, 0.0, ())] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 4), end):
            piece = word[start:end]
            if best[start] is None or piece == word or (len(piece) > 1 and not freq.get(piece)):
                continue
            pieces, score, parts = best[start]
            candidate = (pieces + 1, score - (freq.get(piece) or 1), (*parts, piece))
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    parts = best[-1][2] if best[-1] else ()
    return parts if len(parts) > 1 and any(len(p) > 1 for p in parts) else ()


def content_tokens(tokens):
    """``tokens`` without stop words; all of them when nothing else is left."""
    kept = [t for t in tokens if t not in STOP_WORDS]
    return kept or list(tokens)


def is_pinyin_query(query):
    """True when the query is Latin letters only, e.g. ``zhangjianguo`` or ``zjg``."""
    return bool(_PINYIN_QUERY.fullmatch(normalize(query).strip()))


def pinyin_key(query):
    """``Zhang Jianguo`` → ``zhangjianguo``: the form pinyin is indexed in."""
    return re.sub(r"[^a-z]", "", normalize(query))


# Readings pypinyin's own phrase list gets wrong for this portal (长津湖 is chang, not
# zhang). Loaded into pypinyin once, so every reading below uses them.
PHRASE_READINGS = {
    "长津湖": "chang jin hu",
    "长津": "chang jin",
    "长征": "chang zheng",
    "长江": "chang jiang",
    "长城": "chang cheng",
    "长眠": "chang mian",
    "长青": "chang qing",
    "长存": "chang cun",
    "长辈": "zhang bei",
    "站长": "zhan zhang",
    "队长": "dui zhang",
    "班长": "ban zhang",
    "连长": "lian zhang",
    "排长": "pai zhang",
    "营长": "ying zhang",
    "团长": "tuan zhang",
    "师长": "shi zhang",
    "局长": "ju zhang",
    "镇长": "zhen zhang",
    "村长": "cun zhang",
    "曾经": "ceng jing",
    "朝鲜": "chao xian",
    "援朝": "yuan chao",
    "上甘岭": "shang gan ling",
    "重温": "chong wen",
    "重走": "chong zou",
    "行军": "xing jun",
    "单位": "dan wei",
    "参军": "can jun",
    "老兵": "lao bing",
}
# A name's first character read as a surname where that differs from its usual reading.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "尉": "yu",
    "种": "chong",
    "黑": "he",
    "重": "chong",
    "长": "chang",
    "藏": "zang",
    "柏": "bai",
    "宿": "su",
    "任": "ren",
    "华": "hua",
    "纪": "ji",
    "燕": "yan",
    "万": "wan",
    "员": "yun",
    "阚": "kan",
    "能": "nai",
    "秘": "bi",
    "繁": "po",
    "折": "she",
    "召": "shao",
    "那": "na",
    "眭": "sui",
}
_readings_loaded = False


def _load_readings():
    global _readings_loaded
    if not _readings_loaded:
        load_phrases_dict({w: [[s] for s in r.split()] for w, r in PHRASE_READINGS.items()})
        _readings_loaded = True


@functools.lru_cache(maxsize=20_000)
def _run_pinyin(run):
    _load_readings()
    return tuple(lazy_pinyin(run, style=Style.NORMAL, errors=lambda chars: [""] * len(chars)))


def reading_overrides():
    """Editors' readings {word: syllables}, e.g. 曾德胜 → zeng de sheng (search.models)."""
    from django.db import DatabaseError

    from .models import reading_overrides as stored

    try:
        return stored()
    except DatabaseError:  # before migrations (or a bare worker preparing rows): none yet
        return {}


def char_pinyin(chunk, names=(), overrides=None):
    """One syllable per character of ``chunk`` (empty for non-Chinese characters).

    Readings come from pypinyin with the whole run as context (so its phrase dictionary
    applies), then the surname reading for the first character of each name in ``names``,
    then editors' overrides, which win."""
    syllables = list(_run_pinyin(chunk))
    if len(syllables) != len(chunk):  # pypinyin kept a non-Chinese run together
        syllables = [(_run_pinyin(c) or ("",))[0] if not c.isascii() else "" for c in chunk]
    for name in names:
        if len(name) >= 2 and name[0] in SURNAME_READINGS:
            start = chunk.find(name)
            while start != -1:
                syllables[start] = SURNAME_READINGS[name[0]]
                start = chunk.find(name, start + 1)
    overrides = reading_overrides() if overrides is None else overrides
    for word, spoken in overrides.items():
        start = chunk.find(word)
        while start != -1:
            syllables[start : start + len(word)] = spoken
            start = chunk.find(word, start + len(word))
    return syllables


def pinyin_terms(text, span=3, names=(), overrides=None):
    """Pinyin and initials of every word and run of up to ``span`` words of ``text``.

    Both 张建国 (one word) and 张 建国 (split) give zhangjianguo and zjg, so a name is
    found by its pinyin however jieba cut it. Readings are taken in context (长津湖 is
    changjinhu); ``names`` are read with surname readings (曾 is zeng). Returns
    {pinyin term: Chinese source}.
    """
    norm = normalize(text)
    names = [normalize(n) for n in names if n]
    per_char = char_pinyin(norm, names, overrides)
    tokens, syllables, position = [], [], 0
    for word in tokenizer().cut(norm, HMM=False):
        start = norm.find(word, position)
        position = start + len(word)
        if not _TOKEN.fullmatch(word) or word.isascii():
            continue
        tokens.append(word)
        syllables.append(tuple(per_char[start:position]))
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
    return "".join(char_pinyin(normalize(query)))


def surname_tokens(name):
    """Extra index tokens for a person's name: surname and given name, so 刘老兵, 赵站长
    and 王烈士 (jieba: 刘 老兵) find 刘建国, 赵德胜 and 王志刚 whatever jieba made of the name."""
    name = normalize(name).strip()
    if len(name) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return []
    given = name[1:]
    return [name, name[0], given] if len(given) >= 2 else [name, name[0]]


def one_edit_keys(word):
    """Keys shared by words one substituted character apart (烈土 and 烈士 share 烈?)."""
    return [word[:i] + "?" + word[i + 1 :] for i in range(len(word))]


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
