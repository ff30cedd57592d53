"""What search engines and link previews read: schema.org JSON-LD blocks, safe to inline.

Role pages carry one `Occupation` and a `BreadcrumbList` in one `@graph`, so that the context
is said once; comparison pages only a `BreadcrumbList`, never an `Occupation` (one occupation
per page is the rule).
"""

from __future__ import annotations

import functools
import json
from json.encoder import encode_basestring  # what json.dumps writes a str with
from typing import Any

from markupsafe import Markup

from .markup import html_markup, to_html, to_inline_html
from .model import Item, Named, Role

CONTEXT = "https://schema.org"

# Inside <script>, "</script>" or "<!--" in role text must not end or change the block:
# JSON may write any character as \uXXXX, so these never appear as themselves.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
           "\u2029": "\\u2029"}


def safe_json(data: Any, ascii_only: bool = False) -> str:
    """Return `data` as compact JSON in which no character can start or end markup."""
    text = json.dumps(data, ensure_ascii=ascii_only, separators=(",", ":"))
    for char, code in _UNSAFE.items():
        text = text.replace(char, code)
    return text


def safe_json_text(text: str) -> str:
    """Return `text` as a JSON string, as `safe_json` writes it (with no encoder made for it)."""
    found = encode_basestring(text)
    for char, code in _UNSAFE.items():
        found = found.replace(char, code)
    return found


def ld_script(data: dict[str, Any]) -> Markup:
    """Return `data` as a <script type="application/ld+json"> element, safe in any page."""
    return Markup(f'<script type="application/ld+json">{safe_json(data)}</script>\n')


def ld_graph(*nodes: dict[str, Any]) -> Markup:
    """Return the nodes as one <script type="application/ld+json"> holding a schema.org
    `@graph`: one context for them all."""
    return ld_script({"@context": CONTEXT, "@graph": [
        {key: value for key, value in node.items() if key != "@context"} for node in nodes]})


def plain(markdown: str, inline: bool = True) -> str:
    """Return the text of role Markdown, without its markup: what a reader sees."""
    html = to_inline_html(markdown) if inline else to_html(markdown)
    return " ".join(Markup(html).striptags().split())


def amount(name: str, **figures: Any) -> dict[str, Any]:
    """Return a yearly salary figure as a schema.org MonetaryAmount in USD."""
    return {"@type": "MonetaryAmount", "name": name, "currency": "USD", **figures}


def yearly(value: float) -> dict[str, Any]:
    """Return a yearly amount as a QuantitativeValue."""
    return {"@type": "QuantitativeValue", "value": value, "unitText": "YEAR"}


def estimated_salary(role: Role) -> list[dict[str, Any]]:
    """Return the role file's yearly salary figures (USD), each saying what it is:
    the average (salary.yearly), the median (salary.median), the typical range
    (salary.range, as minValue and maxValue)."""
    salary, found = role.salary, []
    if salary.yearly is not None:
        found.append(amount("Average yearly salary", value=yearly(salary.yearly)))
    if salary.median is not None:
        found.append(amount("Median yearly salary", value=yearly(salary.median)))
    if salary.range is not None:
        low, high = salary.range
        found.append(amount("Typical yearly salary range", minValue=low, maxValue=high,
                            unitText="YEAR"))
    return found


def item_text(item: Item) -> str:
    """Return a responsibility as plain text: "Name: description" for a named one."""
    if isinstance(item, Named):
        return f"{item.name}: {plain(item.description)}" if item.description else item.name
    return plain(item)


def occupation(role: Role, url: str, description: str) -> dict[str, Any]:
    """Return the role as one schema.org Occupation; fields the file leaves out are absent."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Occupation", "name": role.title,
                            "url": url}
    data["description"] = plain(role.summary, inline=False) if role.summary else description
    optional = {
        "estimatedSalary": estimated_salary(role),
        "occupationalCategory": role.soc_code,
        "skills": [skill.name for skill in role.skills],
        "responsibilities": [item_text(item) for item in role.responsibilities],
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def breadcrumbs(trail: list[tuple[str, str | None]]) -> dict[str, Any]:
    """Return a BreadcrumbList of (name, absolute URL), from the site's home page down.

    A URL of None leaves `item` out: for the page itself, last, whose URL search engines
    take from the page."""
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, **({"item": url} if url else {})}
        for i, (name, url) in enumerate(trail, start=1)]}


@functools.lru_cache(maxsize=1024)
def breadcrumbs_open(trail: tuple[tuple[str, str | None], ...]) -> str:
    """Return the <script> of the BreadcrumbList of `trail` (as `ld_script(breadcrumbs(...))`)
    cut after its last item, for `breadcrumbs_to` to end: made once per trail, which every
    comparison within a family, or across families, shares."""
    # Plain text, not Markup: `breadcrumbs_to` puts it in an f-string on every comparison.
    return str(ld_script(breadcrumbs(list(trail)))).removesuffix("]}</script>\n")


def breadcrumbs_to(trail: tuple[tuple[str, str | None], ...], name: str) -> Markup:
    """Return `ld_script(breadcrumbs([*trail, (name, None)]))`, the same bytes, from the
    trail's part made once."""
    item = (f'{{"@type":"ListItem","position":{len(trail) + 1},'
            f'"name":{safe_json_text(name)}}}')
    return html_markup(f"{breadcrumbs_open(trail)},{item}]}}</script>\n")
