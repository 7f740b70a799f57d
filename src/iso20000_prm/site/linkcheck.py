"""Check a generated site: every internal ``href``/``src`` resolves to a file (and anchor) inside it.

Also reports resources loaded from the network (``src`` or stylesheet ``href`` with a scheme),
since the site must work offline. Plain ``html.parser``; no browser needed.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[int, str, str, str]] = []  # (line, tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.refs.append((self.getpos()[0], tag, key, attrs[key]))


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector


def check_site(root: Path | str) -> list[str]:
    """Problems found in the site under ``root``, one line each (file:line: message); empty if none."""
    root = Path(root).resolve()
    pages = sorted(root.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    problems: list[str] = []
    for page, collector in parsed.items():
        rel_page = page.relative_to(root).as_posix()
        for line, tag, attr, value in collector.refs:
            where = f"{rel_page}:{line}: <{tag} {attr}={value!r}>"
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                loads = attr == "src" or tag == "link"
                if loads and parts.scheme != "data":
                    problems.append(
                        f"{where}: loads a resource from the network; the site must work offline"
                    )
                continue
            if not parts.path:
                target = page
            else:
                joined = posixpath.normpath(
                    posixpath.join(posixpath.dirname(rel_page), unquote(parts.path))
                )
                if joined.startswith("../") or joined == ".." or posixpath.isabs(joined):
                    problems.append(f"{where}: points outside the site")
                    continue
                target = root / joined
                if target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                problems.append(f"{where}: no such file {target.relative_to(root).as_posix()}")
                continue
            if parts.fragment:
                if target.suffix != ".html":
                    problems.append(f"{where}: fragment on a non-HTML file")
                    continue
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(
                        f"{where}: no element with id {parts.fragment!r} in {target.relative_to(root).as_posix()}"
                    )
    return problems
