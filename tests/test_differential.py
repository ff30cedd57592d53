"""The proof that rebuilds are exact: random sequences of changes, each incremental build
compared byte for byte with a cold build of the same input.

The changes are what people do: edit any field of any role, add, remove or rename a role,
edit a template to show another field, edit a static file or a setting, add a root file,
delete or alter a file in the output. `VERSUS_DIFFERENTIAL_EXAMPLES=2000` runs more.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)

from versus.bench.fake import fake_role
from versus.engine.build import BuildOptions, build_site

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("VERSUS_DIFFERENTIAL_EXAMPLES", "12"))

# (template, text to find, text to show another field there): each one a template edit that
# makes a page show what it did not show before.
TEMPLATE_EDITS = (
    ("index.html", "{{ r.title }}</a>", "{{ r.title }}</a> {{ r.cells.growth }}"),
    ("index.html", "<h1>", "<h1>{{ roles|length }} "),
    ("role.html", "<h1>{{ role.title }}</h1>", "<h1>{{ role.title }}</h1>{{ role.cells.jobs }}"),
    ("role.html", "{{ other.title }}</a>", "{{ other.title }} ({{ other.slug }})</a>"),
    ("compare.html", "</h1>", "</h1><p>{{ a.cells.major }} / {{ b.cells.college }}</p>"),
    ("_parts.html", "{% macro skills(r) %}", "{% macro skills(r) %}{{ r.cells.age }}"),
    ("base.html", '<main id="content"', '<main class="edited" id="content"'),
    ("404.html", "<h1>Page not found</h1>", "<h1>Nothing at {{ site.base_url }}</h1>"),
)

FIELD_EDITS: dict[str, Any] = {
    "salary.yearly": st.integers(20_000, 300_000),
    "outlook.growth_rate": st.integers(-20, 40),
    "outlook.jobs": st.integers(100, 900_000),
    "category": st.sampled_from(["Operations", "Technology", "Finance"]),
    "summary": st.sampled_from(["Plans the work.", "Runs *the* team.", "Keeps things going."]),
    "education.major": st.sampled_from(["Business", "History", "Physics"]),
    "education.college": st.sampled_from(["Ohio State University", "MIT"]),
    "demographics.average_age": st.integers(25, 60),
    "skills": st.lists(st.sampled_from(["SQL", "Coaching", "Budgeting", "Python"]),
                       unique=True, max_size=3).map(lambda names: [{"name": n} for n in names]),
}

SETTINGS = {
    "name": st.sampled_from(["Careers", "Jobs compared"]),
    "related_per_role": st.integers(1, 4),
    "pairs": st.sampled_from(["all", "category"]),
    "max_pairs_per_role": st.sampled_from([None, 1, 2, 3]),
    "pretty_urls": st.booleans(),
}


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file below `folder` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def set_field(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set `a.b` in nested role data."""
    *parents, last = dotted.split(".")
    for name in parents:
        data = data.setdefault(name, {})
    data[last] = value


