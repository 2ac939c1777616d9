"""The poster's QR code opens the page: decode the rendered SVG back into modules."""

import re

import pytest
import segno

from honors.models import HonorProfilePage, OralHistoryPage
from honors.qr import qr_svg

BORDER = 2


def svg_modules(svg):
    """Read the dark modules back from segno's compact SVG path (``M x y h n m dx dy``)."""
    path = re.search(r'<path[^>]*stroke="#000"[^>]*d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                dark.add((int(y), column))
            x += float(a)
    return dark


def matrix_modules(url):
    matrix = segno.make_qr(url, error="m").matrix
    return {
        (row + BORDER, column + BORDER)
        for row, line in enumerate(matrix)
        for column, value in enumerate(line)
        if value
    }


@pytest.mark.parametrize(
    "model, slug", [(HonorProfilePage, "wang-deshun"), (OralHistoryPage, "changjinhu-winter")]
)
def test_poster_qr_encodes_the_full_page_url(client, db, model, slug):
    page = model.objects.get(slug=slug)
    full_url = page.get_full_url()
    assert full_url.startswith("http") and full_url.endswith(page.url)
    html = client.get(page.url + "poster/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg_modules(svg) == matrix_modules(full_url)
    assert svg_modules(svg) != matrix_modules(full_url + "x")
    assert full_url in html  # printed under the code for people without a scanner
    assert "<?xml" not in html and "style=" not in svg


def test_qr_download_is_svg_for_the_same_url(client, db):
    page = HonorProfilePage.objects.get(slug="qingshan-rescue-team")
    response = client.get(page.url + "qr/")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert svg_modules(response.content.decode()) == matrix_modules(page.get_full_url())


def test_decoder_reads_what_segno_writes():
    url = "http://example.cn/honors/a/"
    assert svg_modules(qr_svg(url)) == matrix_modules(url)
