"""Each page type names the fields its search document is made of (``search_document``);
search and the API cards read those names and nothing else."""

import dataclasses

import pytest
from django.core.exceptions import FieldDoesNotExist
from wagtail.models import get_page_models

from home.models import BasePage
from honors.memorial.models import MartyrPage
from honors.models import HonorProfilePage, OralHistoryPage
from search.documents import DocumentFields, page_documents

PAGE_TYPES = [model for model in get_page_models() if issubclass(model, BasePage)]


def _names(fields):
    for item in dataclasses.fields(DocumentFields):
        value = getattr(fields, item.name)
        for name in value if isinstance(value, tuple) else [value]:
            if name:
                yield item.name, name


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_declared_field_is_a_field_or_attribute_of_the_page_type(model):
    assert isinstance(model.search_document, DocumentFields)
    for role, name in _names(model.search_document):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            assert hasattr(model, name), f"{model.__name__}.{role} 声明了不存在的字段 {name}"


def test_every_searched_type_with_a_short_text_declares_it():
    """A page type with a lead, intro or summary field shows it as its search summary."""
    for model in PAGE_TYPES:
        own = {f.name for f in model._meta.get_fields()} & {"lead", "intro", "summary"}
        if own and model.in_portal_search:
            assert model.search_document.summary in own, model.__name__


@pytest.mark.django_db
def test_a_profiles_document_reads_its_declared_fields():
    profile = HonorProfilePage.objects.live().exclude(citation="").first()
    doc = page_documents(profile)[0]
    assert doc.summary == (profile.search_description or profile.citation)
    assert doc.honour == profile.honor_title.name
    assert profile.person.name in doc.names
    assert doc.image_url.endswith(".jpg") or doc.image_url.endswith(".png")


@pytest.mark.django_db
def test_a_martyrs_document_has_era_and_portrait_and_no_person_facts():
    martyr = MartyrPage.objects.live().exclude(era="").exclude(portrait=None).first()
    doc = page_documents(martyr)[0]
    assert doc.era == martyr.get_era_display()
    assert doc.image_url
    assert doc.names == [martyr.title]


@pytest.mark.django_db
def test_an_oral_historys_transcript_lines_are_documents_of_their_own(client):
    page = OralHistoryPage.objects.live().first()
    main, *moments = page_documents(page)
    lines = [line for line in page.get_segments() if line.text.strip()]
    assert len(moments) == len(lines)
    assert lines[0].text not in main.body  # declared ``separate``: not in the page's body
    assert moments[0].url == f"{main.url}?t={int(lines[0].start)}"
    assert lines[0].text in moments[0].body


@pytest.mark.django_db
def test_api_cards_read_the_same_declaration(client):
    profile = HonorProfilePage.objects.live().first()
    response = client.get("/api/v3/cards/", {"child_of": profile.get_parent().pk})
    card = next(c for c in response.json()["items"] if c["id"] == profile.pk)
    assert card["summary"] == profile.citation
    assert card["image"]["url"]
