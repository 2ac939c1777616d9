"""Cleaning what visitors type, for every public form and API that stores it.

Text is kept as the visitor wrote it, minus what no reader can see but a browser still
obeys: control and format characters (bidi overrides such as U+202E that reverse what
follows, zero-width spaces and joiners, BOM, tag characters), fillers that pose as a
letter (Hangul fillers, the blank braille cell), invisible selectors and joiners, and
runs of stacked combining marks. Line and paragraph separators become plain line
breaks (or spaces on one-line fields).
"""

import unicodedata

# Letters and symbols that render as nothing: a "name" of them looks filled in when it is not.
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Combining grapheme joiner, Mongolian and most variation selectors: invisible, and no
# Chinese text needs them. VS15/VS16 stay: they choose text or emoji style (🕯️).
IGNORABLE = frozenset(
    [chr(0x034F), *map(chr, range(0x180B, 0x1810)), *map(chr, range(0xFE00, 0xFE0E))]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]
)
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# C0/C1 controls, format characters (Cf) and lone surrogates, which UTF-8 cannot store.
DROPPED = ("Cc", "Cf", "Cs")
COMBINING = ("Mn", "Me")


def clean(value, multiline=False):
    """``value`` with invisible and layout-changing characters removed, trimmed.

    After NFC each visible character keeps at most one combining mark, and a mark with
    nothing to sit on is dropped. Tabs become spaces.
    """
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n")
    out = []
    has_base = False
    for ch in text:
        if ch in LINE_BREAKS:
            out.append("\n" if multiline else " ")
            has_base = False
            continue
        if ch == "\t":
            out.append(" ")
            has_base = False
            continue
        category = unicodedata.category(ch)
        if category in DROPPED or ch in FILLERS or ch in IGNORABLE:
            continue
        if category in COMBINING:
            if not has_base:
                continue
            has_base = False  # one mark per character: the rest of a run is dropped
        else:
            has_base = category[0] != "Z"
        out.append(ch)
    return "".join(out).strip()


def has_visible(text):
    """True when ``text`` shows at least one letter, digit, punctuation mark or symbol."""
    return any(ch not in FILLERS and unicodedata.category(ch)[0] in "LNPS" for ch in text or "")
