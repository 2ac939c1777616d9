"""Every admin CSV/XLSX export writes visitors' text as plain text, and never fails on it.

Wagtail's exports (snippet and page listings, reports, form submissions) share one
mixin; it is patched once here so no listing can forget it:

- C0 control characters (an escape typed into a name) are dropped: openpyxl refuses
  them and the whole XLSX download would fail for every staff member.
- A cell that a spreadsheet would read as a formula (``=HYPERLINK(...)``, ``+``, ``-``,
  ``@``, a leading tab or carriage return) stays text: in CSV it starts with an
  apostrophe, which Excel and WPS hide and treat as "this is text"; in XLSX it is a
  string cell marked with Excel's own text prefix (``quotePrefix``), so it is still text
  after someone edits it.
"""

import re

from wagtail.admin.views.mixins import SpreadsheetExportMixin

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def clean_text(value):
    return CONTROL_CHARACTERS.sub("", value)


def looks_like_formula(value):
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def install():
    if getattr(SpreadsheetExportMixin, "_portal_safe_export", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        if isinstance(value, str):
            value = clean_text(value)
            if export_format == self.FORMAT_CSV and looks_like_formula(value):
                value = "'" + value
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in xlsx_row(self, worksheet, row_dict, date_format=date_format):
            if looks_like_formula(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            yield cell

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._portal_safe_export = True
