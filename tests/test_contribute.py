"""A contributor's commands: `new` a role, `check` it, build it; the committed schema is current."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from test_cli import ROOT, run

from versus.authoring.scaffold import SCHEMA_FILE, schema_text, slug_of
from versus.engine.schema import ROLE_FIELDS, ListOf, Record

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/role.schema.json"
BROKEN = "title: Support Lead\nsalary:\n  range: [130000, 64000]\nsalry: 3\n"


def empty_record(spec: Record) -> dict[str, object]:
    """Return a record as `new` writes it: every field empty, a nested record's too."""
    return {name: empty_record(sub) if isinstance(sub, Record) else None
            for name, sub in spec.fields.items()}


def test_new_writes_every_field_empty_and_explained_and_it_builds(project: Path) -> None:
    result = run("new", "Data Analyst", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "content/roles/data-analyst.yaml"
    assert "content/roles/data-analyst.yaml" in result.stdout
    text = path.read_text("utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert text.splitlines()[0].endswith("/schema/role.schema.json")
    data = yaml.safe_load(text)
    assert list(data) == list(ROLE_FIELDS) and data["title"] == "Data Analyst"
    for name, spec in ROLE_FIELDS.items():
        if isinstance(spec, Record):
            assert data[name] == empty_record(spec)
        elif name != "title":
            assert data[name] is None
        if isinstance(spec, ListOf) and isinstance(spec.item, Record):
            assert all(f"{field}:" in text for field in spec.item.fields)
    assert "# average annual salary, USD\n  yearly:\n" in text  # the schema's own words

    check = run("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Checked 7 roles and the templates: no problems." in check.stdout
    build = run(cwd=project)
    assert build.returncode == 0, build.stderr
    assert (project / "site/roles/data-analyst/index.html").is_file()


def test_new_refuses_to_overwrite_or_to_make_a_forbidden_name(project: Path) -> None:
    path = project / "content/roles/support-lead.yaml"
    before = path.read_bytes()
    result = run("new", "Support Lead", cwd=project)
    assert result.returncode == 1
    assert result.stderr == ("content/roles/support-lead.yaml: already exists; edit it, or "
                             "choose another title\n")
    assert path.read_bytes() == before
    refused = run("new", "Python vs Java Developer", cwd=project)
    assert refused.returncode == 2
    assert "python-vs-java-developer.yaml: a slug may not contain the word 'vs'" in refused.stderr
    assert run("new", "???", cwd=project).returncode == 2
    assert sorted(p.name for p in (project / "content/roles").iterdir()) == sorted(
        p.name for p in (ROOT / "content/roles").iterdir())


def test_slugs_come_from_titles() -> None:
    assert slug_of("Data Analyst") == "data-analyst"
    assert slug_of("  Café Owner / Chef (Senior) ") == "cafe-owner-chef-senior"


def test_check_lists_problems_as_text_and_as_github_annotations(project: Path) -> None:
    (project / "content/roles/support-lead.yaml").write_text(BROKEN, encoding="utf-8")
    before = sorted(p.name for p in project.iterdir())
    text = run("check", cwd=project)
    assert text.returncode == 1
    assert text.stdout.splitlines() == [
        "content/roles/support-lead.yaml:3: salary.range: low (130000) is above high (64000)",
        "content/roles/support-lead.yaml:4: salry: unknown field; did you mean salary?",
        "Checked the roles and the templates: 2 problems in 1 file.",
    ]
    github = run("check", "--format", "github", cwd=project)
    assert github.returncode == 1
    assert github.stdout.splitlines() == [
        "::error file=content/roles/support-lead.yaml,line=3,title=salary.range::"
        "low (130000) is above high (64000)",
        "::error file=content/roles/support-lead.yaml,line=4,title=salry::"
        "unknown field; did you mean salary?",
    ]
    assert sorted(p.name for p in project.iterdir()) == before  # nothing written


def test_check_finds_a_broken_template(project: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    role = templates / "role.html"
    role.write_text(role.read_text("utf-8").replace("{% endblock %}", "{% endblok %}", 1),
                    encoding="utf-8")
    from versus.authoring.check import check_site

    content, problems = check_site(project / "content", templates, ROOT / "static")
    assert content is not None and len(problems) == 1
    assert problems[0].path.endswith("templates/role.html") and problems[0].line > 1
    assert "endblok" in problems[0].message


def test_strict_makes_warnings_problems(project: Path) -> None:
    from versus.authoring.check import lint_warnings
    from versus.engine.content import load_content

    # Customer Support Operations Manager has no figures: a warning, not a problem.
    [warning] = lint_warnings(load_content(project / "content"))
    assert "customer-support-operations-manager" in warning.path
    assert run("check", cwd=project).returncode == 0
    for args in (["check", "--strict"], ["--strict", "-q"], ["build", "--strict"]):
        result = run(*args, cwd=project)
        assert result.returncode == 1, result.stderr
        assert "no salary, outlook, education or demographics figure" in (
            result.stdout + result.stderr)
        assert "Traceback" not in result.stderr
    assert run("check", "--format", "xml", cwd=project).returncode == 2
    assert run("frobnicate", cwd=project).returncode == 2
    assert run("import", "--help", cwd=project).returncode == 0  # the importer's own help


def test_the_committed_schema_is_what_the_format_generates() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == schema_text(), (
        "schema/role.schema.json is out of date: run `python build.py schema`")


def test_every_role_file_points_editors_at_the_schema() -> None:
    for path in (ROOT / "content/roles").glob("*.yaml"):
        assert path.read_text("utf-8").splitlines()[0] == SCHEMA_LINE, path
        assert (path.parent / SCHEMA_LINE.partition("=")[2]).resolve() == SCHEMA_FILE
