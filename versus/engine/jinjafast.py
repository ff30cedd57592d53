"""Jinja2's work on every page made cheaper, the output the same: calls and template globals.

A comparison page is rendered by the hundred thousand, and Jinja2 spends a part of each on
things that never change within a build: whether a function wants the context passed, and
the chain of template and environment globals. Both are settled here once.
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2
from jinja2.runtime import Context
from jinja2.utils import internalcode

# Functions and methods that may carry Jinja2's `pass_context` (and kin) mark: a builtin
# cannot (it has no attributes of its own), a Python function only in its __dict__.
_MARKED = "jinja_pass_arg"


def is_plain(function: Any) -> bool:
    """Return whether calling `function` from a template is a plain call: a function, method
    or callable object that neither asks for the context, the eval context nor the
    environment (Jinja2 looks for its mark on the object, then on its `__call__`)."""
    kind = type(function)
    if kind is MethodType:
        function, kind = function.__func__, type(function.__func__)
    if kind is BuiltinFunctionType:
        return True
    if kind is FunctionType:
        return _MARKED not in function.__dict__
    # A callable object: the method itself is looked at, not whether there is one.
    call = getattr(kind, "__call__", None)  # noqa: B004
    return (type(call) is FunctionType and _MARKED not in call.__dict__
            and not hasattr(function, _MARKED))


class PlainCallContext(Context):
    """A template context whose plain calls (`is_plain`) skip Jinja2's own inspection of
    what each wants passed, 30 calls a comparison page; anything else is called as Jinja2
    calls it."""

    @internalcode  # left out of template tracebacks, as Jinja2's own
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # the names Jinja2 uses
        """Return `__obj` called with `args` (Jinja2's `Context.call`, the same result)."""
        # A plain function or method, most of what a page calls, is told here without a call.
        function = __obj.__func__ if type(__obj) is MethodType else __obj
        if not ((type(function) is FunctionType and _MARKED not in function.__dict__)
                or is_plain(__obj)):
            return Context.call(__self, __obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja2 does: the value is undefined
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


def settle_globals(template: jinja2.Template) -> None:
    """Give `template` its globals as one dict rather than Jinja2's chain of the template's
    over the environment's, which every render copies name by name through Python.

    To be called once the environment's globals are complete: later changes to them no
    longer reach the template.
    """
    template.globals = dict(template.globals)
