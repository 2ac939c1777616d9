"""The 加入我们 form: strict, with messages a visitor understands."""

import re

from django import forms

from core.text import clean, has_visible
from home.models import Street

from .models import SPECIALITIES, JoinApplication

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


class JoinForm(forms.ModelForm):
    # Honeypot: hidden from people, filled in by bots; a filled one is dropped silently.
    website = forms.CharField(label="网址（请勿填写）", required=False)

    class Meta:
        model = JoinApplication
        fields = ["name", "phone", "speciality", "street", "consent"]
        labels = {
            "name": "姓名",
            "phone": "联系电话",
            "speciality": "意向服务专长",
            "street": "所在镇街",
            "consent": "我同意区退役军人事务局使用以上信息与我联系志愿服务事宜",
        }
        help_texts = {
            "phone": "手机号（11位）或固定电话（如 0571-88001234），只供工作人员联系，不会公开。",
        }
        error_messages = {
            "name": {"required": "请填写姓名。", "max_length": "姓名最多 20 个字。"},
            "phone": {"required": "请填写联系电话。"},
            "speciality": {
                "required": "请选择意向服务专长。",
                "invalid_choice": "请从列表中选择服务专长。",
            },
            "street": {
                "required": "请选择所在镇街。",
                "invalid_choice": "请从列表中选择所在镇街。",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speciality"].choices = [("", "请选择")] + SPECIALITIES
        self.fields["street"].queryset = Street.objects.all()
        self.fields["street"].empty_label = "请选择"
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "请阅读并勾选同意个人信息使用说明后再提交。"
        )
        self.fields["name"].widget.attrs.update(autocomplete="name", maxlength=20)
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel", maxlength=20)
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_name(self):
        # Invisible characters (zero-width, fillers, bidi overrides) do not make a name.
        name = clean(self.cleaned_data["name"])
        if not name or not has_visible(name):
            raise forms.ValidationError("请填写姓名。")
        if any(char in name for char in "<>{}\\/"):
            raise forms.ValidationError("姓名中不能包含特殊符号。")
        return name

    def clean_phone(self):
        phone = re.sub(r"[\s]", "", clean(self.cleaned_data["phone"]))
        if not (MOBILE.match(phone) or LANDLINE.match(phone)):
            raise forms.ValidationError(
                "电话号码格式不正确：请填写 11 位手机号（以 1 开头），"
                "或带区号的固定电话（如 0571-88001234）。"
            )
        return phone

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
