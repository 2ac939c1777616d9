"""The sensitive-word list: rejects or holds messages, and is not fooled by tricks."""

import random
import time

import pytest
from django.core.exceptions import ValidationError

from honors.memorial import sensitive
from honors.memorial.models import SensitiveWord, Tribute, TributeMessage

from .conftest import post_tribute

pytestmark = pytest.mark.django_db

OBFUSCATED = [
    "博彩",
    "博 彩",
    "博　彩",  # ideographic space
    "博，彩",
    "博.彩",
    "博-_-彩",
    "博\u200b彩",  # zero-width space
    "博\n彩",
    "★博★彩★",
]


@pytest.mark.parametrize("text", OBFUSCATED)
def test_reject_word_caught_however_it_is_written(client, martyr, text):
    rows = Tribute.objects.count()
    response = post_tribute(client, martyr.pk, message=f"今天来看您，{text}，还有别的")
    assert response.status_code == 400
    assert "含有不适宜发布的内容" in response.json()["detail"]
    assert "祭扫也未记录" in response.json()["detail"]
    assert Tribute.objects.count() == rows
    assert not TributeMessage.objects.filter(text__contains="今天来看您").exists()


def test_full_width_latin_is_normalised(client, martyr):
    SensitiveWord.objects.create(word="spam", action=SensitiveWord.Action.REJECT)
    response = post_tribute(client, martyr.pk, message="ＳＰＡＭ 广告")
    assert response.status_code == 400
    response = post_tribute(client, martyr.pk, message="S p a m")
    assert response.status_code == 400


def test_hold_word_keeps_message_pending_with_matched_words(client, martyr):
    response = post_tribute(client, martyr.pk, message="纪念品请 加 微 信 领取")
    assert response.status_code == 201
    message = TributeMessage.objects.get(text="纪念品请 加 微 信 领取")
    assert message.status == TributeMessage.Status.PENDING
    assert message.matched_words == ["加微信"]


def test_nickname_is_screened_too(client, martyr):
    response = post_tribute(client, martyr.pk, nickname="博彩达人", message="致敬")
    assert response.status_code == 400


def test_clean_message_has_no_matches(client, martyr):
    post_tribute(client, martyr.pk, message="英雄永垂不朽")
    assert TributeMessage.objects.get(text="英雄永垂不朽").matched_words == []


def test_editing_the_list_takes_effect_at_once(client, martyr):
    assert post_tribute(client, martyr.pk, message="新出现的违禁词").status_code == 201
    word = SensitiveWord.objects.create(word="违禁词", action=SensitiveWord.Action.REJECT)
    assert post_tribute(client, martyr.pk, message="又一个违禁词").status_code == 400
    word.action = SensitiveWord.Action.HOLD
    word.save()
    assert post_tribute(client, martyr.pk, message="再一个违禁词").status_code == 201
    word.delete()
    post_tribute(client, martyr.pk, message="最后一个违禁词")
    assert TributeMessage.objects.get(text="最后一个违禁词").matched_words == []


def test_normalise_drops_spaces_punctuation_symbols_and_folds_width():
    assert sensitive.normalise("Ａ，b　Ｃ！\u200b1２") == "abc12"
    assert sensitive.normalise("英　雄。") == "英雄"


def test_automaton_agrees_with_naive_search():
    rng = random.Random(7)
    alphabet = "英雄烈士纪念博彩"
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(60)}
    automaton = sensitive.Automaton((w, w) for w in words)
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        expected = {w for w in words if w in text}
        assert set(automaton.find(text)) == expected, text


def test_matching_stays_fast_with_thousands_of_words():
    rng = random.Random(3)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    words = {"".join(rng.choice(chars) for _ in range(rng.randint(2, 5))) for _ in range(5000)}
    SensitiveWord.objects.bulk_create(
        SensitiveWord(word=w, action=SensitiveWord.Action.HOLD) for w in words
    )
    started = time.perf_counter()
    sensitive.get_automaton()
    build = time.perf_counter() - started
    message = "".join(rng.choice(chars) for _ in range(300))
    started = time.perf_counter()
    for _ in range(100):
        sensitive.screen("", message)
    per_message = (time.perf_counter() - started) / 100
    assert build < 2.0
    assert per_message < 0.01, f"{per_message * 1000:.1f} ms per message"
    planted = sorted(words)[0]
    hidden = " ".join(planted)
    assert planted in sensitive.screen("", f"前文{hidden}后文").held


def test_word_made_only_of_punctuation_is_refused():
    with pytest.raises(ValidationError) as error:
        SensitiveWord(word="，。！", action="reject").clean()
    assert "不能为空" in str(error.value)
