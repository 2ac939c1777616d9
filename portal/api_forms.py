"""Page forms for writes through the v3 API.

Every content field of the portal's page types is a writable API field, and the API
binds the page type's own admin form (its ``clean`` rules, its inline child formsets),
so a request passes exactly the checks an editor's save passes. Each page model gets an
``api_base_form_class`` built on that admin form which also names, in Chinese, any
required field the API form leaves out, so such a page type gets a 422 instead of
reaching the database half-filled; nothing is written.
"""

from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, get_page_models

PORTAL_APPS = {"home", "honors", "memorial", "volunteers", "education", "search"}


def _is_empty(instance, field):
    value = getattr(instance, field.attname)
    return value is None or value == ""


def missing_required_fields(form):
    """Required fields of the page's own model that are not on the form and are empty."""
    model = form._meta.model
    missing = []
    for field in model._meta.concrete_fields:
        if (
            field.model is Page
            or field.name in form.fields
            or field.blank
            or field.has_default()
            or isinstance(field, models.AutoField | models.OneToOneField)
        ):
            continue
        if _is_empty(form.instance, field):
            missing.append(str(field.verbose_name))
    return missing


class APIPageFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._use_pinyin_slug()

    def _use_pinyin_slug(self):
        """A Chinese or empty slug becomes the title's pinyin, as in the admin."""
        from home.slugs import needs_pinyin, pinyin_slug, unique_among_siblings

        parent = getattr(self, "parent_page", None)
        if not self.is_bound or "slug" not in self.fields or parent is None:
            return
        if not needs_pinyin(self.data.get("slug")):
            return
        readable = pinyin_slug(self.data.get("title") or self.instance.title or "")
        if readable:
            data = self.data.copy()
            data["slug"] = unique_among_siblings(readable, parent, self.instance)
            self.data = data

    def clean(self):
        cleaned_data = super().clean()
        missing = missing_required_fields(self)
        if missing:
            names = "、".join(f"“{name}”" for name in missing)
            self.add_error(
                None,
                f"{self._meta.model._meta.verbose_name}还缺少必填内容：{names}。"
                "这些内容不能通过接口填写，请在管理后台创建或补全此页面。",
            )
        return cleaned_data


def _narrow_field_permissions(filter_form_options):
    """Wagtail narrows an API form to its writable fields but keeps the panels'
    ``field_permissions`` for the fields it left out; ``PermissionedForm`` then fails
    removing a field that is not there (a martyr's family contact, say). Keep only the
    permissions of fields the form has, at every level of child formsets."""

    def narrowed(model, form_options, writable_fields):
        options = filter_form_options(model, form_options, writable_fields)
        permissions = options.get("field_permissions")
        if permissions:
            options["field_permissions"] = {
                name: permission
                for name, permission in permissions.items()
                if name in options["fields"]
            }
        return options

    narrowed._portal_narrowed = True
    return narrowed


def install():
    """Give every portal page model an API form based on its own admin form."""
    from wagtail.api.v3 import form_data

    if not getattr(form_data.filter_form_options, "_portal_narrowed", False):
        form_data.filter_form_options = _narrow_field_permissions(form_data.filter_form_options)
    for model in get_page_models():
        if model._meta.app_label not in PORTAL_APPS or "api_base_form_class" in vars(model):
            continue
        base = getattr(model, "base_form_class", None) or WagtailAdminPageForm
        model.api_base_form_class = type(f"API{base.__name__}", (APIPageFormMixin, base), {})
