"""Run the shipped nginx configuration (deploy/nginx/portal.conf) on this machine.

The production settings redirect plain HTTP to HTTPS, so locally the portal is reached
through nginx with a self-signed certificate: https://127.0.0.1:8443/ in front of
gunicorn on 127.0.0.1:8000. Only ports, paths and the certificate differ from the
shipped file; every other directive is used as it is. Used by `make proxy`, by
tests/test_deploy.py (`nginx -t`) and by bench/slow_clients.py.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "deploy" / "nginx" / "portal.conf"


def nginx_binary():
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def make_certificate(workdir):
    tls = workdir / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    if not (tls / "portal.crt").exists():
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                str(tls / "portal.key"),
                "-out",
                str(tls / "portal.crt"),
            ],
            check=True,
            capture_output=True,
        )
    return tls


def render(workdir, *, https_port=8443, http_port=8080, upstream_port=8000, static_root=None):
    """Write nginx.conf for a local run under ``workdir``; return its path."""
    workdir = Path(workdir).resolve()
    tls = make_certificate(workdir)
    static_root = Path(static_root or ROOT / "var" / "static").resolve()
    media_root = Path(os.environ.get("MEDIA_ROOT") or ROOT / "var" / "media").resolve()
    server = (
        SHIPPED.read_text()
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen [::]:80;\n", "")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("listen [::]:443 ssl http2;\n", "")
        .replace("server_name veterans.example.cn;", "server_name 127.0.0.1 localhost;")
        .replace(
            "return 301 https://$host$request_uri;",
            f"return 301 https://$host:{https_port}$request_uri;",
        )
        .replace("/etc/nginx/tls/", f"{tls}/")
        .replace("/srv/portal/var/static/", f"{static_root}/")
        .replace("/srv/portal/var/media/", f"{media_root}/")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    )
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / "temp" / name).mkdir(parents=True, exist_ok=True)
    main = workdir / "nginx.conf"
    main.write_text(
        f"""worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {workdir}/access.log;
    client_body_temp_path {workdir}/temp/client_body;
    proxy_temp_path {workdir}/temp/proxy;
    fastcgi_temp_path {workdir}/temp/fastcgi;
    uwsgi_temp_path {workdir}/temp/uwsgi;
    scgi_temp_path {workdir}/temp/scgi;
{server}
}}
"""
    )
    return main


def main():
    parser = argparse.ArgumentParser(description="本机运行 deploy/nginx/portal.conf（自签名证书）")
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--http-port", type=int, default=8080)
    parser.add_argument("--upstream-port", type=int, default=8000)
    args = parser.parse_args()
    binary = nginx_binary()
    if not binary:
        sys.exit("找不到 nginx：请先 apt-get install nginx")
    conf = render(
        Path(os.environ.get("PORTAL_VAR_DIR", ROOT / "var")) / "nginx",
        https_port=args.https_port,
        http_port=args.http_port,
        upstream_port=args.upstream_port,
    )
    print(
        f"nginx：https://127.0.0.1:{args.https_port}/ → gunicorn 127.0.0.1:{args.upstream_port}（Ctrl-C 结束）"
    )
    os.execv(binary, [binary, "-c", str(conf), "-g", "daemon off;"])


if __name__ == "__main__":
    main()
