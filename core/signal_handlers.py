"""The page cache follows Wagtail's page events.

A publish retires the copies that show the page; a renamed slug, a move or a delete
changes addresses and links everywhere, so they retire the whole site, as does a page
that gains a password or login restriction, or a change of site. Apps add the records
they show across the site with ``page_cache.purge_site_when_changed`` in their own
signal_handlers.py.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .page_cache import page_changed, purge, purge_site_when_changed


def _purge_after_commit(**kwargs):
    # Restrictions are cached per version (core.restrictions) and the public API trusts
    # them: a request between the save and the commit may have cached the old ones
    # under the new version, so retire that version again once the change is visible.
    transaction.on_commit(purge)


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    page_slug_changed.connect(purge, dispatch_uid="pagecache-slug")
    post_page_move.connect(purge, dispatch_uid="pagecache-moved")
    post_delete.connect(purge, sender=Page, dispatch_uid="pagecache-deleted")
    purge_site_when_changed(PageViewRestriction, Site)
    for signal in (post_save, post_delete):
        signal.connect(
            _purge_after_commit,
            sender=PageViewRestriction,
            dispatch_uid=f"pagecache-restriction-committed-{signal is post_save}",
        )
