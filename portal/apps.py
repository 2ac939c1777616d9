from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from home.models import BureauContact, Street

        from . import api_forms, exports, workflow
        from .page_cache import purge

        api_forms.install()
        exports.install()
        workflow.install()

        page_published.connect(purge, dispatch_uid="pagecache-published")
        page_unpublished.connect(purge, dispatch_uid="pagecache-unpublished")
        post_page_move.connect(purge, dispatch_uid="pagecache-moved")
        post_delete.connect(purge, sender=Page, dispatch_uid="pagecache-deleted")
        # A page that gains a password or login restriction must leave every cached copy.
        for model in (BureauContact, Street, PageViewRestriction):
            post_save.connect(purge, sender=model, dispatch_uid=f"pagecache-{model.__name__}")
            post_delete.connect(
                purge, sender=model, dispatch_uid=f"pagecache-{model.__name__}-deleted"
            )
