"""The comparison page's pictures of named figures: skills side by side, gender and race bars.

Pure functions from two roles to inline SVG. Role A is drawn solid, role B outlined, with the
roles named at the top; every bar carries its figure in words. Names are matched without
regard to case, spelled as role A gives them.
"""

from __future__ import annotations

from markupsafe import Markup

from . import numbers
from .model import Role, Shares, Skill
from .overlap import skill_key
from .svg import LINE, WIDTH, Drawing, box, document, nice_scale, wrap

MAX_SKILLS = 8  # rows a skills chart draws; the lists below the chart hold every skill
HALF = 170  # width of each role's side of the skills chart
RIGHT = HALF + 20  # where role B's side starts
HEAD_CHARS = 18  # characters of a bold head that fit in HALF, less its swatch
LABEL = 50  # room after a bar for its figure: "100/100"
SHARE_BAR = WIDTH - LABEL  # the length of a share of 100% of people
SkillRow = tuple[str, Skill | None, Skill | None]  # a skill's name, as A and as B list it


def heads(drawing: Drawing, a: Role, b: Role, chars: int) -> None:
    """Draw the roles' names with their swatch, A then B: side by side unless `chars` is 0."""
    top, bottom = drawing.y, drawing.y
    for role, cls, x in ((a, "a", 0), (b, "b", RIGHT if chars else 0)):
        if not chars:
            top = bottom
        lines = wrap(role.title, chars or 41, 3 if chars else 2)
        drawing.shape(cls, box(x, x + 12, top + 3, 10))
        for i, line in enumerate(lines):
            drawing.text(x + 18, top + LINE * (i + 1) - 4, line, "h" if chars else "")
        bottom = max(bottom, top + LINE * len(lines) + 2)
    drawing.y = bottom + 4


def skill_figure(skill: Skill) -> tuple[str, float, str] | None:
    """Return (kind, value 0-100, words) for a skill's figure, or None when it has none."""
    if skill.share is not None:
        return "share", skill.share, numbers.percent(skill.share)
    if skill.importance is not None:
        return "importance", skill.importance, f"{numbers.number(skill.importance, 0)}/100"
    return None


def skill_rows(a: Role, b: Role) -> list[SkillRow]:
    """Return (name, A's skill, B's skill) rows: shared skills first, then each role's own.

    Skills match as "Skills in common" matches them (`overlap.skill_key`); the roles' own
    skills alternate A, B.
    """
    in_a = {skill_key(s.name): s for s in a.skills}
    in_b = {skill_key(s.name): s for s in b.skills}
    shared: list[SkillRow] = [(s.name, s, in_b[skill_key(s.name)]) for s in a.skills
                              if skill_key(s.name) in in_b]
    only_a: list[SkillRow] = [(s.name, s, None) for s in a.skills if skill_key(s.name) not in in_b]
    only_b: list[SkillRow] = [(s.name, None, s) for s in b.skills if skill_key(s.name) not in in_a]
    alternating = [row for pair in zip(only_a, only_b, strict=False) for row in pair]
    return shared + alternating + only_a[len(only_b):] + only_b[len(only_a):]


def skill_scales(a: Role, b: Role) -> dict[str, float]:
    """Return the figure a full bar stands for, per kind: a round share above the largest; 100."""
    shares = [s.share for s in (*a.skills, *b.skills) if s.share is not None]
    top = nice_scale([0.0, max(shares)], 0, 1).hi if shares else 100.0
    return {"share": top, "importance": 100.0}


def skill_cell(drawing: Drawing, skill: Skill | None, lists: bool, x: float, cls: str,
               scales: dict[str, float]) -> None:
    """Draw one role's side of a skill row: a bar and its figure, or words saying why not."""
    y = drawing.y
    if skill is None:
        if lists:
            drawing.text(x, y + 9, "not listed", "m")
        return
    figure = skill_figure(skill)
    if figure is None:
        drawing.text(x, y + 9, "✓ listed")
        return
    kind, value, words = figure
    end = x + value / scales[kind] * (HALF - LABEL)
    drawing.shape(cls, box(x, end, y, 10))
    drawing.text(end + 4, y + 9, words)


