"""Template context every public page needs."""

ELDER_COOKIE = "elder_mode"


def portal(request):
    return {"elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1"}
