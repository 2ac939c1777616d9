"""The 加入我们 form, a route of the volunteer section page (VolunteerIndexPage.join)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from core.ratelimit import visitor_hash, within_limit

from .forms import JoinForm

JOIN_LIMIT = getattr(settings, "VOLUNTEERS_JOIN_LIMIT", 5)
JOIN_WINDOW = getattr(settings, "VOLUNTEERS_JOIN_WINDOW", 60 * 60)


def join_form(request, index_page):
    """Render and accept the 加入我们 form; at most JOIN_LIMIT posts per visitor per hour."""
    context = {"page": index_page, "self": index_page, "done": request.GET.get("done") == "1"}
    status = 200
    if request.method == "POST":
        visitor = visitor_hash(request, "volunteers")
        if not within_limit("join", visitor, JOIN_LIMIT, JOIN_WINDOW):
            response = TemplateResponse(
                request, "volunteers/too_many_requests.html", context, status=429
            )
            response["Retry-After"] = str(JOIN_WINDOW)
            add_never_cache_headers(response)
            return response
        form = JoinForm(request.POST)
        if form.is_valid():
            if not form.is_bot:
                form.save()
            return HttpResponseRedirect(request.path + "?done=1")
        status = 400
    else:
        form = JoinForm()
    context["form"] = form
    response = TemplateResponse(request, "volunteers/join.html", context, status=status)
    add_never_cache_headers(response)
    return response