def in_common(shared: list[str]) -> str:
    """Return how many skills two roles share, in words: "No skills", "1 skill", "4 skills"."""
    count = {0: "No skills", 1: "1 skill"}.get(len(shared), f"{len(shared)} skills")
    return f"{count} in common"


def skills_chart(a: Role, b: Role) -> Markup | None:
    """Return both roles' skills side by side, shared ones paired on a row, or None.

    Bars show a skill's share of job postings (percent) or its importance (0-100), from the
    role files; the same skills and figures are in the skills lists below the chart.
    """
    rows = skill_rows(a, b)
    if not rows:
        return None
    shared = [name for name, sa, sb in rows if sa and sb]
    scales, drawing = skill_scales(a, b), Drawing()
    heads(drawing, a, b, HEAD_CHARS)
    for role in (a, b):
        if not role.skills:
            drawing.lines(f"No skills are listed for {role.title}.", cls="m")
    if a.skills and b.skills:
        drawing.lines(in_common(shared) + (", listed first." if shared else "."), cls="m")
        drawing.y += 4
    for name, sa, sb in rows[:MAX_SKILLS]:
        drawing.lines(name, most=1)
        skill_cell(drawing, sa, bool(a.skills), 0, "a", scales)
        skill_cell(drawing, sb, bool(b.skills), RIGHT, "b", scales)
        drawing.y += 18
    if len(rows) > MAX_SKILLS:
        drawing.lines(f"and {len(rows) - MAX_SKILLS} more in the lists below", cls="m")
    desc = (f"{in_common(shared)}{': ' if shared else ''}{', '.join(shared)}. "
            "The skills and their figures are in the lists below.")
    return document("chart-skills", "Skills of both roles", desc, drawing)


def share_texts(shares: Shares) -> dict[str, tuple[str, float, str]]:
    """Return a role's shares by casefolded name: (name, percent, words with one precision)."""
    words = numbers.percents(share for _, share in shares)
    return {name.casefold(): (name, share, w)
            for (name, share), w in zip(shares, words, strict=True)}


def share_group(drawing: Drawing, heading: str, roles: tuple[Role, Role],
                found: tuple[Shares, Shares]) -> None:
    """Draw one distribution (gender or race) of both roles as paired bars, A above B."""
    drawing.y += 4
    drawing.lines(heading, cls="h")
    for role, shares in zip(roles, found, strict=True):
        if not shares and has_demographics(role):
            drawing.lines(f"Not known for {role.title}.", cls="m")
    known = [(cls, share_texts(shares)) for cls, shares in zip("ab", found, strict=True)
             if shares]
    for key in dict.fromkeys(key for _, texts in known for key in texts):
        drawing.lines(next(texts[key][0] for _, texts in known if key in texts), most=1)
        drawing.y -= 1
        for cls, texts in known:
            if key in texts:
                _, share, words = texts[key]
                end = share / 100 * SHARE_BAR
                drawing.shape(cls, box(0, end, drawing.y, 9))
                drawing.text(end + 4, drawing.y + 9, words)
            else:
                drawing.text(0, drawing.y + 9, "not given", "m")
            drawing.y += 11
        drawing.y += 6


def has_demographics(role: Role) -> bool:
    """Return whether the role gives its gender or its race shares."""
    return bool(role.demographics.gender or role.demographics.race)


def demographics_chart(a: Role, b: Role) -> Markup | None:
    """Return gender and race shares (percent of people) of both roles as paired bars, or None.

    Every bar is on the same 0-100% scale; the figures come from `demographics` in the role
    files and are in the Demographics table too.
    """
    groups = [(heading, (getattr(a.demographics, field), getattr(b.demographics, field)))
              for heading, field in (("Gender", "gender"), ("Race", "race"))]
    groups = [(heading, found) for heading, found in groups if found[0] or found[1]]
    if not groups:
        return None
    drawing = Drawing()
    heads(drawing, a, b, 0)
    for role in (a, b):
        if not has_demographics(role):
            drawing.lines(f"Gender and race are not known for {role.title}.", cls="m")
    for heading, found in groups:
        share_group(drawing, heading, (a, b), found)
    known = [r.title for r in (a, b) if has_demographics(r)]
    desc = (f"Shares of people, in percent, known for {' and '.join(known)}. "
            "The figures are in the Demographics table.")
    return document("chart-people", "Gender and race of both roles", desc, drawing)
