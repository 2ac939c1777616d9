"""Great-circle distances between stored station coordinates."""

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = (math.radians(float(value)) for value in (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def street_reference_point(street, stations):
    """Where a visitor who names only their street is assumed to be: the street's own
    station (镇街服务站), else the middle of that street's stations."""
    located = stations.filter(street=street, latitude__isnull=False, longitude__isnull=False)
    own = located.filter(level="street").first()
    if own:
        return (own.latitude, own.longitude)
    points = list(located.values_list("latitude", "longitude"))
    if not points:
        return None
    return (
        sum(lat for lat, _ in points) / len(points),
        sum(lon for _, lon in points) / len(points),
    )


def order_by_distance(stations, origin):
    """Nearest first; stations without coordinates go last. Sets ``distance_km``."""
    for station in stations:
        station.distance_km = (
            haversine_km(origin[0], origin[1], station.latitude, station.longitude)
            if station.latitude is not None and station.longitude is not None
            else None
        )
    return sorted(
        stations,
        key=lambda s: (s.distance_km is None, s.distance_km or 0, s.path),
    )
