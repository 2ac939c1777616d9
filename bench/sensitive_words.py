"""Screening visitors' messages: how long it takes with a long sensitive-word list.

Run: ``.venv/bin/python bench/sensitive_words.py`` (options: --help). It builds the
word list (a realistic 40-word list plus thousands of generated words, pinyin and
homophone matching on), screens 300-character messages, and checks the ordinary
tribute messages of tests/memorial/data for false positives. No database is needed.
Results: bench/results/sensitive_words.json. The tests assert what keeps the cost
flat (one query per message, no rebuild); the seconds live here.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "memorial" / "data"
RESULTS = ROOT / "bench" / "results" / "sensitive_words.json"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000, help="generated words on top")
    parser.add_argument("--messages", type=int, default=300, help="messages screened")
    parser.add_argument("--length", type=int, default=300, help="characters per message")
    parser.add_argument("--output", default=str(RESULTS))
    return parser.parse_args()


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()


def main():
    args = parse_args()
    load_at_start = os.getloadavg()[0]
    setup()
    from honors.memorial import privacy
    from honors.memorial.sensitive import WordList

    rng = random.Random(3)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    realistic = [
        line.split("\t") for line in (DATA / "sensitive_words.txt").read_text("utf-8").splitlines()
    ]
    generated = {
        "".join(rng.choice(chars) for _ in range(rng.randint(2, 5))) for _ in range(args.words)
    }
    words = realistic + [[word, "hold"] for word in sorted(generated)]

    started = time.perf_counter()
    word_list = WordList(words)
    build_seconds = time.perf_counter() - started

    ordinary = (DATA / "ordinary_messages.txt").read_text("utf-8").splitlines()
    messages = [
        "".join(rng.choice(chars + list("，。 abc123")) for _ in range(args.length))
        for _ in range(args.messages // 2)
    ]
    while len(messages) < args.messages:  # realistic text too: pinyin of real words
        messages.append("".join(rng.choice(ordinary) for _ in range(12))[: args.length])
    word_list.screen(messages[0])  # load pypinyin's dictionaries
    timings = []
    for message in messages:
        started = time.perf_counter()
        word_list.screen("访客", message)
        privacy.labels("访客", message)
        timings.append(time.perf_counter() - started)
    timings.sort()

    small = WordList(realistic)
    corpus = ordinary + [a + b for a, b in zip(ordinary, ordinary[1:], strict=False)]
    flagged = [t for t in corpus if small.screen(t).matched or privacy.labels(t)]
    report = {
        "benchmark": "sensitive_words",
        "words": len(words),
        "distinct_written_keys": word_list.words.size,
        "distinct_sound_keys": word_list.sounds.size,
        "build_seconds": round(build_seconds, 3),
        "message_characters": args.length,
        "messages": len(timings),
        "screen_ms_p50": round(statistics.median(timings) * 1000, 3),
        "screen_ms_p95": round(timings[int(len(timings) * 0.95) - 1] * 1000, 3),
        "screen_ms_max": round(timings[-1] * 1000, 3),
        "ordinary_messages_checked": len(corpus),
        "ordinary_messages_flagged": len(flagged),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1min_at_start": round(load_at_start, 2),
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
            "note": "共享的 2 核开发机；负载高时数字偏大",
        },
    }
    Path(args.output).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
