"""The related pair policy: O*NET's related occupations first, then the SOC group and skills."""

from __future__ import annotations

from versus.engine.model import RelatedRole, Role, Skill
from versus.engine.pairs import Pairing
from versus.engine.relatedness import ranked_partners


def role(slug: str, soc: str, related: tuple[str, ...] = (), skills: tuple[str, ...] = ()) -> Role:
    return Role(slug=slug, title=slug.title(), soc_code=soc,
                related=tuple(RelatedRole(r.title(), None) for r in related),
                skills=tuple(Skill(s) for s in skills))


ROLES = [
    role("rn", "29-1141", related=("np", "lpn")),
    role("np", "29-1171"),
    role("lpn", "29-2061", related=("rn",)),
    role("surgeon", "29-1249"),
    role("welder", "51-4121", skills=("care",)),
    role("cutter", "51-4122", skills=("care",)),
    role("baker", "51-3011", skills=("care",)),
    role("chef", "35-1011"),
]


def test_partners_rank_onet_then_the_soc_group_then_skills() -> None:
    ranked = ranked_partners(ROLES, 2)
    assert ranked["rn"][:2] == ("np", "lpn")  # its own list, in its order
    assert ranked["np"][0] == "rn"  # listed by rn
    assert ranked["welder"][:2] == ("cutter", "baker")  # same minor group 51-4, then skills
    assert "chef" not in ranked["rn"]


def test_each_role_picks_a_bounded_number_and_pairs_are_symmetric() -> None:
    pairing = Pairing(sorted(ROLES, key=lambda r: r.slug), "related", 2)
    pairs = list(pairing.iter_pairs())
    assert len(pairs) <= len(ROLES) * 2 and len(set(pairs)) == len(pairs)
    for a, b in pairs:
        assert pairing.has_pair(a, b) and pairing.has_pair(b, a)
        assert b in pairing.partners(a) and a in pairing.partners(b)
    assert pairing.related("rn", 2) == ("np", "lpn")
    assert pairing.partners("rn") == tuple(sorted(pairing.partners("rn")))


def test_the_policy_picks_twenty_unless_told() -> None:
    assert Pairing(ROLES, "related").cap == 20
    assert Pairing(ROLES, "category").cap is None
