"""Readable page addresses: 长津湖战役 → ``changjinhu-zhanyi``, not ``%E9%95%BF…``.

Wagtail fills a page's slug from its title in the browser; for a Chinese title that is
the title itself, which becomes a ~90-character percent-encoded link. Pages created or
edited in the admin get a pinyin slug instead, one hyphen-separated word per word of
the title (jieba), digits and Latin letters kept as typed.
"""

import re
import unicodedata

import jieba.posseg
from pypinyin import lazy_pinyin, load_phrases_dict

MAX_LENGTH = 60
# Readings pypinyin's phrase dictionary gets wrong for words this portal uses a lot.
load_phrases_dict(
    {
        "长津湖": [["cháng"], ["jīn"], ["hú"]],
        "长津": [["cháng"], ["jīn"]],
    }
)
NON_SLUG = re.compile(r"[^a-z0-9]+")
# Surnames read differently from the character's common reading (曾 zeng, not ceng).
SURNAMES = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "召": "shao",
    "种": "chong",
    "员": "yun",
    "秘": "bi",
    "万俟": "moqi",
    "尉迟": "yuchi",
}


def _word_pinyin(word, flag):
    if flag == "nr":  # a person's name: read the surname as a surname
        for surname in sorted(SURNAMES, key=len, reverse=True):
            if word.startswith(surname) and len(word) > len(surname):
                return SURNAMES[surname] + "".join(lazy_pinyin(word[len(surname) :]))
    return "".join(lazy_pinyin(word))


def pinyin_slug(title, max_length=MAX_LENGTH):
    """The title as a lowercase ASCII slug of pinyin words (empty when nothing is left)."""
    words = []
    for word, flag in jieba.posseg.cut(unicodedata.normalize("NFKC", title or "")):
        text = NON_SLUG.sub("", _word_pinyin(word, flag).lower())
        if text:
            words.append(text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def needs_pinyin(slug):
    return not slug or not slug.isascii()


def unique_among_siblings(slug, parent, page=None):
    """``slug``, or ``slug-2``, ``slug-3``… when a sibling already uses it."""
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
