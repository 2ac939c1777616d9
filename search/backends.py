"""Wagtail's own search backend (admin page search, snippet choosers) made to read Chinese.

Wagtail's database backend keeps a run of Chinese characters as one token, so 退役军人
inside a sentence is never found. This backend is the same database backend with both
sides segmented by the portal's jieba segmenter: indexed values are stored as
space-separated words, and query strings are cut the same way before they are compiled.
"""

import copy

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

from . import text


class _Segmented:
    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = " ".join(str(v) for v in value.values())
        elif value is not None and not isinstance(value, str):
            value = str(value)
        return text.segment(value) if value else value


class SegmentedSearchField(_Segmented, SearchField):
    pass


class SegmentedAutocompleteField(_Segmented, AutocompleteField):
    pass


def _segmented_fields(fields):
    result = []
    for field in fields:
        if isinstance(field, SearchField):
            clone = SegmentedSearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif isinstance(field, AutocompleteField):
            clone = SegmentedAutocompleteField(field.field_name, **field.kwargs)
        elif isinstance(field, RelatedFields):
            clone = RelatedFields(field.field_name, _segmented_fields(field.fields))
        else:
            clone = field
        result.append(clone)
    return result


def _segmented_object(obj):
    """A shallow copy whose search fields yield segmented text (the model is untouched)."""
    clone = copy.copy(obj)
    fields = _segmented_fields(type(obj).get_search_fields())
    clone.get_search_fields = lambda: fields
    return clone


class ChineseIndexMixin:
    def add_items(self, model, objs):
        return super().add_items(model, [_segmented_object(obj) for obj in objs])


class ChineseBackendMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = " ".join(text.query_tokens(query))
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for the current database, with Chinese segmentation."""
    base = database_backend(params)
    backend_class = type(base)
    index_class = type(
        f"Chinese{backend_class.index_class.__name__}",
        (ChineseIndexMixin, backend_class.index_class),
        {},
    )
    chinese_class = type(
        f"Chinese{backend_class.__name__}",
        (ChineseBackendMixin, backend_class),
        {"index_class": index_class},
    )
    return chinese_class(params)
