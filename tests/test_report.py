"""Size warnings near hosting limits."""

from __future__ import annotations

from versus.engine.report import size_report, size_warnings


def test_small_sites_get_no_warning() -> None:
    assert size_warnings(27, 200_000) == []
    assert size_warnings(17_999, 899_000_000) == []


def test_near_or_over_a_limit_warns_with_the_figures() -> None:
    [files] = size_warnings(20_106, 200_000_000)
    assert "20,106 files" in files and "20,000" in files and "pairs: category" in files
    [size] = size_warnings(100, 950_000_000)
    assert "0.95 GB" in size
    assert len(size_warnings(345_696, 3_500_000_000)) == 2


def test_the_report_states_files_and_bytes_against_each_host() -> None:
    assert size_report(12_644, 183_600_000) == (
        "63% of Cloudflare Pages' 20,000 files a deploy, 18% of GitHub Pages' 1 GB")
