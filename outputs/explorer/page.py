"""The explorer's page: one self-contained HTML file around the payload.

vis-network's script and stylesheet come from the pyvis package and are
inlined; the data sits in a ``<script type="application/json">`` element
that cannot end early; a Content Security Policy allows exactly our two
scripts, by hash, and no request at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

from ...base.errors import RenderError

__all__ = ["page"]

_VIS_DIRS = ("templates/lib/vis-9.1.2", "lib/vis-9.1.2")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _script_json(data) -> str:
    """JSON that cannot end the ``<script>`` element it sits in (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple:
    """vis-network's script and stylesheet from the pyvis package, ready to inline."""
    root = resources.files("pyvis")
    for folder in _VIS_DIRS:
        js, css = root.joinpath(folder, "vis-network.min.js"), root.joinpath(folder, "vis-network.css")
        if js.is_file() and css.is_file():
            break
    else:
        raise RenderError("pyvis does not ship vis-network 9.1.2 where expected; reinstall pyvis>=0.3.2")
    js_text = _strip_source_map(js.read_text(encoding="utf-8"))
    css_text = _strip_source_map(css.read_text(encoding="utf-8"))
    if re.search(r"</script|<!--", js_text, re.I) or re.search(r"</style", css_text, re.I):
        raise RenderError("pyvis's vis-network files cannot be inlined safely (they contain '</script>')")
    return js_text, css_text


def _strip_source_map(text: str) -> str:
    # A sourceMappingURL would make developer tools fetch a file next to the page.
    return re.sub(r"^\s*(//|/\*)# sourceMappingURL=.*$", "", text, flags=re.M).rstrip() + "\n"


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, StrictUndefined  # lazy: jinja2 costs ~50 ms, which `cnkg --help` must not pay

    text = resources.files("china_ai_kg.outputs.explorer").joinpath("template.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True, keep_trailing_newline=True, undefined=StrictUndefined)
    return env.from_string(text)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def page(payload: dict, *, title: str, lang: str) -> str:
    """The whole HTML page for *payload* (from :func:`.payload.payload`)."""
    from markupsafe import Markup  # lazy: see _template

    vis_js, vis_css = _vis_assets()
    template = _template()
    # The page script is the template's one block; rendered alone, its bytes are what the page holds.
    app_js = "".join(template.blocks["app_js"](template.new_context()))
    # The CSP allows exactly these two scripts, by hash: an injected inline handler could not run.
    csp = (
        f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    return template.render(
        lang=lang,
        title=title,
        csp=csp,
        ui=payload["ui"],
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data=Markup(_script_json(payload)),
    )
