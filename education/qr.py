"""QR codes for printed handouts, as PNG data URIs so print-to-PDF keeps them as images."""

from honors.qr import make_qr


def qr_data_uri(url):
    return make_qr(url).png_data_uri(scale=6, border=2)
