"""Templates print prepared markup as it is and escape everything else, as Jinja would."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from versus.engine.markup import as_html
from versus.engine.render import load_templates, make_environment

VALUES = (Markup("<em>kept</em>"), '<script>"x" & \'y\'</script>', 3, None)


def test_the_templates_print_through_as_html_and_print_what_jinja_prints(
        tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{% for v in values %}[{{ v }}]{% endfor %}.")
    templates = load_templates(make_environment(tmp_path, tmp_path / "cache"))
    page = templates["page.html"]
    # A Jinja that compiled `{{ }}` otherwise would leave the templates as they are: told here.
    assert page.root_render_func.__globals__["escape"] is as_html
    stock = jinja2.Environment(autoescape=True).from_string(
        (tmp_path / "page.html").read_text())
    assert page.render(values=VALUES) == stock.render(values=VALUES) == (
        "[<em>kept</em>][&lt;script&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/script&gt;][3][None].")
