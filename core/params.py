"""Reading numbers that visitors type into URLs."""

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
