"""What pages are made from, each piece named by a key and hashed once a build.

A page reads its data only through a `View`, which records the key of every piece it hands
out. The build keeps, per kind of page, the keys its pages read (with the page's own slugs
written as their positions), and the next build renders again exactly the pages one of whose
keys now hashes differently. Nobody lists a page's dependencies by hand: whatever a page kind's
renderer asks for is what it depends on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping

import msgspec

from .families import Families
from .hashing import digest
from .model import Role, Site
from .numbers import money
from .pairs import Pairing
from .prepare import PreparedRole, role_links, title_urls
from .standing import Standing, standings
from .thin import known_figures
from .urls import role_url

Key = tuple[str, ...]  # ("role", "support-lead"), ("site",), ("templates", "pair")...
Pattern = tuple[str | int, ...]  # a key with the page's own slugs as their positions

# The keys that name one thing by its slug, second, and what that slug names: ("role", slug)
# a role, ("family", slug) a job family. A page's own slugs are of its kind's domain.
DOMAINS = {"role": "role", "related": "role", "closest": "role", "standing": "role",
           "family": "family"}
CLOSEST = 6  # the comparisons a role's page leads with


class Card(msgspec.Struct, frozen=True):
    """What a page shows of a role it only links to: its slug, title, URL and pay."""

    slug: str
    title: str
    url: str
    pay: str | None = None  # "$86,816 a year" (average), or the median; None if not known


def pay_words(role: Role) -> str | None:
    """Return a role's pay as a link to it shows it: its average, else its median, a year."""
    if role.salary.yearly is not None:
        return f"{money(role.salary.yearly)} a year"
    if role.salary.median is not None:
        return f"{money(role.salary.median)} a year (median)"
    return None


def role_digests(roles: Iterable[Role], links: Mapping[str, str],
                 files: Mapping[str, str]) -> dict[str, str]:
    """Return, per slug, a hash of everything a prepared role is made from.

    That is its file (`files`: a hash of each role file's bytes, by slug; a role with none
    is hashed by its fields) and where it links to other roles (`role_links`, through
    `links`: URL by casefolded title, slug or SOC code), which other roles decide.
    """
    result = {}
    for role in roles:
        made_from = files.get(role.slug) or msgspec.structs.replace(role, source_path=None)
        result[role.slug] = digest(made_from, role_links(role, links))
    return result


class Inputs:
    """Every piece of data a page may show, by key, each hashed at most once a build."""

    def __init__(self, site: Site, pairing: Pairing, fixed: Mapping[Key, str],
                 files: Mapping[str, str] | None = None) -> None:
        """Serve the roles of `pairing`; `fixed` holds the hashes of keys with no data here.

        Those are the engine, each page kind's templates and the static files: the renderer
        holds what they stand for. The roles' prepared parts come later, with `prepared`:
        what changed is known before any role is prepared. `files` hashes each role's file
        by slug: a role is then known by its bytes, whatever its parsed form.
        """
        self.site = site
        self.pairing = pairing
        self.urls = title_urls(pairing.roles)
        self.role_hashes = role_digests(pairing.roles, self.urls, files or {})
        self.hashes: dict[Key, str | None] = dict(fixed)
        self.prepared: Mapping[str, PreparedRole] = {}
        self.sources: dict[str, Callable[[Key], str | None]] = {
            # What every other key here is made from (pages never read it): see `reuse`.
            "content": lambda key: digest(self.hashes.get(("engine",)), self.site,
                                          sorted(self.role_hashes.items())),
            "site": lambda key: digest(self.site),
            "role": lambda key: self.role_hashes.get(key[1]),
            "roles": lambda key: digest(sorted(self.role_hashes.items())),
            "titles": lambda key: digest(sorted(self.titles.items())),
            "known": lambda key: digest(sorted((s, sorted(k)) for s, k in self.known.items())),
            "listing": lambda key: pairing.digest(),
            "related": lambda key: digest(self.related(key[1])) if key[1] in self.cards
            else None,
            "closest": lambda key: digest(self.closest(key[1])) if key[1] in self.cards
            else None,
            "standing": lambda key: digest(sorted(self.standings[key[1]].items()))
            if key[1] in self.cards else None,
            "families": lambda key: digest(sorted(self.pairing.families.slugs.items())),
            "family": lambda key: digest([(s, self.role_hashes[s]) for s in
                                          self.pairing.families.members[key[1]]])
            if key[1] in self.pairing.families.members else None,
        }

    def digest(self, key: Key) -> str | None:
        """Return the hash of the data under `key` now; None if there is no such data."""
        if key not in self.hashes:
            source = self.sources.get(key[0])
            self.hashes[key] = source(key) if source else None
        return self.hashes[key]

    def reuse(self, kept: Mapping[str, str]) -> bool:
        """Take the hashes of the keys made from the content from `kept` (an earlier build's,
        by key name) if that build had the same content, engine and settings; return
        whether it had.

        Such a key's hash is then what it would be made again: a rebuild with nothing
        changed need not work out every role's standing, related roles and cards (at 200
        roles, two thirds of its work after start-up).
        """
        if kept.get("content") != self.digest(("content",)):
            return False
        for name, found in kept.items():
            key = tuple(name.split(" "))
            if key[0] in self.sources and key not in self.hashes:
                self.hashes[key] = found
        return True

    @functools.cached_property
    def cards(self) -> dict[str, Card]:
        """Return what a page shows of each role it links to, by slug."""
        return {r.slug: Card(r.slug, r.title, role_url(r.slug), pay_words(r))
                for r in self.pairing.roles}

    def domain(self, head: str) -> list[str]:
        """Return every slug a key of `head` may name: the roles', or the families'."""
        if DOMAINS.get(head) == "family":
            return list(self.pairing.families.members)
        return [role.slug for role in self.pairing.roles]

    @functools.cached_property
    def titles(self) -> dict[str, Card]:
        """Return each role's card without its pay, by slug: what a plain link to it shows."""
        return {slug: msgspec.structs.replace(card, pay=None) for slug, card in self.cards.items()}

    @functools.cached_property
    def known(self) -> dict[str, frozenset[str]]:
        """Return the names of the figures each role gives, by slug (see `thin`)."""
        return {role.slug: known_figures(role) for role in self.pairing.roles}

    @functools.cached_property
    def standings(self) -> dict[str, dict[str, Standing]]:
        """Return where each role stands among all the site's roles, by slug, then figure."""
        return standings(self.pairing.roles)

    def closest(self, slug: str) -> tuple[Card, ...]:
        """Return the most related partners of `slug`, up to CLOSEST, most related first."""
        return tuple(self.cards[other] for other in self.pairing.related(slug, CLOSEST))

    def related(self, slug: str) -> tuple[Card, ...]:
        """Return the partners of `slug` whose comparisons its pages link to, most related first.

        One more than the site shows, so that a comparison page can leave out its own pair.
        Without their pay, which those links do not show: a pay edit elsewhere must not
        render every comparison of the roles that link to it.
        """
        count = self.site.related_per_role + 1
        titles = self.titles  # a list, not a generator: asked twice a comparison page
        return tuple([titles[other] for other in self.pairing.related(slug, count)])


