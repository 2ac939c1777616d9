"""Filters with counts for the index pages, kept in the URL so every view is linkable.

Each facet counts its values among the items that match the *other* active filters,
so a visitor sees how many results a click will give before clicking.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import QueryDict


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


def apply_facets(request, queryset, specs):
    """Return ``(filtered queryset, facets, active filters)`` for the request's query."""
    selected = {}
    for spec in specs:
        value = request.GET.get(spec.param, "").strip()
        if value and value in {str(v) for v, _ in spec.choices}:
            selected[spec.param] = value

    def filtered(excluding=None):
        result = queryset
        for spec in specs:
            if spec.param != excluding and spec.param in selected:
                result = result.filter(**{spec.lookup: selected[spec.param]})
        return result

    # Every facet's counts from one query: each item's values, counted here.
    rows = [
        {spec.param: str(value) for spec, value in zip(specs, values, strict=True)}
        for values in queryset.order_by().values_list(*[spec.lookup for spec in specs])
    ]
    facets = []
    for spec in specs:
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
        facets.append(facet)
    active = [
        {"label": f.label, "value": f.selected_label, "remove_url": f.all_url}
        for f in facets
        if f.selected
    ]
    return filtered(), facets, active


def paginate(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
