"""A comparison lists the related occupations both roles have once, then each role's own."""

from __future__ import annotations

from versus.engine.kin import Kin
from versus.engine.model import RelatedRole, Role
from versus.engine.prepare import PreparedRole, prepare_role, title_urls
from versus.engine.urls import relative_links

SITE = (Role(slug="nurse", title="Nurse"), Role(slug="midwife", title="Midwife"),
        Role(slug="doula", title="Doula"), Role(slug="paramedic", title="Paramedic"))
URLS = title_urls(SITE)


def prepared(slug: str, *related: str) -> PreparedRole:
    return prepare_role(Role(slug=slug, title=slug.title(), related=tuple(
        RelatedRole(title) for title in related)), URLS)


def items(html: str) -> list[str]:
    return html.split("<li>")[1:]


def split(a: PreparedRole, b: PreparedRole) -> tuple[list[str], list[str], list[str]]:
    """Return the list items of both roles, of `a` only and of `b` only (a Kin per call: it
    keeps each role's items for a build, by slug)."""
    kin = Kin(relative_links("/compare/x/", False)).split(a, b)
    return items(kin.both), items(kin.a), items(kin.b)


def test_what_both_roles_relate_to_is_listed_once_in_the_first_roles_order() -> None:
    nurse = prepared("nurse", "Doula", "Midwife", "Paramedic", "Surgeon")
    midwife = prepared("midwife", "Surgeon", "Nurse", "Doula", "Herbalist")
    both, own_a, own_b = split(nurse, midwife)
    assert both == ['<a href="../../roles/doula/index.html">Doula</a>', "Surgeon"]
    # each role's own, in its order; the page's other role is left out: the page compares it
    assert own_a == ['<a href="../../roles/paramedic/index.html">Paramedic</a>']
    assert own_b == ["Herbalist"]


def test_roles_that_share_nothing_keep_their_lists_and_an_empty_one_stays_empty() -> None:
    nurse, doula = prepared("nurse", "Paramedic"), prepared("doula")
    assert split(nurse, doula) == (
        [], ['<a href="../../roles/paramedic/index.html">Paramedic</a>'], [])


def test_titles_are_escaped() -> None:
    assert split(prepared("nurse", "<b>Surgeon</b>"), prepared("doula"))[1] == [
        "&lt;b&gt;Surgeon&lt;/b&gt;"]
