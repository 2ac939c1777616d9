"""One-view admin pages (moderation queue, search queue) with a menu entry that only
the users allowed to open them can see."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet


class SingleViewViewSet(ViewSet):
    """Subclasses set ``name``, ``menu_label``, ``icon``, ``view`` and ``can_open``."""

    view = None

    @staticmethod
    def can_open(user):
        """Nobody, unless the subclass says who may."""
        return False

    @cached_property
    def menu_item_class(self):
        can_open = self.can_open

        class RestrictedMenuItem(MenuItem):
            def is_shown(self, request):
                return can_open(request.user)

        return RestrictedMenuItem

    @property
    def menu_url(self):
        return reverse(f"{self.name}:index")

    def get_urlpatterns(self):
        return [path("", type(self).view, name="index")]
