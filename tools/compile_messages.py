#!/usr/bin/env python3
"""Compile the project's gettext catalogues (``locale/*/LC_MESSAGES/*.po``) to ``.mo``.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine with
only Python lacks; this does the same for the subset of the format the project uses
(msgctxt, msgid, msgid_plural, msgstr[n], multi-line strings, fuzzy entries skipped).
Run by ``make install``/``make test``/``make demo``; ``.mo`` files are build output.
"""

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _PoReader:
    """Reads .po lines one by one into entries; ``key`` is the field a continuation extends."""

    def __init__(self):
        self.entries, self.entry, self.key, self.fuzzy = [], {}, None, False

    def finish(self):
        if "id" in self.entry:
            self.entry["fuzzy"] = self.fuzzy
            self.entries.append(self.entry)
        self.entry, self.fuzzy = {}, False

    def comment(self, line):
        if "id" in self.entry and "strs" in self.entry:
            self.finish()
        if line.startswith("#,") and "fuzzy" in line:
            self.fuzzy = True

    def continuation(self, value):
        if self.key[0] == "strs":
            self.entry["strs"][self.key[1]] += value
        else:
            self.entry[self.key[0]] += value

    def keyword(self, word, value):
        if word == "msgctxt" or (word == "msgid" and "strs" in self.entry):
            keep_fuzzy = self.fuzzy
            self.finish()
            self.fuzzy = keep_fuzzy
        if word.startswith("msgstr"):
            index = int(word[7:-1]) if word.startswith("msgstr[") else 0
            strs = self.entry.setdefault("strs", [])
            strs.extend([""] * (index + 1 - len(strs)))
            strs[index] = value
            self.key = ("strs", index)
            return
        field = {"msgctxt": "ctxt", "msgid": "id", "msgid_plural": "id_plural"}[word]
        self.entry[field], self.key = value, (field,)

    def feed(self, line):
        if not line:
            return
        if line.startswith("#"):
            self.comment(line)
        elif line.startswith('"'):
            self.continuation(ast.literal_eval(line))
        else:
            word, _, rest = line.partition(" ")
            self.keyword(word, ast.literal_eval(rest.strip()))


def parse_po(path):
    """Entries of a .po file as dicts: ctxt, id, id_plural, strs (list), fuzzy."""
    reader = _PoReader()
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        reader.feed(raw.strip())
    reader.finish()
    return reader.entries


def compile_po(po_path, mo_path):
    catalog = {}
    for entry in parse_po(po_path):
        strs = entry.get("strs", [])
        if entry["fuzzy"] and entry["id"] or not any(strs):
            continue
        msgid = entry["id"]
        if "id_plural" in entry:
            msgid += "\0" + entry["id_plural"]
        if "ctxt" in entry:
            msgid = entry["ctxt"] + "\x04" + msgid
        catalog[msgid.encode()] = "\0".join(strs).encode()
    ids = sorted(catalog)
    count = len(ids)
    key_start = 7 * 4
    value_start = key_start + count * 8
    data_start = value_start + count * 8
    offsets, data = [], b""
    for key in ids:
        offsets.append((len(key), data_start + len(data)))
        data += key + b"\0"
    values = []
    for key in ids:
        values.append((len(catalog[key]), data_start + len(data)))
        data += catalog[key] + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, key_start, value_start, 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets + values)
    Path(mo_path).write_bytes(header + table + data)
    return count


def main():
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime and "--force" not in sys.argv:
            continue
        print(f"{po.relative_to(ROOT)}: {compile_po(po, mo)} 条译文")


if __name__ == "__main__":
    main()
