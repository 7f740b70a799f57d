"""A real Apache httpd (Debian's apache2) serving a folder on a free loopback port, with
mod_rewrite and .htaccess files honoured; a throw-away ServerRoot, stopped by PID.

``make test`` installs apache2 through scripts/ensure-debian-package.sh; without it the tests that
need it skip, saying why."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from _oxigraph import free_port

APACHE = shutil.which("apache2") or (
    "/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None
)
MODULES = Path("/usr/lib/apache2/modules")
SKIP_REASON = "Apache httpd not found: install Debian's apache2 (make test runs scripts/ensure-debian-package.sh)"


CONFIG = """ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{root}/httpd.pid"
DefaultRuntimeDir "{root}"
Mutex file:{root} default
ErrorLog "{root}/error.log"
LogLevel warn
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
{user}
TypesConfig /etc/mime.types
DocumentRoot "{docroot}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docroot}">
    AllowOverride All
    Options FollowSymLinks
    Require all granted
</Directory>
"""


@contextlib.contextmanager
def apache_serving(folders: dict[str, Path]):
    """Serve each folder at ``/<name>/`` (a copy, in a throw-away document root); yields the base
    URL ``http://127.0.0.1:PORT``. Stopped (by its PID) and removed on exit."""
    root = Path(tempfile.mkdtemp(prefix="prm-apache-"))
    docroot = root / "htdocs"
    docroot.mkdir()
    for name, folder in folders.items():
        shutil.copytree(folder, docroot / name)
    user = ""
    if os.geteuid() == 0:  # httpd drops root for its workers: let them read the copy
        user = "User nobody\nGroup nogroup"
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    conf = root / "httpd.conf"
    conf.write_text(
        CONFIG.format(root=root, port=port, modules=MODULES, docroot=docroot, user=user),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [APACHE, "-f", str(conf), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C"},
    )
    yield from _running(process, "apache2", port, root, root / "error.log")


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
NGINX_SKIP_REASON = (
    "nginx not found: install Debian's nginx (make test runs scripts/ensure-debian-package.sh)"
)
NGINX_CONFIG = """daemon off;
worker_processes 1;
pid "{root}/nginx.pid";
error_log "{root}/error.log" warn;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path "{root}/tmp/body";
    proxy_temp_path "{root}/tmp/proxy";
    fastcgi_temp_path "{root}/tmp/fastcgi";
    uwsgi_temp_path "{root}/tmp/uwsgi";
    scgi_temp_path "{root}/tmp/scgi";
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        include "{rules}";
    }}
}}
"""


@contextlib.contextmanager
def nginx_serving(folder: Path, rules):
    """nginx serving a copy of ``folder`` with the location rules ``rules(root)`` (bytes) gives
    for the copy's path; yields (base URL, server root). Stopped by PID, removed on exit."""
    root = Path(tempfile.mkdtemp(prefix="prm-nginx-"))
    site = root / "htdocs" / "iso20000-prm"
    shutil.copytree(folder, site)
    (root / "tmp").mkdir()
    user = ""
    if os.geteuid() == 0:
        user = "user nobody nogroup;"
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    (root / "rules.conf").write_bytes(rules(str(site)))
    conf = root / "nginx.conf"
    conf.write_text(
        NGINX_CONFIG.format(root=root, port=port, user=user, rules=root / "rules.conf"),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield from _running(process, "nginx", port, root)


def _running(process, name: str, port: int, root: Path, log: Path | None = None):
    """Wait until ``process`` listens on ``port`` (20 s at most), yield (base URL, server root);
    then stop it by its PID and remove ``root``. The body of both servers' context managers."""
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                logged = log.read_text(errors="replace") if log and log.exists() else ""
                raise RuntimeError(
                    f"{name} exited ({process.returncode}): "
                    f"{process.stderr.read().decode(errors='replace')} {logged}"
                )
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start listening within 20 s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", root
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
        shutil.rmtree(root, ignore_errors=True)
