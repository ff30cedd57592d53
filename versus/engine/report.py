"""What a build tells as it goes, and warnings for a site that nears what hosts accept."""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    """What a build tells as it goes: handed in by whoever runs it (a progress bar, a log)."""

    def expect(self, pages: int) -> None:
        """Hear how many pages the build will go through."""

    def advance(self, pages: int) -> None:
        """Hear that `pages` more pages are done."""

    def notice(self, line: str) -> None:
        """Hear one line worth telling the person who runs the build."""


class Quiet:
    """A reporter that tells nobody anything."""

    def expect(self, pages: int) -> None:
        """Ignore the total."""

    def advance(self, pages: int) -> None:
        """Ignore progress."""

    def notice(self, line: str) -> None:
        """Ignore the notice."""

NEAR = 0.9  # warn from this share of a limit on, before a deploy fails

FILE_LIMITS = (
    (20_000, "Cloudflare Pages takes at most 20,000 files per deploy"),
)
BYTE_LIMITS = (
    (1_000_000_000, "GitHub Pages asks for sites under 1 GB"),
)


def size_report(files: int, size: int) -> str:
    """Return the site's files and bytes as shares of each host's limit, for the summary."""
    shares = [f"{files / limit:.0%} of {rule.split(' takes')[0]}' {limit:,} files a deploy"
              for limit, rule in FILE_LIMITS]
    shares += [f"{size / limit:.0%} of {rule.split(' asks')[0]}' {limit / 1e9:g} GB"
               for limit, rule in BYTE_LIMITS]
    return ", ".join(shares)


def size_warnings(files: int, size: int) -> list[str]:
    """Return a line for each hosting limit the site is over or near."""
    lines = []
    for limit, rule in FILE_LIMITS:
        if files >= NEAR * limit:
            lines.append(f"warning: the site has {files:,} files; {rule}. A pair policy "
                         "(`pairs: related`, `pairs: category`, `max_pairs_per_role`) makes "
                         "fewer, or build it in shards (docs/examples/publish-sharded.yml).")
    for limit, rule in BYTE_LIMITS:
        if size >= NEAR * limit:
            lines.append(f"warning: the site is {size / 1e9:.2f} GB; {rule}.")
    return lines
