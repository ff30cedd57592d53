"""Which link targets become links: http(s) and mailto URLs that are valid once written out.

The site's own pages are linked by the templates, never by role text: a relative target in a
summary would point somewhere else from a role's page and from a comparison page.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Container, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from .errors import clipped

if TYPE_CHECKING:
    import markdown

# An http(s) link with a host (no character a host cannot hold), or a mailto link. A source's
# `url` field and every Markdown link follow this one rule; the JSON Schema carries it too.
WEB_LINK = r'^(https?://[^\s/?#"<>\\^`{|}]+([/?#]\S*)?|mailto:\S+)$'
_WEB_LINK = re.compile(WEB_LINK)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WEB_SCHEMES = ("http:", "https:", "mailto:")
# Browsers drop tabs and newlines anywhere in a URL, and spaces and controls at its ends.
_IGNORED = re.compile(r"[\t\n\r]")
_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MAY_LINK = re.compile(r"[\]<]")  # no link without one of these: skip the Markdown parser
# Python-Markdown's image patterns, by name and priority: an image shows as its alt text.
IMAGE_PATTERNS = (("image_link", 150), ("image_reference", 140), ("short_image_ref", 125))
# Its patterns that make a link: none inside another (an image's alt text in a link's, an
# autolink in a link's text), where the browser would end the outer link at the inner one.
LINK_PATTERNS = ("reference", "link", "short_reference", "autolink", "automail")
Found = tuple[object, "int | None", "int | None"]  # an inline pattern's node, start and end



@functools.cache
def parser() -> markdown.Markdown:
    """Return the one Markdown parser: core syntax without raw HTML, HTML output, reset
    before each use.

    Raw HTML reads as the text it is: `vector<int>` or `List<String>` in a skill's
    description would otherwise open an element the cleaner drops with all the text after it.
    Imported on first use: a build with nothing to render never needs it.
    """
    import markdown  # 10 ms of every start-up otherwise

    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name, priority in IMAGE_PATTERNS:
        image = md.inlinePatterns[name]
        md.inlinePatterns.register(alt_text_of(type(image))(image.pattern, md), name, priority)
    for name in LINK_PATTERNS:
        pattern = md.inlinePatterns[name]  # Markdown's name below: skipped inside an <a>
        pattern.ANCESTOR_EXCLUDES = ("a",)  # type: ignore[misc]
    return md


def alt_text_of(kind: type) -> type:
    """Return a subclass of the Markdown image pattern `kind` that gives the image's alt
    text instead of the image, its Markdown read as a link's text is.

    A page shows no picture from a role file (the cleaner drops `<img>`), and dropping the
    image whole lost the words written for it: "See ![a chart of pay](...)" read "See ".
    The alt text goes in an element the cleaner drops keeping what it holds, so that the
    patterns after this one (emphasis) read it: as plain text it showed `*its* asterisks`.
    """
    from xml.etree import ElementTree

    class AltText(kind):  # type: ignore[misc]
        def unescape(self, text: str) -> str:  # Markdown's name: the alt text left as read
            return text

        def handleMatch(self, match: re.Match[str], data: str) -> Found:  # Markdown's name
            image, start, end = super().handleMatch(match, data)
            if image is None:
                return None, start, end
            words = ElementTree.Element("span")
            words.text = image.get("alt", "")
            return words, start, end

    return AltText


class EarlierHtml(Protocol):
    """HTML that earlier builds of the same engine made of Markdown texts, by text."""

    def get(self, key: str) -> Any:
        """Return the HTML made of the text `key`, or None."""


# See `use_earlier_html`: None, or the HTML earlier builds made.
_earlier: list[EarlierHtml | None] = [None]
# The HTML of every text this process converted or took from earlier builds, by text.
_memo: dict[str, str] = {}
MEMO_SIZE = 8192  # texts held at most: imported sites repeat one credit line in every role


def use_earlier_html(earlier: EarlierHtml | None) -> None:
    """Have `markdown_html` take the HTML of a text from `earlier` when it holds it.

    A one-role edit parses and prepares that one role, whose texts are mostly as they were:
    found there, they need no Markdown (its import and its parser cost 80 M instructions,
    6% of such a rebuild at 200 roles). Only a cache made by the same engine (which hashes
    the Markdown library's version and this module) may be given.
    """
    _earlier[0] = earlier


def converted() -> dict[str, str]:
    """Return the HTML of the texts this process has converted (`markdown_html`), by text:
    those an earlier build made too, and the others."""
    return _memo


def forget_html(kept: Container[str]) -> None:
    """Forget the HTML this process converted of the texts not in `kept`."""
    for text in [text for text in _memo if text not in kept]:
        del _memo[text]


def markdown_html(text: str) -> str:
    """Return the Markdown `text` as HTML, not yet cleaned: made once, whether the links are
    checked first (validation) or the page's HTML is made (preparation) first; taken from
    the earlier builds' HTML when it holds it (see `use_earlier_html`)."""
    found = _memo.get(text)
    if found is None:
        earlier = _earlier[0]
        found = earlier.get(text) if earlier is not None else None
        if type(found) is not str:
            found = parser().reset().convert(text)
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        _memo[text] = found
    return found


def is_web_link(url: str) -> bool:
    """Return whether `url` is an http(s) link with a host, or a mailto link."""
    return bool(_WEB_LINK.match(url))


def link_problem(target: str) -> str | None:
    """Return why a Markdown link to `target` cannot be a link, or None if it can.

    A target with a scheme other than http(s) or mailto (javascript:, data:...) is no problem
    to report: the cleaner drops it and keeps the link's text, as it does for any script.
    """
    url = _IGNORED.sub("", target).strip(" \x00-\x1f")
    shown = clipped(target, quote=True)
    if not _SCHEME.match(url):
        hint = (f"; write https://{clipped(url)}" if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", url)
                else "; a link in a role file starts with https://, http:// or mailto:")
        return f"link target {shown} has no scheme, so it would lead nowhere{hint}"
    if url.lower().startswith(_WEB_SCHEMES) and not is_web_link(url):
        return f"link target {shown} is not a valid URL"
    return None


def iter_link_targets(text: str) -> Iterator[str]:
    """Yield the target of every link the Markdown `text` makes, as a browser would read it."""
    if not _MAY_LINK.search(text):
        return
    for match in _HREF.finditer(markdown_html(text)):
        yield html.unescape(next(group for group in match.groups() if group is not None))


@functools.lru_cache(maxsize=4096)  # imported sites repeat one credit line in every role
def link_problems(text: str) -> tuple[str, ...]:
    """Return what is wrong with the links of the Markdown `text`, one message per link."""
    return tuple(why for target in iter_link_targets(text) if (why := link_problem(target)))
