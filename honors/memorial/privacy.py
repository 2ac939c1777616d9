"""Personal contact details inside visitors' messages: found, flagged and masked.

Visitors sometimes leave a phone number, an ID number or a WeChat/QQ handle in a
message, their own or a martyr's family's. Such a message is flagged for the moderator
(``labels``), and whatever is approved is shown with the details masked (``mask``):
the stored text stays as sent, so nothing a moderator may need is lost.

Numbers are read through spaces, dashes and dots, in full-width digits and in Chinese
numerals (一三八 ……), since that is how people slip them past filters.
"""

import re

_NUMERALS = "〇零一二三四五六七八九幺"
_DIGIT = rf"[\d{_NUMERALS}]"
_SEP = r"[ \u3000\-－—_.．·•/、]{0,2}"
# Seven digits or more (with separators), optionally ending in the ID number's X.
_NUMBER = re.compile(rf"(?<![\d{_NUMERALS}]){_DIGIT}(?:{_SEP}{_DIGIT}){{6,}}(?:{_SEP}[xXｘＸ])?")
_TO_ASCII = str.maketrans(
    dict(zip(_NUMERALS, "00123456789" + "1", strict=True))
    | {chr(0xFF10 + n): str(n) for n in range(10)}
)
_HANDLE_TAIL = r"(?:号码?|id|ID|账号)?\s*[:：]?\s*(?:是|为)?\s*"
_WECHAT = re.compile(
    r"(?i:微信|威信|薇信|徽信|维信|v信|vx|wx|weixin|wei xin|wechat|加v|\+v)"
    + _HANDLE_TAIL
    + r"(?P<handle>[a-zA-Zａ-ｚＡ-Ｚ][-_a-zA-Z0-9ａ-ｚＡ-Ｚ０-９]{5,19})"
)
_QQ = re.compile(
    r"(?i:qq|扣扣|企鹅)" + _HANDLE_TAIL + rf"(?P<handle>{_DIGIT}(?:{_SEP}{_DIGIT}){{4,11}})"
)
_EMAIL = re.compile(r"(?P<handle>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")
MASK = "***"


def _number_kind(digits):
    """What a run of digits is, or None for numbers that are not personal (a date)."""
    if re.fullmatch(r"(?:86)?1[3-9]\d{9}", digits):
        return "手机号"
    if re.fullmatch(r"\d{17}[\dx]|\d{15}", digits):
        return "身份证号"
    if re.fullmatch(r"0\d{9,11}", digits):
        return "电话号码"
    date = re.fullmatch(r"(1[89]\d\d|20\d\d)(\d\d)(\d\d)", digits)
    if date and 1 <= int(date[2]) <= 12 and 1 <= int(date[3]) <= 31:
        return None
    return "号码"


def find(text):
    """(start, end, label) of every personal detail in ``text``, in order."""
    spans = []
    for pattern, label in ((_WECHAT, "微信号"), (_QQ, "QQ号"), (_EMAIL, "邮箱")):
        for match in pattern.finditer(text):
            spans.append((match.start("handle"), match.end("handle"), label))
    for match in _NUMBER.finditer(text):
        raw = match.group().translate(_TO_ASCII)
        digits = "".join(ch for ch in raw if ch.isdigit()) + ("x" if raw[-1] in "xXｘＸ" else "")
        kind = _number_kind(digits)
        if kind and not any(s < match.end() and match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), kind))
    return sorted(spans)


def labels(*texts):
    """Moderation flags, e.g. ["个人信息：手机号"], for every kind of detail found."""
    return sorted({f"个人信息：{label}" for text in texts for _, _, label in find(text or "")})


def mask(text):
    """``text`` with each personal detail replaced by ***."""
    out, position = [], 0
    for start, end, _ in find(text or ""):
        if start >= position:
            out.append(text[position:start] + MASK)
            position = end
    out.append((text or "")[position:])
    return "".join(out)
