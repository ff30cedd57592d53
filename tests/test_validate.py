"""Validation: each message, with its file, line and field, every problem in one run."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from versus.engine.content import load_content, load_roles
from versus.engine.model import ContentError

EXAMPLE = Path(__file__).resolve().parent / "fixtures"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "roles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return [str(p).replace(str(folder) + "/", "") for p in caught.value.problems]


def test_a_minimal_role_is_valid(tmp_path: Path) -> None:
    write(tmp_path, "data-analyst.yaml", "title: Data Analyst\n")
    content = load_content(tmp_path)
    assert [r.title for r in content.roles] == ["Data Analyst"]
    assert content.roles[0].salary.yearly is None


def test_nulls_mean_not_known(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", """
        title: A
        salary: {yearly: null, range: null}
        job_satisfaction: null
        skills: null
        """)
    role = load_content(tmp_path).roles[0]
    assert role.salary.yearly is None and role.skills == () and role.job_satisfaction is None


@pytest.mark.parametrize(("body", "expected"), [
    ("title: A\nsalry: 3\n", "roles/a.yaml:2: salry: unknown field; did you mean salary?"),
    ("title: A\nsalary:\n  range: [130000, 64000]\n",
     "roles/a.yaml:3: salary.range: low (130000) is above high (64000)"),
    ("title: A\nsalary:\n  yearly: lots\n", "roles/a.yaml:3: salary.yearly: expected a number, got text"),
    ("title: A\ntitle: B\n", "roles/a.yaml:2: title: duplicate key; first set on line 1"),
    ("category: X\n", "roles/a.yaml:1: title: is required"),
    ("title: ''\n", "roles/a.yaml:1: title: is empty; leave the field out if it is not known"),
    ("title: A\nskills:\n  - {name: B, share: 120}\n",
     "roles/a.yaml:3: skills[0].share: 120 is above the maximum, 100"),
    ("title: A\nskills:\n  - {share: 12}\n", "roles/a.yaml:3: skills[0].name: is required"),
    ("title: A\noutlook: {jobs: 12.5}\n", "roles/a.yaml:2: outlook.jobs: expected a whole number, got 12.5"),
    # no maximum of its own: past 2**64 the build's caches could not store it (a traceback)
    ("title: A\noutlook: {jobs: 99999999999999999999}\n", "roles/a.yaml:2: outlook.jobs: "
     "99999999999999999999 is above the maximum, 9007199254740992"),
    ("title: A\noutlook: {openings: 1.0e+300}\n", "roles/a.yaml:2: outlook.openings: "
     "1e+300 is above the maximum, 9007199254740992"),
    ("title: A\ndemographics:\n  gender: {Male: 50, Female: 40}\n",
     "roles/a.yaml:3: demographics.gender: shares add up to 90, not 100 (+-1)"),
    ("title: A\njob_satisfaction: 7\n", "roles/a.yaml:2: job_satisfaction: 7 is above the maximum, 5"),
    ("title: A\nsalary:\n  yearly: 0\n", "roles/a.yaml:3: salary.yearly: 0 is no amount of "
     "money (a pay of 0 is never shown); leave the field out if it is not known"),
    ("title: A\nsalary: {range: [0.004, 10]}\n", "roles/a.yaml:2: salary.range[0]: 0.004 is no "
     "amount of money (a pay of 0 is never shown); leave the field out if it is not known"),
    ("title: A\nupdated: '2024-02-30'\n",
     "roles/a.yaml:2: updated: '2024-02-30' is not a day of the calendar, or has spaces around it"),
    ("title: A\nupdated: last week\n",
     "roles/a.yaml:2: updated: expected a date like 2024-06-06, got text"),
    ("title: A\nyears_to_become: 4\n", "roles/a.yaml:2: years_to_become: expected [low, high], got a number"),
    ("title: A\nsources:\n  - {name: S, url: 'javascript:alert(1)'}\n",
     "roles/a.yaml:3: sources[0].url: 'javascript:alert(1)' is not an http, https or mailto link"),
    ("title: A\nx: !!python/object/apply:os.system [ls]\n",
     "roles/a.yaml:2: x: the tag !!python/object/apply:os.system is not allowed"),
    ("title: [unclosed\n", "roles/a.yaml:2: YAML syntax: did not find expected ',' or ']' "
     "(while parsing a flow sequence that starts on line 1)"),
    ("", "roles/a.yaml:1: file is empty"),
    ("# only a comment\n", "roles/a.yaml:1: file is empty"),
    ("- title: A\n", "roles/a.yaml:1: expected a map of fields, got a list"),
])
def test_each_problem_names_file_line_and_field(tmp_path: Path, body: str, expected: str) -> None:
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "a.yaml").write_text(body, encoding="utf-8")
    assert expected in problems_of(tmp_path)


def test_every_problem_in_every_file_is_reported_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", "title: B\nsalary: {yearly: -1}\nsklls: []\n")
    write(tmp_path, "a.yaml", "title: A\noutlook: {growth_rate: 500}\n")
    assert problems_of(tmp_path) == [
        "roles/a.yaml:2: outlook.growth_rate: 500 is above the maximum, 100",
        "roles/b.yaml:2: salary.yearly: -1 is below the minimum, 0",
        "roles/b.yaml:3: sklls: unknown field; did you mean skills?",
    ]


@pytest.mark.parametrize(("name", "message"), [
    ("Data_Analyst.yaml", "a role file's name must be its slug"),
    ("a-vs-b.yaml", "may not contain the word 'vs'"),
    ("analyst.yml", "rename it to analyst.yaml"),
    ("notes.txt", "only .yaml role files belong in this folder"),
])
def test_bad_file_names_are_named(tmp_path: Path, name: str, message: str) -> None:
    write(tmp_path, name, "title: A\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"roles/{name}:1: ") and message in problem


def test_editor_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "title: A\n")
    write(tmp_path, ".a.yaml.swp", "junk")
    write(tmp_path, "a.yaml~", "junk")
    assert [r.slug for r in load_content(tmp_path).roles] == ["a"]


def test_two_roles_with_one_title_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "title: Data Analyst\n")
    write(tmp_path, "b.yaml", "category: X\ntitle: data  analyst\n")
    assert problems_of(tmp_path) == [
        "roles/b.yaml:2: title: 'data  analyst' is also the title of a"]


def test_a_title_taken_twice_names_the_file_loaded_not_the_one_first_parsed(
        tmp_path: Path) -> None:
    # The parse cache is keyed by a file's slug and bytes: a role parsed from another
    # folder (a copy of the content, another --content spelling) came with that path.
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        write(folder, "a.yaml", "title: Data Analyst\n")
        write(folder, "b.yaml", "title: data analyst\n")
    parsed = load_roles(first / "roles").fresh  # what a build keeps, by file key
    assert [str(p) for p in load_roles(second / "roles", parsed).problems] == [
        f"{second}/roles/b.yaml:1: title: 'data analyst' is also the title of a"]


def test_keys_keep_their_text(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "title: A\ndemographics:\n  race: {No: 50, Yes: 50}\n")
    assert load_content(tmp_path).roles[0].demographics.race == (("No", 50), ("Yes", 50))


def test_alias_bombs_are_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    write(tmp_path, "a.yaml", "title: A\n" + "\n".join(lines) + "\n")
    [problem] = problems_of(tmp_path)
    assert "more than 100,000 values" in problem


def test_site_settings_are_validated(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "title: A\n")
    (tmp_path / "site.yaml").write_text("name: S\npairs: some\nbase_ur: x\n", encoding="utf-8")
    assert problems_of(tmp_path) == [
        "site.yaml:2: pairs: expected one of all, category, related, got 'some'",
        "site.yaml:3: base_ur: unknown field; did you mean base_url?",
    ]


def test_the_contracts_example_is_valid(tmp_path: Path) -> None:
    (tmp_path / "roles").mkdir()
    example = EXAMPLE / "example-role.yaml"
    (tmp_path / "roles" / "customer-support-manager.yaml").write_bytes(example.read_bytes())
    role = load_content(tmp_path).roles[0]
    assert role.salary.range == (64000, 130000)
    assert role.demographics.gender == (("Male", 56.9), ("Female", 43.1))


def test_a_quoted_date_is_a_date(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", """
        title: A
        updated: "2024-06-06"
        sources: [{name: S, retrieved: '2024-02-29'}]
        """)
    role = load_content(tmp_path).roles[0]
    assert role.updated == dt.date(2024, 6, 6) and role.sources[0].retrieved == dt.date(2024, 2, 29)


@pytest.mark.parametrize(("value", "message"), [
    ("1_000", "1_000 is a different number, or text, to editors (YAML 1.2); write the number "
              "without underscores, leading zeros or colons, or put text in quotes"),
    ("1e5", "1e5 is text to the build but a number to editors (YAML 1.2); write 100000, or "
            "put text in quotes"),
])
def test_a_number_editors_read_otherwise_is_named_with_what_to_write(
        tmp_path: Path, value: str, message: str) -> None:
    write(tmp_path, "a.yaml", f"title: A\nsalary:\n  yearly: {value}\n")
    assert f"roles/a.yaml:3: salary.yearly: {message}" in problems_of(tmp_path)


@pytest.mark.parametrize("value", ["!!str 0x1F", "!!str -.inf", "!!str 010", "!!str 1e5"])
def test_a_value_tagged_as_text_is_text_to_every_reader(tmp_path: Path, value: str) -> None:
    # The tag is written in the file, so YAML 1.2 editors read text too: no hint to unquote
    # a number (these once raised ValueError, then got that hint).
    write(tmp_path, "a.yaml", f"title: A\ncategory: {value}\nsalary:\n  yearly: {value}\n")
    assert problems_of(tmp_path) == ["roles/a.yaml:4: salary.yearly: expected a number, got text"]


def test_a_problem_quotes_a_long_key_by_its_start_and_length(tmp_path: Path) -> None:
    # A 3,000-character key (`? key`) once made a 3,000-character field name on its line.
    write(tmp_path, "a.yaml", f"title: A\n? {'k' * 3000}\n: 1\ndemographics:\n  gender:\n"
                              f"    {'M' * 300}: 77.4\n")
    first, second = problems_of(tmp_path)
    assert first.startswith(f"roles/a.yaml:2: {'k' * 80}... (3,000 characters): unknown field;")
    assert second == (f"roles/a.yaml:6: demographics.gender.{'M' * 80}... (300 characters): "
                      "is 300 characters long; the limit is 120")


def test_a_number_tagged_in_the_file_still_reads_otherwise_in_yaml_1_2(tmp_path: Path) -> None:
    # `!!int 010` is 8 to the build (YAML 1.1) but 10 to editors (1.2): only !!str, or
    # quotes, make a value read alike to both.
    write(tmp_path, "a.yaml", "title: A\nsalary:\n  yearly: !!int 010\n")
    assert problems_of(tmp_path) == [
        "roles/a.yaml:3: salary.yearly: 010 is a different number, or text, to editors "
        "(YAML 1.2); write the number without underscores, leading zeros or colons, or put "
        "text in quotes"]


def test_quoted_values_are_text_to_every_reader(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "title: '1e5'\ncategory: \"yes\"\n")
    assert load_content(tmp_path).roles[0].category == "yes"


def test_a_problem_quotes_a_long_value_by_its_start_and_length(tmp_path: Path) -> None:
    # A hostile 4,000-digit number once made a 4,000-character line of every message on it.
    write(tmp_path, "a.yaml", f"title: A\nsalary:\n  yearly: {'9' * 4000}\n"
                              f"summary: '[x]({'a' * 3000}.org)'\noutlook:\n  jobs: 1_{'0' * 99}\n")
    assert problems_of(tmp_path) == [
        f"roles/a.yaml:3: salary.yearly: {'9' * 80}... (4,000 characters) is above the "
        "maximum, 1e+08",
        f"roles/a.yaml:4: summary: link target '{'a' * 79}... (3,006 characters) has no scheme,"
        f" so it would lead nowhere; write https://{'a' * 80}... (3,004 characters)",
        f"roles/a.yaml:6: outlook.jobs: 1{'0' * 79}... (100 characters) is above the maximum, "
        "9007199254740992",
        f"roles/a.yaml:6: outlook.jobs: 1_{'0' * 78}... (101 characters) is a different number, "
        "or text, to editors (YAML 1.2); write the number without underscores, leading zeros or "
        "colons, or put text in quotes",
    ]
