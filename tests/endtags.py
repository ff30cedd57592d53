"""Pages with the end tags HTML lets them leave out written back, for tests that read pages
with `html.parser`, which builds no tree and so infers no `</li>`, `</td>` or `</tr>`.

The pages leave out the end tags of list items, definition terms and descriptions, table
cells, rows and row groups (tables.py, _parts.html); a browser's parser closes each where the
HTML standard says ("optional tags"), and so does `with_end_tags`, for those elements.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
# The start tags that close an open element, by that element's name.
CLOSED_BY = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "td": {"td", "th", "tr", "tbody", "thead", "tfoot"},
    "th": {"td", "th", "tr", "tbody", "thead", "tfoot"},
    "tr": {"tr", "tbody", "thead", "tfoot"},
    "thead": {"tbody", "tfoot"},
    "tbody": {"tbody", "tfoot"},
}
# Elements whose start tags close nothing outside them: an item of an outer list stays open
# inside an inner list.
BOUNDS = frozenset({"ul", "ol", "dl", "table", "div", "section", "nav", "main"})


class _Writer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[str] = []

    def _close_to(self, index: int) -> None:
        while len(self.open) > index:
            self.out.append(f"</{self.open.pop()}>")

    def _implied(self, tag: str) -> None:
        """Close what the start tag `tag` closes: each element it ends, innermost first."""
        while True:
            for index in range(len(self.open) - 1, -1, -1):
                name = self.open[index]
                if tag in CLOSED_BY.get(name, ()):
                    self._close_to(index)
                    break
                if name in BOUNDS:
                    return
            else:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._implied(tag)
        self.out.append(self.get_starttag_text() or f"<{tag}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # an end tag closes what is still open inside its element
            self._close_to(len(self.open) - 1 - self.open[::-1].index(tag))
        else:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def with_end_tags(html: str) -> str:
    """Return `html` with every end tag the pages leave out written where a browser infers it."""
    writer = _Writer()
    writer.feed(html)
    writer.close()
    writer._close_to(0)
    return "".join(writer.out)
