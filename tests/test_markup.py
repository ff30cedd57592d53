"""Markdown and URLs from role files become safe, valid HTML."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from versus.engine.markup import as_html, fill, safe_url, to_html, to_inline_html


@pytest.mark.parametrize(("text", "expected"), [
    ("[x](javascript:alert(1))", "x"),
    ('[*x*](data:text/html,y "a>b")', "<em>x</em>"),
    ("[a](vbscript:x) and [b](https://example.org/)",
     'a and <a href="https://example.org/" rel="nofollow noreferrer">b</a>'),
])
def test_a_link_whose_url_is_dropped_keeps_only_its_text(text: str, expected: str) -> None:
    # nh3 leaves <a rel="..."> without href, which the HTML checker rejects.
    assert to_inline_html(text) == expected
    assert to_html(text) == f"<p>{expected}</p>"


@pytest.mark.parametrize(("text", "expected"), [
    ("Writes vector<int> and List<String> daily; a<b & c>d.",
     "Writes vector&lt;int&gt; and List&lt;String&gt; daily; a&lt;b &amp; c&gt;d."),
    ("*Bold* <b>tags</b> <script>alert(1)</script> stay text",
     "<em>Bold</em> &lt;b&gt;tags&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; stay text"),
    ("<!-- a comment --> and <https://example.org/>",
     '&lt;!-- a comment --&gt; and <a href="https://example.org/" rel="nofollow noreferrer">'
     "https://example.org/</a>"),
])
def test_text_in_angle_brackets_is_shown_as_written_not_dropped(text: str, expected: str) -> None:
    # Raw HTML opened an element the cleaner removed with every word after it.
    assert to_inline_html(text) == expected
    assert to_html(text) == f"<p>{expected}</p>"
    assert to_html(f"<div>\n{text}\n</div>") == f"<p>&lt;div&gt;\n{expected}\n&lt;/div&gt;</p>"


@pytest.mark.parametrize(("text", "expected"), [
    ("See ![a chart of pay](https://example.org/pay.png) below",
     "See a chart of pay below"),
    ('An ![x & <y>](https://example.org/x.png "title") and ![by reference][r]'
     "\n\n[r]: https://example.org/r.png", "An x &amp; &lt;y&gt; and by reference"),
    ("[![the logo](https://example.org/l.png)](https://example.org/)",
     '<a href="https://example.org/" rel="nofollow noreferrer">the logo</a>'),
    ("A ![pay *by* **year**](https://example.org/p.png) chart",
     "A pay <em>by</em> <strong>year</strong> chart"),
    (r"A ![not \*emphasis\* `<b>`](https://example.org/p.png)",
     "A not *emphasis* <code>&lt;b&gt;</code>"),
    ("An ![*a*](https://example.org/a.png) and ![*by* reference][r]"
     "\n\n[r]: https://example.org/r.png", "An <em>a</em> and <em>by</em> reference"),
])
def test_an_image_shows_as_its_alt_text(text: str, expected: str) -> None:
    # A page shows no image from a role file; dropping it whole lost the words written for it.
    assert to_html(text) == f"<p>{expected}</p>"
    assert to_inline_html(text.split("\n")[0]).startswith(expected.split(" and ")[0])


@pytest.mark.parametrize(("text", "expected"), [
    ("[![a [pay](https://example.org/p) chart](https://example.org/c.png)](https://example.org/)"
     " after", '<a href="https://example.org/" rel="nofollow noreferrer">a [pay]'
     "(https://example.org/p) chart</a> after"),
    ("[a <https://example.org/p> link](https://example.org/) after",
     '<a href="https://example.org/" rel="nofollow noreferrer">a &lt;https://example.org/p&gt;'
     " link</a> after"),
    ("[a <me@example.org> link](https://example.org/) after",
     '<a href="https://example.org/" rel="nofollow noreferrer">a &lt;me@example.org&gt;'
     " link</a> after"),
])
def test_no_link_opens_inside_a_link(text: str, expected: str) -> None:
    # An <a> in an <a> is no HTML: the browser ends the first where the second begins, and
    # the words after it fell out of their link. An image's alt text, read as Markdown,
    # made one from a link written in it; an autolink in a link's text did too.
    assert to_inline_html(text) == expected
    assert to_html(text) == f"<p>{expected}</p>"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/?q=<b>", "https://example.org/?q=%3Cb%3E"),
    ('https://example.org/"x', "https://example.org/%22x"),
    ("https://example.org/a%20b?x=1&y=2#top", "https://example.org/a%20b?x=1&y=2#top"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
])
def test_a_source_url_is_percent_encoded_where_a_url_may_not_hold_a_character(
        url: str, expected: str) -> None:
    assert safe_url(url) == expected


@given(st.text(), st.text(), st.integers())
def test_fill_escapes_as_markup_format_does(text: str, html: str, number: int) -> None:
    template = '<p title="{}">{}: {} <b>{}</b></p>'
    values = (text, Markup(html), number, "<script>&\"'")
    assert fill(template, *values) == Markup(template).format(*values)
    assert isinstance(fill(template, *values), Markup)


@given(st.one_of(st.text(), st.text().map(Markup), st.integers(), st.none(), st.floats()))
def test_as_html_gives_the_text_escape_gives(value: object) -> None:
    assert as_html(value) == escape(value)
    if isinstance(value, Markup):
        assert as_html(value) is value  # markup is handed back, not copied
