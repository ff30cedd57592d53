"""Templates print prepared markup as it is and escape everything else, as Jinja would."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from versus.engine.jinjafast import PlainCallContext, is_plain
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


class Shout:
    """A callable object that asks for nothing."""

    def __call__(self, text: str) -> str:
        return text.upper()


class Named:
    """A callable object whose call asks for the template's context."""

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, text: str) -> str:
        return f"{context['name']}/{text}"


def stops() -> str:
    raise StopIteration


@jinja2.pass_context
def with_context(context: jinja2.runtime.Context, text: str) -> str:
    return f"{context['name']}:{text}"


@jinja2.pass_environment
def with_environment(environment: jinja2.Environment, text: str) -> str:
    return f"{environment.autoescape}:{text}"


CALLS = ("{% set name = 'set' %}{{ plain('a') }} {{ ctx('b') }} {{ env('c') }} {{ shout('d') }} "
         "{{ named('e') }} {{ method('f') }} {{ builtin(-7) }} [{{ stops() }}] {{ self.t() }}"
         "{% block t %}{{ ctx('g') }}{% endblock %}")


def test_plain_calls_get_what_jinja_would_pass_and_the_same_output() -> None:
    names = {"plain": lambda text: text.upper(), "ctx": with_context, "env": with_environment, "shout": Shout(),
             "named": Named(), "method": "x{}".format, "builtin": abs, "stops": stops,
             "name": "given"}
    stock = jinja2.Environment(autoescape=True)
    fast = jinja2.Environment(autoescape=True)
    fast.context_class = PlainCallContext
    expected = stock.from_string(CALLS).render(names)
    assert fast.from_string(CALLS).render(names) == expected == (
        "A set:b True:c D set/e xf 7 [] set:gset:g")


def test_only_calls_that_ask_for_nothing_are_plain() -> None:
    assert all(is_plain(f) for f in ("{}".format, abs, stops, Shout(),
                                     Shout().__call__, lambda: 1))
    # str.upper is a descriptor: not plain, only slower, as is anything not looked into
    assert not any(is_plain(f) for f in (with_context, with_environment, Named(), dict,
                                         str.upper))


def test_the_templates_keep_their_globals_in_one_dict_and_render_alike(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{{ greet }} {{ range(2)|list }}")
    env = make_environment(tmp_path, tmp_path / "cache")
    env.globals["greet"] = "hi"
    page = load_templates(env)["page.html"]
    assert type(page.globals) is dict and page.render() == "hi [0, 1]"
