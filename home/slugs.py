"""Readable page addresses: 长津湖战役 → ``changjinhu-zhanyi``, not ``%E9%95%BF…``.

Wagtail fills a page's slug from its title in the browser; for a Chinese title that is
the title itself, which becomes a ~90-character percent-encoded link. Pages created or
edited in the admin get a pinyin slug instead, one hyphen-separated word per word of
the title (jieba), digits and Latin letters kept as typed.
"""

import re
import unicodedata

import jieba.posseg

from search.text import char_pinyin

MAX_LENGTH = 60
NON_SLUG = re.compile(r"[^a-z0-9]+")


def pinyin_slug(title, max_length=MAX_LENGTH):
    """The title as a lowercase ASCII slug of pinyin words (empty when nothing is left).

    Readings are the search engine's: pypinyin's phrase dictionary on the whole title,
    surnames of the names jieba finds read as surnames (曾 zeng), editors' corrections
    (设置 → 姓名读音) last, so an address and a pinyin search agree.
    """
    text = unicodedata.normalize("NFKC", title or "")
    pairs = list(jieba.posseg.cut(text))
    syllables = char_pinyin(text, names=[word for word, flag in pairs if flag == "nr"])
    words, position = [], 0
    for word, _flag in pairs:
        spoken = "".join(syllables[position + offset] or char for offset, char in enumerate(word))
        position += len(word)
        token = NON_SLUG.sub("", spoken.lower())
        if token:
            words.append(token)
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