class Rebuilds(RuleBasedStateMachine):
    """A site changed step by step; after each step, incremental equals cold."""

    slugs = Bundle("slugs")

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="versus-differential-"))
        self.content, self.out = self.root / "content", self.root / "site"
        (self.content / "roles").mkdir(parents=True)
        shutil.copytree(ROOT / "templates", self.root / "templates")
        shutil.copytree(ROOT / "static", self.root / "static")
        self.settings: dict[str, Any] = {"name": "Careers", "base_url": "https://example.org/"}
        self.roles: dict[str, dict[str, Any]] = {}
        self.counter = itertools.count(1)
        self.template_edits: set[int] = set()
        self.write_settings()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def options(self, out: Path) -> BuildOptions:
        return BuildOptions(content=self.content, out=out, templates=self.root / "templates",
                            static=self.root / "static", jobs=1)

    def write_settings(self) -> None:
        settings = {k: v for k, v in self.settings.items() if v is not None}
        (self.content / "site.yaml").write_text(yaml.safe_dump(settings), "utf-8")

    def write_role(self, slug: str) -> None:
        path = self.content / "roles" / f"{slug}.yaml"
        text = yaml.safe_dump(self.roles[slug], sort_keys=False)
        path.write_text(text.replace("'2024-06-06'", "2024-06-06"), "utf-8")  # a date, unquoted

    @rule(target=slugs, seed=st.integers(0, 10_000))
    def add_role(self, seed: int) -> str:
        number = next(self.counter)
        slug = f"role-{number}"
        data = fake_role(seed)
        data["title"] = f"Role {number}"
        data["career_path"] = [{"stage": "Next", "roles": [f"Role {number + 1}", "Role 1"]}]
        self.roles[slug] = data
        self.write_role(slug)
        return slug

    @rule(slug=slugs, field=st.sampled_from(sorted(FIELD_EDITS)), data=st.data())
    def edit_field(self, slug: str, field: str, data: st.DataObject) -> None:
        if slug in self.roles:
            set_field(self.roles[slug], field, data.draw(FIELD_EDITS[field]))
            self.write_role(slug)

    @rule(slug=consumes(slugs))
    def remove_role(self, slug: str) -> None:
        if slug in self.roles:
            del self.roles[slug]
            (self.content / "roles" / f"{slug}.yaml").unlink()

    @rule(target=slugs, slug=consumes(slugs))
    def rename_role(self, slug: str) -> str:
        if slug not in self.roles:
            return slug
        new = f"renamed-{next(self.counter)}"
        (self.content / "roles" / f"{slug}.yaml").rename(self.content / "roles" / f"{new}.yaml")
        self.roles[new] = self.roles.pop(slug)
        return new

    @rule(which=st.integers(0, len(TEMPLATE_EDITS) - 1))
    def toggle_template_edit(self, which: int) -> None:
        name, plain, edited = TEMPLATE_EDITS[which]
        path = self.root / "templates" / name
        text = path.read_text("utf-8")
        if which in self.template_edits:
            path.write_text(text.replace(edited, plain, 1), "utf-8")
            self.template_edits.discard(which)
        else:
            assert plain in text, f"{name} no longer holds {plain!r}: update TEMPLATE_EDITS"
            path.write_text(text.replace(plain, edited, 1), "utf-8")
            self.template_edits.add(which)

    @rule(line=st.sampled_from(["a { color: red; }", "p { margin: 0; }"]))
    def edit_static(self, line: str) -> None:
        with (self.root / "static" / "style.css").open("a", encoding="utf-8") as handle:
            handle.write(f"\n{line}\n")

    @rule(name=st.sampled_from(sorted(SETTINGS)), data=st.data())
    def edit_setting(self, name: str, data: st.DataObject) -> None:
        self.settings[name] = data.draw(SETTINGS[name])
        self.write_settings()

    @rule(text=st.sampled_from(["careers.example.org\n", "jobs.example.org\n", None]))
    def root_file(self, text: str | None) -> None:
        path = self.content / "root" / "CNAME"
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, "utf-8")

    @rule(pick=st.integers(0, 10_000), delete=st.booleans())
    def damage_output(self, pick: int, delete: bool) -> None:
        files = sorted(p for p in self.out.rglob("*") if p.is_file()) if self.out.is_dir() else []
        if files:
            path = files[pick % len(files)]
            time.sleep(0.01)  # as a person would: after the build, not within its last tick
            path.unlink() if delete else path.write_bytes(b"edited by hand\n")

    @invariant()
    def incremental_equals_cold(self) -> None:
        before = tree(self.out) if self.out.is_dir() else {}
        result = build_site(self.options(self.out))
        after = tree(self.out)
        cold = self.root / f"cold-{next(self.counter)}"
        build_site(self.options(cold))
        assert after == tree(cold)
        # "N written" counts the files whose bytes changed, no more, whatever the way
        # (in place, staged and linked, digests believed or compared).
        assert result.written == sum(before.get(path) != data for path, data in after.items())
        shutil.rmtree(cold)


Rebuilds.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestRebuilds = Rebuilds.TestCase
