"""Deterministic generated roles that fill every field, for benchmarks and scale tests."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from ..engine.rolefile import slug_words

WORDS = ("Support", "Operations", "Data", "Sales", "Product", "Finance", "People", "Quality",
         "Security", "Platform", "Field", "Account", "Research", "Supply", "Content", "Brand")
HEADS = ("Manager", "Lead", "Analyst", "Specialist", "Coordinator", "Director", "Engineer",
         "Associate", "Consultant", "Administrator")
CATEGORIES = ("Executive Management", "Operations", "Customer Service", "Technology",
              "Finance", "Sales and Marketing", "Human Resources", "Engineering")
SKILLS = ("Project Management", "CRM", "Technical Support", "Salesforce", "Customer Service",
          "Account Management", "Logistics", "Continuous Improvement", "SQL", "Budgeting",
          "Scheduling", "Forecasting", "Coaching", "Negotiation", "Reporting", "Python")


def fake_title(i: int) -> str:
    """Return the i-th title: unique for every i."""
    first, rest = WORDS[i % len(WORDS)], i // len(WORDS)
    head, level = HEADS[rest % len(HEADS)], rest // len(HEADS)
    return f"{first} {head}" + (f" {level + 1}" if level else "")


def fake_role(i: int) -> dict[str, object]:
    """Return the data of a role file that fills every field of the format."""
    rng = random.Random(i)
    yearly = rng.randrange(35_000, 190_000)
    low = rng.randrange(25, 35) * 1000
    male = round(rng.uniform(20, 80), 1)
    race = [rng.uniform(1, 10) for _ in range(5)]
    race_shares = [round(r / sum(race) * 100, 1) for r in race]
    race_shares[0] = round(100 - sum(race_shares[1:]), 1)
    return {
        "title": fake_title(i),
        "category": CATEGORIES[rng.randrange(len(CATEGORIES))],
        "summary": (f"Runs the *{fake_title(i).lower()}* work of a team: plans it, checks "
                    "the results and keeps everyone informed. Reports to senior leadership "
                    "and works with [other teams](https://example.org/) every day."),
        "salary": {"yearly": yearly, "hourly": round(yearly / 2080, 2),
                   "range": [low, yearly + rng.randrange(20_000, 60_000)],
                   "highest_paying_city": "Seattle, WA", "highest_paying_state": "Washington",
                   "best_paying_company": "Amazon", "best_paying_industry": "Finance"},
        "outlook": {"growth_rate": rng.randrange(-5, 20), "jobs": rng.randrange(1000, 500_000)},
        "job_satisfaction": rng.choice([None, 3, 4, 5]),
        "years_to_become": [rng.randrange(1, 4), rng.randrange(4, 8)],
        "experience_years": rng.randrange(1, 10),
        "education": {"degree": "Bachelor's Degree", "degree_share": rng.randrange(40, 80),
                      "major": "Business", "college": "University of Pennsylvania"},
        "demographics": {
            "average_age": rng.randrange(30, 50),
            "gender": {"Male": male, "Female": round(100 - male, 1)},
            "race": dict(zip(("White", "Hispanic or Latino", "Black or African American",
                              "Asian", "Unknown"), race_shares, strict=True)),
            "lgbt": rng.randrange(3, 15)},
        # Like the example role: plain sentences, now and then with inline Markdown.
        "responsibilities": [f"Own the {'*' * (n == 0)}{w.lower()}{'*' * (n == 0)} plan and "
                             "report on it each month."
                             for n, w in enumerate(rng.sample(WORDS, 6))],
        "skills": [{"name": s, "share": 12 - n} for n, s in enumerate(rng.sample(SKILLS, 6))],
        "tools": [{"category": "CRM systems", "examples": ["Salesforce", "Zendesk", "HubSpot"]},
                  {"category": "Ticketing systems", "examples": ["Jira", "ServiceNow"]}],
        "career_path": [{"stage": "Entry-level", "roles": [fake_title(i + 1)]},
                        {"stage": "Senior", "roles": [fake_title(i + 2), "Director"]}],
        "best_practices": ["Write things down.", "Measure before changing anything."],
        "sources": [{"name": "Generated", "url": "https://example.org/",
                     "retrieved": "2024-06-06"}],
        "updated": "2024-06-06",
    }


def write_fake_content(folder: Path, count: int) -> list[Path]:
    """Write `count` generated roles and a site.yaml into `folder`; return the role files."""
    roles = folder / "roles"
    roles.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text("name: Benchmark\nbase_url: https://bench.example/\n",
                                      encoding="utf-8")
    paths = []
    for i in range(count):
        data = fake_role(i)
        path = roles / f"{'-'.join(slug_words(str(data['title'])))}.yaml"
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path.write_text(text.replace("'2024-06-06'", "2024-06-06"), encoding="utf-8")
        paths.append(path)
    return paths
