"""``core.params.page_of``: the same pages as Django's ``Paginator.get_page``, with fewer
queries for the common first page."""

import pytest
from django.core.paginator import Paginator

from core.params import page_of
from honors.memorial.models import MartyrPage, TributeMessage


@pytest.mark.parametrize("size", [0, 5, 10, 11, 25])
@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "abc", "999", "-1"])
def test_same_page_as_django(size, number):
    items = list(range(size))
    ours, django = page_of(items, 10, number), Paginator(items, 10).get_page(number)
    assert list(ours) == list(django)
    assert ours.number == django.number
    assert ours.paginator.count == django.paginator.count
    assert ours.paginator.num_pages == django.paginator.num_pages
    assert (ours.has_next(), ours.has_previous()) == (django.has_next(), django.has_previous())


@pytest.mark.django_db
def test_a_martyr_with_few_messages_reads_them_in_one_query(django_assert_num_queries):
    martyr = MartyrPage.objects.live().first()
    TributeMessage.objects.filter(martyr=martyr).delete()
    for text in ["英雄安息", "永远怀念"]:
        TributeMessage.objects.create(
            martyr=martyr, text=text, status=TributeMessage.Status.APPROVED
        )
    with django_assert_num_queries(1):
        page = page_of(martyr.get_approved_messages(), MartyrPage.messages_per_page, None)
        assert [m.text for m in page] == ["永远怀念", "英雄安息"]
    assert page.paginator.count == 2 and not page.has_next()
