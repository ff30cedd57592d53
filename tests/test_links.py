"""Links from role text lead somewhere: a target that cannot is a problem with file, line and
field, is never rendered as a link, and every href on every page is a valid URL."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from versus.engine.build import BuildOptions, build_site
from versus.engine.links import link_problem, link_problems
from versus.engine.markup import to_html, to_inline_html

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"


@pytest.mark.parametrize(("target", "expected"), [
    ("www.onetonline.org", "link target 'www.onetonline.org' has no scheme, so it would lead "
     "nowhere; write https://www.onetonline.org"),
    ("onetonline.org/link/summary/29-1141.00", "; write https://onetonline.org/link/summary/"),
    ("../roles/nurse/", "; a link in a role file starts with https://, http:// or mailto:"),
    ("#salary", "has no scheme"),
    ("https://", "link target 'https://' is not a valid URL"),
    ('https://exa"mple.org/', "is not a valid URL"),
    ("http://exa mple.org/", "is not a valid URL"),
])
def test_a_target_that_leads_nowhere_is_a_problem(target: str, expected: str) -> None:
    assert expected in str(link_problem(target))


@pytest.mark.parametrize("target", [
    "https://www.onetonline.org/", "http://example.org", "mailto:me@example.org",
    "https://example.org/a?b=1&c=2#d", "javascript:alert(1)", "data:text/html,x"])
def test_web_links_pass_and_script_links_are_left_to_the_cleaner(target: str) -> None:
    assert link_problem(target) is None


def test_every_link_of_a_markdown_text_is_checked() -> None:
    text = ("See [a](https://example.org/), [b](www.b.org), <https://c.org/>, [d][ref] and "
            "<a href='e.org'>e</a>.\n\n[ref]: f.org")
    # A raw <a> is no link: it shows as the text it is written as (see test_markup).
    assert [p.split("'")[1] for p in link_problems(text)] == ["www.b.org", "f.org"]
    assert link_problems("No links, just *emphasis*.") == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("Data from [ONET](www.onetonline.org)", "Data from ONET"),
    ('[a](https://exa"mple.org/)', "a"),
    ("[a](<https://a b>)", "a"),
    ("<https://x.org/a b>", "https://x.org/a b"),
    ("[a](https://x.org/a<b>)",
     '<a href="https://x.org/a%3Cb%3E" rel="nofollow noreferrer">a</a>'),
    ("[a](https://x.org/100%)",
     '<a href="https://x.org/100%25" rel="nofollow noreferrer">a</a>'),
])
def test_a_link_that_leads_nowhere_is_never_rendered(text: str, expected: str) -> None:
    assert to_inline_html(text) == expected
    assert to_html(text) == f"<p>{expected}</p>"


def test_check_names_file_line_and_field(tmp_path: Path) -> None:
    roles = tmp_path / "content" / "roles"
    roles.mkdir(parents=True)
    (roles / "nurse.yaml").write_text(
        'title: Nurse\nsummary: "Data from [O*NET](www.onetonline.org)"\n'
        "responsibilities:\n  - Fine\n  - 'See [the guide](guide.html)'\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "content/roles/nurse.yaml:2: summary: link target 'www.onetonline.org' has no scheme, "
        "so it would lead nowhere; write https://www.onetonline.org",
        "content/roles/nurse.yaml:5: responsibilities[1]: link target 'guide.html' has no "
        "scheme, so it would lead nowhere; write https://guide.html"]


# What a valid URL is in an href: RFC 3986 characters only, each % starting an escape; an
# absolute one is http(s) with a host, or mailto. (The Nu HTML checker, in test_html.py, says
# the same for the real site.)
_NOT_IN_URL = re.compile(r"[\s\"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})")
_ABSOLUTE = re.compile(r"^(https?://[A-Za-z0-9.-]+(:\d+)?([/?#].*)?|mailto:.+)$")


def is_valid_href(href: str) -> bool:
    """Return whether `href` is a valid URL, relative or absolute."""
    if _NOT_IN_URL.search(href):
        return False
    return bool(_ABSOLUTE.match(href)) if re.match(r"^[A-Za-z][\w+.-]*:", href) else True


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name == "href" and value is not None]


def page_hrefs(page: str) -> list[str]:
    """Return the href of every element of `page`, unescaped: attributes only, not text that
    reads like one (role text `<a href="...">` is shown as written)."""
    parser = _Hrefs()
    parser.feed(page)
    return parser.found


def test_every_href_on_every_page_is_a_valid_url(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for case in ("markdown-bad-link-schemes.yaml", "sources-url-attribute-breakout.yaml"):
        shutil.copy(HOSTILE / case, content / "roles")
    (content / "roles" / "odd-links.yaml").write_text(
        "title: Odd Links\nsummary: \"[q](https://example.org/a'b) [r](https://x.org/a<b>) "
        "[p](https://x.org/100%) [m](mailto:me@example.org)\"\n"
        "sources: [{name: S, url: 'https://example.org/<b>c%'}]\n", encoding="utf-8")
    out = tmp_path / "site"
    build_site(BuildOptions(content=content, out=out))
    hrefs = {h for page in out.rglob("*.html") for h in page_hrefs(page.read_text("utf-8"))}
    assert len(hrefs) > 50
    assert [h for h in hrefs if not is_valid_href(h)] == []
    assert "https://x.org/a%3Cb%3E" in hrefs and "https://x.org/100%25" in hrefs
