from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from home.models import BureauContact, Street

        from . import api_forms, exports, page_cache, restrictions, workflow
        from .page_cache import page_changed, purge

        api_forms.install()
        exports.install()
        workflow.install()
        restrictions.install()
        page_cache.install()

        # A publish retires the copies that show the page; a renamed slug, a move or a
        # delete changes addresses and links everywhere, so they retire the whole site.
        page_published.connect(page_changed, dispatch_uid="pagecache-published")
        page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
        page_slug_changed.connect(purge, dispatch_uid="pagecache-slug")
        post_page_move.connect(purge, dispatch_uid="pagecache-moved")
        post_delete.connect(purge, sender=Page, dispatch_uid="pagecache-deleted")
        # A page that gains a password or login restriction must leave every cached copy.
        for model in (BureauContact, Street, PageViewRestriction, Site):
            post_save.connect(purge, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
            post_delete.connect(
                purge, sender=model, dispatch_uid=f"pagecache-{model.__name__}-deleted"
            )
