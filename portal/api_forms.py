"""Page forms for writes through the v3 API.

The API's page form holds only the writable API fields (title, slug, SEO). A page type
with other required fields (a profile's honour title and year, say) would otherwise
reach the database half-filled and fail there with a 500. Each page model gets an
``api_base_form_class`` built on its admin form that names, in Chinese, the required
fields the request could not fill, so the client gets a 422 and nothing is written.
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


def install():
    """Give every portal page model an API form based on its own admin form."""
    for model in get_page_models():
        if model._meta.app_label not in PORTAL_APPS or "api_base_form_class" in vars(model):
            continue
        base = getattr(model, "base_form_class", None) or WagtailAdminPageForm
        model.api_base_form_class = type(f"API{base.__name__}", (APIPageFormMixin, base), {})