class View:
    """The inputs as one page reads them, remembering the key of every piece handed out."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.keys: set[Key] = set()

    def read(self, *key: str) -> None:
        """Record that the page shows what `key` names."""
        self.keys.add(key)

    @property
    def site(self) -> Site:
        """Return the site's settings."""
        self.read("site")
        return self.inputs.site

    @property
    def pairing(self) -> Pairing:
        """Return which roles are compared: the pages that exist."""
        self.read("listing")
        return self.inputs.pairing

    def role(self, slug: str) -> PreparedRole:
        """Return one role, prepared."""
        self.read("role", slug)
        return self.inputs.prepared[slug]

    def roles(self) -> Mapping[str, PreparedRole]:
        """Return every role, prepared, by slug."""
        self.read("roles")
        return self.inputs.prepared

    def partners(self, slug: str) -> list[Card]:
        """Return the roles `slug` has a comparison with, in slug order, without their pay:
        a list of every comparison shows titles, and must not change with anyone's pay."""
        self.read("listing")
        self.read("titles")
        titles = self.inputs.titles
        return [titles[other] for other in self.inputs.pairing.partners(slug)]

    def related(self, slug: str) -> tuple[Card, ...]:
        """Return the partners of `slug` its comparison pages link to, most related first."""
        self.read("related", slug)
        return self.inputs.related(slug)

    def closest(self, slug: str) -> tuple[Card, ...]:
        """Return the partners a role's page leads with: its most related, up to CLOSEST."""
        self.read("closest", slug)
        return self.inputs.closest(slug)

    def standing(self, slug: str) -> dict[str, Standing]:
        """Return where role `slug` stands among all the site's roles, by figure."""
        self.read("standing", slug)
        return self.inputs.standings[slug]

    def known(self) -> Mapping[str, frozenset[str]]:
        """Return the names of the figures each role gives, by slug: which comparisons are
        thin depends on these, never on the figures' values."""
        self.read("known")
        return self.inputs.known

    def families(self) -> Families:
        """Return the site's job families (names and slugs)."""
        self.read("families")
        return self.inputs.pairing.families

    def family(self, slug: str) -> list[PreparedRole]:
        """Return the roles of the job family `slug`, prepared, in slug order."""
        self.read("family", slug)
        return [self.inputs.prepared[s] for s in self.inputs.pairing.families.members[slug]]

    def patterns(self, slugs: tuple[str, ...], domain: str = "role") -> set[Pattern]:
        """Return the keys read, with each of the page's own `slugs` (which name things of
        `domain`: roles, or families) written as its position."""
        where = {slug: i for i, slug in enumerate(slugs)}
        return {(key[0], where.get(key[1], key[1])) if DOMAINS.get(key[0]) == domain else key
                for key in self.keys}
