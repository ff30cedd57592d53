"""Untrusted Markdown to safe HTML: rendered, then cleaned against an allow-list."""

from __future__ import annotations

import functools
import re
import urllib.parse

import nh3
from markupsafe import Markup, escape

from .links import is_web_link, markdown_html

BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "br"}
INLINE_TAGS = {"em", "strong", "a", "code"}
URL_SCHEMES = {"http", "https", "mailto"}  # is_web_link decides first; nh3 checks again
# Links written in role files: no ranking lent to them, no Referer sent to them ("noreferrer"
# implies "noopener", which only a link opening a new window would need anyway).
LINK_REL = "nofollow noreferrer"

# Text with none of these reads the same as Markdown and as plain text: no emphasis, code,
# link, HTML or entity anywhere, and no list, heading or quote marker at the start.
_MARKDOWN = re.compile(r"[\\`*_\[\]<>&]|^\s*([-+#>=]|\d+[.)])|\n")


# A link whose URL the cleaner dropped (javascript: and the like): nh3 writes attributes in
# this order and escapes quotes and ">" inside them, so the pattern matches exactly those.
_DEAD_LINK = re.compile(rf'<a(?: title="[^"]*")? rel="{LINK_REL}">(.*?)</a>', re.DOTALL)


def kept_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Return an attribute's value as a page may carry it; None drops a link that leads nowhere."""
    if tag == "a" and attribute == "href":
        url = value.strip()
        return safe_url(url) if is_web_link(url) else None
    return value


def clean(html: str, tags: set[str]) -> Markup:
    """Return `html` keeping only `tags`, valid web links, and no scripts, styles or handlers."""
    cleaned = nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}},
        attribute_filter=kept_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Keep the text of a link left without a URL: an <a rel> with no href is not valid HTML.
    return Markup(_DEAD_LINK.sub(r"\1", cleaned))


_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def safe_url(url: str) -> str:
    """Return an http(s) or mailto URL with what a URL may not hold (<, ", spaces) %-encoded."""
    return urllib.parse.quote(_STRAY_PERCENT.sub("%25", url), safe="!#$%&'()*+,/:;=?@[]~")


def to_html(text: str) -> Markup:
    """Return a Markdown block (a summary) as safe HTML."""
    return clean(markdown_html(text), BLOCK_TAGS)


def to_inline_html(text: str) -> Markup:
    """Return one line of inline Markdown (a list item) as safe HTML, with no paragraph."""
    if not _MARKDOWN.search(text):
        return escape(text)  # most items are plain sentences: skip the Markdown parser
    html = markdown_html(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return clean(html, INLINE_TAGS)


_new_str = str.__new__


def html_markup(html: str) -> Markup:
    """Return `html`, text that is HTML already, as `Markup`: what `Markup(html)` returns,
    made in C, where markupsafe's own `__new__` first asks the text for an `__html__` in
    Python (half a microsecond, fifteen times a comparison page)."""
    return _new_str(Markup, html)


def fill(template: str, *values: object) -> Markup:
    """Return the HTML `template` with each `{}` filled by a value, escaped unless it is
    markup already: what `Markup(template).format(*values)` returns, without the
    string.Formatter behind it, which costs 15 µs a call on pages rendered by the 100,000."""
    return _new_str(Markup, template.format(*map(as_html, values)))


# What markupsafe's escape replaces, in its order ("&" first): the same text, byte for byte.
_ENTITIES = (("&", "&amp;"), (">", "&gt;"), ("<", "&lt;"), ("'", "&#39;"), ('"', "&#34;"))


def as_html(value: object) -> str:
    """Return `value` as HTML text: markup as it is, anything else escaped. The text is
    what markupsafe's `escape` returns; a str is returned as a str, not as `Markup`.

    `escape` makes a new `Markup` of every value, markup too, through `Markup.__new__`:
    about a microsecond each, and a comparison page prints a hundred values.
    """
    kind = type(value)
    if kind is Markup:
        return value  # type: ignore[return-value]
    if kind is str:
        text: str = value  # type: ignore[assignment]
        for char, entity in _ENTITIES:
            if char in text:
                text = text.replace(char, entity)
        return text
    return escape(value)


@functools.lru_cache(maxsize=8192)
def escaped(text: str) -> str:
    """Return `text` escaped, once per distinct text: labels and titles recur on many pages."""
    return as_html(text)
