"""Filters with counts for the index pages, kept in the URL so every view is linkable.

Each facet counts its values among the items that match the *other* active filters,
so a visitor sees how many results a click will give before clicking.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import QueryDict

from core.page_cache import published_cached, published_page


@dataclass
class FacetSpec:
    param: str
    label: str
    lookup: str
    # (value, label) pairs in display order; only values present are shown.
    choices: list


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    param: str
    label: str
    selected: str
    all_url: str
    options: list = field(default_factory=list)

    @property
    def selected_label(self):
        return next((o.label for o in self.options if o.selected), "")


def _query_url(params):
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


class FacetedIndexMixin:
    """An index page whose items are listed with facets: the page type gives
    ``listing_items()`` (the live items, in order), ``facet_specs()`` and ``page_size``."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj, facets, active = faceted_listing(
            request, self, self.listing_items(), self.facet_specs, self.page_size
        )
        context.update(
            page_obj=page_obj,
            facets=facets,
            active_filters=active,
            result_count=page_obj.paginator.count,
        )
        return context


def faceted_listing(request, index, queryset, specs, per_page):
    """``(page of results, facets, active filters)`` for the request's query.

    ``specs()`` (which may read the choices from the database) and every item's facet
    values are read once per published version of the site, so a page of results then
    costs a single query: the counts, and the paginator's total, come from those values.
    """

    def compute():
        chosen = specs()
        lookups = [spec.lookup for spec in chosen]
        values = queryset.order_by().values_list(*lookups)
        return chosen, [
            {s.param: str(v) for s, v in zip(chosen, row, strict=True)} for row in values
        ]

    specs, rows = published_cached(f"facets:{index.pk}", compute)
    selected = {}
    for spec in specs:
        value = request.GET.get(spec.param, "").strip()
        if value and value in {str(v) for v, _ in spec.choices}:
            selected[spec.param] = value
    results = queryset
    for spec in specs:
        if spec.param in selected:
            results = results.filter(**{spec.lookup: selected[spec.param]})
    facets = [_facet(spec, rows, selected) for spec in specs]
    active = [
        {"label": f.label, "value": f.selected_label, "remove_url": f.all_url}
        for f in facets
        if f.selected
    ]
    paginator = Paginator(results, per_page)
    paginator.count = sum(all(row[p] == v for p, v in selected.items()) for row in rows)
    page = paginator.get_page(request.GET.get("page"))
    # Every value in ``selected`` is one of the facet's own choices: the keys are few.
    choice = ",".join(f"{p}={v}" for p, v in sorted(selected.items()))
    return published_page(f"listing:{index.pk}:{choice}", page), facets, active


def _facet(spec, rows, selected):
    """One facet: each value counted among the items matching the *other* filters."""
    others = [(p, v) for p, v in selected.items() if p != spec.param]
    counts = Counter(row[spec.param] for row in rows if all(row[p] == v for p, v in others))
    current = selected.get(spec.param, "")
    facet = Facet(
        param=spec.param,
        label=spec.label,
        selected=current,
        all_url=_query_url({k: v for k, v in selected.items() if k != spec.param}),
    )
    for value, label in spec.choices:
        value = str(value)
        count = counts.get(value, 0)
        if not count and value != current:
            continue
        facet.options.append(
            FacetOption(
                value=value,
                label=label,
                count=count,
                selected=value == current,
                url=_query_url({**selected, spec.param: value}),
            )
        )
    return facet
