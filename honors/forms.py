"""Admin forms that check what a single field cannot: transcript timing, team members."""

from wagtail.admin.forms import WagtailAdminPageForm

from .transcripts import validate_segments


def _kept_forms(formset):
    """Child forms that will be saved, in the order the editor arranged them."""
    formset.is_valid()
    kept = [
        form
        for form in formset.forms
        if not (formset.can_delete and formset._should_delete_form(form))
    ]
    if formset.can_order:
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
    return kept


class _Timing:
    def __init__(self, form):
        data = getattr(form, "cleaned_data", {})
        self.start = data.get("start")
        self.end = data.get("end")


class OralHistoryPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("segments")
        if formset is None:
            return cleaned_data
        forms = _kept_forms(formset)
        video = cleaned_data.get("video")
        duration = video.duration if video and video.duration else None
        errors = validate_segments([_Timing(form) for form in forms], duration)
        for index, field, message in errors:
            forms[index].add_error(field, message)
        if errors:
            self.add_error(
                None,
                f"文字稿有 {len(errors)} 处时间错误，请按提示修改标红的段落。",
            )
        return cleaned_data


class HonorProfilePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        title = cleaned_data.get("honor_title")
        formset = self.formsets.get("members")
        if title is None or formset is None:
            return cleaned_data
        members = _kept_forms(formset)
        if title.is_team and not members:
            self.add_error(None, f"“{title.name}”是团队称号，请至少添加一名团队成员。")
        if not title.is_team and members:
            self.add_error(None, f"“{title.name}”是个人称号，不需要填写团队成员。")
        return cleaned_data
