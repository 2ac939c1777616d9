"""The shipped nginx front proxy (deploy/nginx/portal.conf) is a valid configuration.

How it keeps slow request bodies away from gunicorn is measured by
bench/slow_clients.py (bench/results/slow_clients.json).
"""

import subprocess

import pytest

from deploy.local_proxy import SHIPPED, nginx_binary, render


@pytest.fixture
def nginx():
    binary = nginx_binary()
    if not binary:
        pytest.skip("找不到 nginx（apt-get install nginx）：无法检查 deploy/nginx/portal.conf")
    return binary


def test_the_shipped_nginx_configuration_passes_nginx_t(nginx, tmp_path):
    conf = render(tmp_path, https_port=18443, http_port=18080, upstream_port=18000)
    result = subprocess.run([nginx, "-t", "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_proxy_buffers_bodies_times_out_slow_clients_and_forwards_https():
    text = SHIPPED.read_text()
    for directive in (
        "proxy_request_buffering on;",
        "client_body_timeout 10s;",
        "client_header_timeout 10s;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "return 301 https://",
    ):
        assert directive in text
