"""The one HTTP client behind ``load`` (Graph Store Protocol) and ``query --endpoint`` (SPARQL
Protocol), on ``requests``: Basic and Digest authentication, an overall deadline, a size cap,
redirects only within the origin the user named, credentials never printed.

Credentials come from :data:`AUTH_ENV` only: ``user:password`` (HTTP Basic), ``Digest
user:password`` (HTTP Digest, e.g. Virtuoso's ``/sparql-graph-crud-auth``), or a header value
such as ``Bearer TOKEN``. A URL carrying ``user:password@`` is refused, so no secret sits in a
shell history or a process list. Proxy settings, ``.netrc`` and other environment defaults are
not used: the request goes to the host named and nowhere else.

Redirects: one to the same scheme, host and port that keeps the method (307, 308, or any for
GET) is followed, at most :data:`MAX_REDIRECTS` times; every other redirect is an error that
says where it pointed and why it was not followed (credentials go only to the host named, and
a POST silently turned into a GET would answer another question).

``timeout`` is an overall deadline for the whole exchange (connect, send, every byte of the
answer), and an answer larger than ``max_bytes`` is refused. Nothing printed shows a
credential: URLs are shown without user-info, and every message is scrubbed of the secret in
each form a server might echo (raw, base64 ``user:password``, the token, percent-encoded).
"""

from __future__ import annotations

import base64
import html.parser
import os
import re
import time
import urllib.parse
from dataclasses import dataclass

from iso20000_prm.errors import PRMError

AUTH_ENV = "ISO20000_PRM_AUTH"
USER_AGENT = "iso20000-prm"
MAX_REDIRECTS = 5
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
_CHUNK = 64 * 1024


class EndpointError(PRMError):
    """The server could not be reached, refused the request, or answered with an error status."""


def redact(url) -> str:
    """``url`` without any ``user:password@`` part, safe to print (even when it is malformed)."""
    return re.sub(r"//[^/?#@\s]*@", "//", str(url))


def check_url(url: str) -> str:
    """``url`` if it is a usable http(s) URL without credentials, else a one-line error."""
    url = str(url)
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise EndpointError(f"{scrub(redact(url))!r}: not a valid URL (space or control character)")
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise EndpointError(f"{scrub(redact(url))}: not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{scrub(redact(url))}: not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(
            f"{scrub(redact(url))}: credentials in the URL are not used; set {AUTH_ENV} instead"
        )
    return url


@dataclass(frozen=True)
class Credentials:
    scheme: str  # "basic", "digest" or "header"
    user: str = ""
    password: str = ""
    header: str = ""  # the Authorization header value for "basic" and "header"


def credentials(env: dict | None = None) -> Credentials | None:
    """The credentials in :data:`AUTH_ENV`, or None if it is unset."""
    value = (env if env is not None else os.environ).get(AUTH_ENV, "").strip()
    if not value:
        return None
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "digest" and ":" in rest.strip():
        user, _, password = rest.strip().partition(":")
        return Credentials("digest", user, password)
    if " " in value:  # a scheme and credentials, e.g. "Bearer abc"
        return Credentials("header", header=value)
    if ":" in value:
        user, _, password = value.partition(":")
        token = base64.b64encode(value.encode("utf-8")).decode("ascii")
        return Credentials("basic", user, password, "Basic " + token)
    raise EndpointError(
        f"{AUTH_ENV} is set but is neither 'user:password', 'Digest user:password' nor a header "
        "value such as 'Bearer TOKEN'"
    )


def auth_header(env: dict | None = None) -> str | None:
    """The ``Authorization`` header value sent with every request (None: none, or Digest)."""
    found = credentials(env)
    return found.header if found and found.header else None


def _secrets() -> list[str]:
    """Every form of the configured secret a server might echo, longest first."""
    raw = os.environ.get(AUTH_ENV, "").strip()
    if not raw:
        return []
    forms = {raw}
    try:
        found = credentials()
    except EndpointError:
        found = None
    if found is not None:
        if found.header:
            forms.add(found.header)
            forms.update(found.header.split()[1:])  # the token without its scheme
        if found.password:
            forms.add(found.password)
            pair = f"{found.user}:{found.password}"
            forms.update({pair, base64.b64encode(pair.encode("utf-8")).decode("ascii")})
        if len(found.user) >= 4:  # a user name is not a secret; short ones would maul the text
            forms.add(found.user)
    else:
        forms.update(part for part in raw.replace(":", " ").split())
    for form in list(forms):
        forms.add(urllib.parse.quote(form, safe=""))
        forms.add(urllib.parse.quote_plus(form, safe=""))
        forms.add(urllib.parse.quote(form))
    return sorted((f for f in forms if f), key=len, reverse=True)


