"""QR codes for exhibition boards, drawn locally with segno (nothing leaves the server)."""

import io

import segno


def make_qr(url):
    # Level M survives a scuffed print while staying small enough for an A4 corner.
    return segno.make_qr(url, error="m")


def qr_svg(url, title="扫码打开本页"):
    """An inline SVG (no XML declaration, no style attributes, so the CSP allows it)."""
    buffer = io.BytesIO()
    make_qr(url).save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=6,
        border=2,
        light="#fff",
        title=title,
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,
    )
    return buffer.getvalue().decode()
