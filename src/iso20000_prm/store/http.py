"""The one HTTP client behind ``load`` (Graph Store Protocol) and ``query --endpoint`` (SPARQL
Protocol): standard-library urllib, a timeout, credentials from the environment only.

Credentials come from :data:`AUTH_ENV` (``user:password`` for HTTP Basic, or a header value
such as ``Bearer TOKEN``); a URL carrying ``user:password@`` is refused, so no secret sits in a
shell history or a process list. Nothing printed ever shows a credential: URLs are shown without
user-info, and a server's error page is scrubbed of every form of the secret before its first
line is quoted (some servers echo the Authorization header back).
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request

from iso20000_prm.errors import PRMError

AUTH_ENV = "ISO20000_PRM_AUTH"
USER_AGENT = "iso20000-prm"


class EndpointError(PRMError):
    """The server could not be reached, refused the request, or answered with an error status."""


def redact(url) -> str:
    """``url`` without any ``user:password@`` part, safe to print (even when it is malformed)."""
    return re.sub(r"//[^/?#@\s]*@", "//", str(url))


def check_url(url: str) -> str:
    """``url`` if it is a usable http(s) URL without credentials, else a one-line error."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise EndpointError(f"{redact(url)}: not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{redact(url)}: not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(
            f"{redact(url)}: credentials in the URL are not used; set {AUTH_ENV} instead"
        )
    return url


def auth_header(env: dict | None = None) -> str | None:
    """The ``Authorization`` header value from :data:`AUTH_ENV`, or None if it is unset."""
    value = (env if env is not None else os.environ).get(AUTH_ENV, "").strip()
    if not value:
        return None
    if " " in value:  # a scheme and credentials, e.g. "Bearer abc"
        return value
    if ":" in value:
        return "Basic " + base64.b64encode(value.encode("utf-8")).decode("ascii")
    raise EndpointError(
        f"{AUTH_ENV} is set but is neither 'user:password' nor a header value such as 'Bearer TOKEN'"
    )


def scrub(text: str) -> str:
    """``text`` (e.g. a server's error page) with every form of the credentials removed."""
    secrets: set[str] = set()
    raw = os.environ.get(AUTH_ENV, "").strip()
    if raw:
        secrets.add(raw)
        secrets.update(part for part in raw.replace(":", " ").split() if len(part) >= 4)
        try:
            header = auth_header()
        except EndpointError:
            header = None
        if header:
            secrets.add(header)
            secrets.update(part for part in header.split() if len(part) >= 4)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return redact(text)


def first_line(body: bytes, limit: int = 200) -> str:
    """The first line of a response body, white space folded, scrubbed of credentials."""
    text = body.decode("utf-8", "replace").strip()
    return scrub(" ".join(text.splitlines()[0].split()))[:limit] if text else ""


def request(
    url: str, method: str, data: bytes | None, headers: dict[str, str], timeout: float, what: str
) -> tuple[bytes, str]:
    """One HTTP request -> (body, content type); every failure an :class:`EndpointError`
    naming what was being done, the endpoint (without query string or credentials) and the status."""
    check_url(url)
    shown = redact(url.split("?")[0])
    headers = {"User-Agent": USER_AGENT, **headers}
    auth = auth_header()
    if auth:
        headers["Authorization"] = auth
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        try:
            hint = first_line(exc.read())
        except Exception:  # the body is only a hint
            hint = ""
        raise EndpointError(
            f"{what} {shown}: HTTP {exc.code} {exc.reason}" + (f": {hint}" if hint else "")
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise EndpointError(
                f"{what} {shown}: no answer within {timeout:g} s (timeout)"
            ) from None
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(
                f"{what} {shown}: connection refused (is the server running?)"
            ) from None
        raise EndpointError(f"{what} {shown}: cannot connect ({scrub(str(reason))})") from None
    except TimeoutError:
        raise EndpointError(f"{what} {shown}: no answer within {timeout:g} s (timeout)") from None
    except (ValueError, http.client.HTTPException) as exc:
        raise EndpointError(
            f"{what} {shown}: bad request or answer ({exc.__class__.__name__}: {scrub(str(exc))})"
        ) from None
    except OSError as exc:
        raise EndpointError(
            f"{what} {shown}: connection failed ({exc.__class__.__name__}: {scrub(str(exc))})"
        ) from None
