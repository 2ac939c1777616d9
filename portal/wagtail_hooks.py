"""Admin: API tokens are created with scopes and an expiry date; editors get a preview
token for decoupled front ends."""

from wagtail import hooks

from .api_tokens_admin import ScopedAPITokenViewSet


@hooks.register("register_admin_viewset", order=-1)
def register_scoped_api_tokens():
    # Registered before Wagtail's own token views at the same address, so every link to
    # "API tokens" lands here and no token can be made without scopes.
    return ScopedAPITokenViewSet("portal_api_tokens", url_prefix="api-tokens")


@hooks.register("construct_settings_menu")
def hide_unscoped_api_tokens(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != "api_tokens"]


@hooks.register("register_admin_urls")
def register_api_preview_url():
    from django.urls import path

    from .api_preview import admin_preview

    return [path("api-preview/<int:page_id>/", admin_preview, name="portal_api_preview")]


@hooks.register("register_page_action_menu_item")
def register_api_preview_menu_item():
    from .api_preview import PreviewMenuItem

    return PreviewMenuItem(order=60)
