"""The search page at /search/: a plain GET form, so it works without JavaScript."""

from urllib.parse import urlencode

from django.shortcuts import render

from . import service

PARAMS = ("q", *service.FILTER_PARAMS)
PARAM_OF_FACET = {name: param for param, name in service.FILTER_PARAMS.items()}


def _url(params, **changes):
    merged = {**params, **changes}
    query = urlencode([(k, v) for k, v in merged.items() if v not in (None, "")])
    return f"?{query}" if query else "?"


def search_view(request):
    params = {name: request.GET.get(name, "").strip() for name in PARAMS}
    params = {name: value for name, value in params.items() if value}
    context = {"query": params.get("q", ""), "results": None, "error": None}
    status = 200
    try:
        filters = service.clean_filters(request.GET)
        if params.get("q"):
            context["results"] = service.search(
                params["q"], filters=filters, page=request.GET.get("page", 1)
            )
    except service.SearchInputError as error:
        context["error"] = str(error)
        status = 400
    results = context["results"]
    if results:
        context["facet_groups"] = [
            {
                "label": service.FACET_LABELS[name],
                "values": [
                    {
                        "label": value.label,
                        "count": value.count,
                        "selected": value.selected,
                        "url": _url(
                            params,
                            **{PARAM_OF_FACET[name]: "" if value.selected else value.value},
                        ),
                    }
                    for value in values
                ],
            }
            for name, values in results.facets.items()
            if values
        ]
        context["active_filters"] = [
            {
                "label": service.FACET_LABELS[service.FILTER_PARAMS[p]],
                "value": params[p],
                "url": _url(params, **{p: ""}),
            }
            for p in service.FILTER_PARAMS
            if params.get(p)
        ]
        if results.did_you_mean:
            context["did_you_mean_url"] = _url({"q": results.did_you_mean})
        if results.has_previous:
            context["previous_url"] = _url(params, page=results.page - 1)
        if results.has_next:
            context["next_url"] = _url(params, page=results.page + 1)
    return render(request, "search/search.html", context, status=status)
