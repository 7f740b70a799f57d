"""The link checker's start-tag scanner against ``html.parser`` (the reference) on every page of
the built site, and on markup the site does not write but a page could hold."""

from __future__ import annotations

from _docs_support import built_site

from iso20000_prm.site.linkcheck import _parse_reference, _scan


def test_the_scanner_finds_what_html_parser_finds_on_every_page():
    pages = sorted(built_site().rglob("*.html"))
    assert len(pages) > 500
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert _scan(text) == _parse_reference(text), page


def test_the_scanner_skips_comments_and_raw_text_and_decodes_references():
    text = (
        "<!DOCTYPE html>\n<!-- <a href='commented.html'> -->\n"
        '<p id="x" title="a > b">\n<a href="a.html?x=1&amp;y=2" name="top">t</a>\n'
        "<script>var s = '<a href=\"script.html\">';</script>\n"
        "<IMG SRC='pic.svg' alt=x><a href=bare.html id=b>\n<a\n href=\"multi.html\">"
    )
    assert _scan(text) == _parse_reference(text)
    ids, refs = _scan(text)
    assert ids == {"x", "top", "b"}
    assert [r[3] for r in refs] == ["a.html?x=1&y=2", "pic.svg", "bare.html", "multi.html"]
