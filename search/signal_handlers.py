"""Search follows Wagtail's page events: each change queues the page for indexing in the
same transaction (see indexing.py)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import indexing, service
from .models import NameReading, Synonym


def connect():
    page_published.connect(indexing.on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(indexing.on_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(indexing.on_moved, dispatch_uid="search_page_moved")
    page_slug_changed.connect(indexing.on_slug_changed, dispatch_uid="search_page_slug_changed")
    post_delete.connect(indexing.on_deleted, dispatch_uid="search_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            indexing.on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{signal is post_save}",
        )
    # A new name reading re-indexes the pages that hold the word; a synonym change is
    # pushed to Elasticsearch (the database engine reads the list at query time).
    post_save.connect(
        service.reading_changed, sender=NameReading, dispatch_uid="search_reading_saved"
    )
    post_delete.connect(
        service.reading_changed, sender=NameReading, dispatch_uid="search_reading_deleted"
    )
    post_save.connect(
        service.synonyms_changed, sender=Synonym, dispatch_uid="search_synonyms_saved"
    )
    post_delete.connect(
        service.synonyms_changed, sender=Synonym, dispatch_uid="search_synonyms_deleted"
    )