def scrub(text: str) -> str:
    """``text`` (e.g. a server's error page) with every form of the credentials removed."""
    text = str(text)
    for secret in _secrets():
        if len(secret) < 4:  # a short secret: masked wherever it stands, case and all
            text = re.sub(re.escape(secret), "***", text, flags=re.IGNORECASE)
        else:
            text = text.replace(secret, "***")
    return redact(text)


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML page (no doctype, head, script or style)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("head", "script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def error_text(body: bytes, content_type: str = "", limit: int = 300) -> str:
    """A server's error answer as one line: the text of an HTML page, else the body's lines,
    white space folded, control characters dropped, scrubbed of credentials, at most ``limit``."""
    text = body[: 1024 * 1024].decode("utf-8", "replace")
    stripped = text.lstrip()
    if "html" in content_type.lower() or stripped[:1] == "<" and "<html" in text[:2000].lower():
        parser = _Text()
        try:
            parser.feed(text)
            parser.close()
            text = " ".join(parser.parts)
        except Exception:  # a broken page: fall back to the raw text
            pass
    text = "".join(c if c.isprintable() else " " for c in text)
    line = scrub(" ".join(text.split()))
    return line if len(line) <= limit else line[: limit - 3] + "..."


def first_line(body: bytes, limit: int = 200) -> str:
    """The start of a response body as one line, scrubbed of credentials."""
    return error_text(body, "", limit)


def hint_for(status: int, message: str, challenge: str, creds: Credentials | None) -> str:
    """A hint for known failures, or ''."""
    if "SQ110" in message or ("SPARQL_UPDATE" in message and "ermission" in message):
        return (
            "; hint: Virtuoso's SPARQL account may not write: run "
            "isql-vt PORT dba PASSWORD exec='GRANT SPARQL_UPDATE TO \"SPARQL\";' "
            "or use /sparql-graph-crud-auth with credentials"
        )
    if status == 401:
        wants = challenge.split(None, 1)[0].lower() if challenge.strip() else ""
        if wants == "digest" and (creds is None or creds.scheme != "digest"):
            return f"; hint: the server asks for HTTP Digest: set {AUTH_ENV}='Digest user:password'"
        if creds is None:
            return f"; hint: the server asks for credentials: set {AUTH_ENV}"
        if creds.scheme == "basic" and not wants:
            return (
                f"; hint: if the server uses HTTP Digest (as Virtuoso's /sparql-graph-crud-auth), "
                f"set {AUTH_ENV}='Digest user:password'"
            )
    return ""


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.scheme, (parts.hostname or "").lower(), port


def _shown(url: str) -> str:
    return scrub(redact(url.split("?")[0]))


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str
    status: int


def request(
    url: str,
    method: str,
    data: bytes | dict | None,
    headers: dict[str, str],
    timeout: float,
    what: str,
    *,
    params: list[tuple[str, str]] | None = None,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> tuple[bytes, str]:
    """One HTTP exchange -> (body, content type); every failure an :class:`EndpointError`
    naming what was being done, the endpoint (without query string or credentials) and the
    server's own message in one line. ``data`` as a dict is sent form-encoded; ``params`` are
    added to the URL's query string; ``timeout`` is the deadline for the whole exchange."""
    import requests

    check_url(url)
    if not (timeout > 0) or timeout == float("inf"):
        raise EndpointError(f"timeout {timeout!r}: expected a finite number of seconds above 0")
    deadline = time.monotonic() + timeout
    creds = credentials()
    headers = {"User-Agent": USER_AGENT, **headers}
    auth = None
    if creds is not None and creds.scheme == "digest":
        auth = requests.auth.HTTPDigestAuth(creds.user, creds.password)
    elif creds is not None:
        headers["Authorization"] = creds.header
    if params:
        query = urllib.parse.urlencode(params)
        url = url + ("&" if urllib.parse.urlsplit(url).query else "?") + query
    origin = _origin(url)
    first = url
    with requests.Session() as session:
        session.trust_env = False  # no proxies, no .netrc: only the host named
        for _ in range(MAX_REDIRECTS + 1):
            response = _send(
                session, url, method, data, headers, auth, deadline, timeout, what, first
            )
            if response.status_code not in (301, 302, 303, 307, 308):
                break
            location = response.headers.get("Location", "")
            response.close()
            target = urllib.parse.urljoin(url, location)
            if not location or _origin(target) != origin:
                raise EndpointError(
                    f"{what} {_shown(first)}: HTTP {response.status_code} redirect to "
                    f"{_shown(target) if location else 'nowhere'} on another host, not followed "
                    "(credentials go only to the host named); give the endpoint it points to"
                )
            keeps = response.status_code in (307, 308) or method in ("GET", "HEAD")
            if not keeps:
                raise EndpointError(
                    f"{what} {_shown(first)}: HTTP {response.status_code} redirect to "
                    f"{_shown(target)} would turn the {method} into a GET; not followed: give "
                    "the endpoint it points to"
                )
            url = target
        else:
            raise EndpointError(f"{what} {_shown(first)}: more than {MAX_REDIRECTS} redirects")
        try:
            body = _read(response, deadline, timeout, max_bytes, what, first)
        finally:
            response.close()
    ctype = response.headers.get("Content-Type", "")
    if response.status_code >= 400:
        message = error_text(body, ctype)
        reason = scrub("".join(c for c in (response.reason or "") if c.isprintable()))
        hint = hint_for(
            response.status_code, message, response.headers.get("WWW-Authenticate", ""), creds
        )
        raise EndpointError(
            f"{what} {_shown(first)}: HTTP {response.status_code} {reason}".rstrip()
            + (f": {message}" if message else "")
            + hint
        )
    return body, ctype


def _send(session, url, method, data, headers, auth, deadline, timeout, what, first):
    import requests

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise EndpointError(f"{what} {_shown(first)}: no answer within {timeout:g} s (timeout)")
    try:
        return session.request(
            method,
            url,
            data=data,
            headers=headers,
            auth=auth,
            timeout=(remaining, remaining),
            allow_redirects=False,
            stream=True,
        )
    except requests.exceptions.Timeout:
        raise EndpointError(
            f"{what} {_shown(first)}: no answer within {timeout:g} s (timeout)"
        ) from None
    except requests.exceptions.ConnectionError as exc:
        text = str(exc)
        if "Connection refused" in text or "Errno 111" in text:
            raise EndpointError(
                f"{what} {_shown(first)}: connection refused (is the server running?)"
            ) from None
        if "timed out" in text:
            raise EndpointError(
                f"{what} {_shown(first)}: no answer within {timeout:g} s (timeout)"
            ) from None
        reason = _reason(exc)
        raise EndpointError(f"{what} {_shown(first)}: cannot connect ({scrub(reason)})") from None
    except (requests.exceptions.RequestException, ValueError, OSError) as exc:
        raise EndpointError(
            f"{what} {_shown(first)}: request failed ({exc.__class__.__name__}: "
            f"{scrub(_reason(exc))})"
        ) from None


def _reason(exc: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, one line."""
    inner = exc
    while inner.__context__ is not None or getattr(inner, "reason", None) is not None:
        nxt = getattr(inner, "reason", None)
        nxt = nxt if isinstance(nxt, BaseException) else inner.__context__
        if nxt is None or nxt is inner:
            break
        inner = nxt
    return " ".join(str(inner).split())[:200]


def _read(response, deadline, timeout, max_bytes, what, first) -> bytes:
    """The whole body within the deadline and the size cap (decompressed size counted)."""
    announced = response.headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise EndpointError(
            f"{what} {_shown(first)}: the answer is {int(announced)} bytes, more than the cap "
            f"of {max_bytes} bytes"
        )
    sock = _socket(response)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise EndpointError(
                    f"{what} {_shown(first)}: the answer did not end within {timeout:g} s (timeout)"
                )
            if sock is not None:
                sock.settimeout(remaining)
            # read1: what has arrived (at most one socket read), so a server that trickles bytes
            # cannot keep one call going past the deadline (read() would wait for a full chunk)
            chunk = response.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise EndpointError(
                    f"{what} {_shown(first)}: the answer is more than the cap of {max_bytes} bytes"
                )
            chunks.append(chunk)
    except EndpointError:
        raise
    except Exception as exc:  # urllib3's and requests' many read errors
        if "timed out" in str(exc) or isinstance(exc, TimeoutError):
            raise EndpointError(
                f"{what} {_shown(first)}: the answer did not end within {timeout:g} s (timeout)"
            ) from None
        raise EndpointError(
            f"{what} {_shown(first)}: the answer broke off ({exc.__class__.__name__}: "
            f"{scrub(_reason(exc))})"
        ) from None
    return b"".join(chunks)


def _socket(response):
    """The response's socket, to shorten its timeout to what is left of the deadline."""
    try:
        sock = response.raw.connection.sock
        return sock if sock is not None and hasattr(sock, "settimeout") else None
    except AttributeError:
        return None
