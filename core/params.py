"""Reading numbers that visitors type into URLs, and the page of a list they ask for."""

MAX_ID = 2**31 - 1  # the largest primary key every supported database stores


def positive_int(value, maximum=MAX_ID):
    """``value`` as an int when it is plain ASCII digits within 1..maximum, else None.

    ``str.isdigit`` alone accepts "²" or "٣", which ``int()`` then rejects or reads
    differently; numbers past the database's range make the query itself fail.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 0 < number <= maximum else None


def page_of(queryset, per_page, number):
    """``Paginator(queryset, per_page).get_page(number)``; the first page is read in one
    query, and counted without another when everything fits on it (most martyrs'
    messages)."""
    from django.core.paginator import Page, Paginator

    paginator = Paginator(queryset, per_page)
    if number not in (None, "", "1", 1):
        return paginator.get_page(number)
    rows = list(queryset[: per_page + 1])
    if len(rows) <= per_page:
        paginator.count = len(rows)
    return Page(rows[:per_page], 1, paginator)
