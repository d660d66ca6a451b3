"""HTTP for SPARQL servers: one request function whose every failure is one line naming the URL.

Credentials come from the caller (the CLI reads the password from an environment variable) or from the
userinfo of the URL; either way they travel in an ``Authorization`` header and never appear in a message:
every URL this module names passes through :func:`redact` first.

>>> redact("http://ann:secret@127.0.0.1:7878/store?graph=x")
'http://127.0.0.1:7878/store?graph=x'
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import ServerError

__all__ = ["Response", "redact", "split_credentials", "request"]

_MAX_ERROR_TEXT = 160


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str  # the media type, lower case, without parameters
    body: bytes
    server: str = ""  # the Server header: what software answered


def redact(url: str) -> str:
    """*url* without its userinfo (``user:password@``)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def split_credentials(url: str) -> tuple:
    """``(url without userinfo, user or None, password or None)``; only http and https URLs are taken."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerError(f"{redact(url)!r} is not an http:// or https:// URL")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return redact(url), user, password


@lru_cache(maxsize=1)
def _opener():
    import urllib.request  # lazy: http.client and ssl cost ~40 ms at start-up, and only servers need them

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # a redirect could carry the credentials elsewhere
            return None

    return urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))


def _message(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:_MAX_ERROR_TEXT] + ("..." if len(text) > _MAX_ERROR_TEXT else "")


def request(method: str, url: str, body: bytes | None = None, *, headers: dict | None = None,
            auth: tuple | None = None, timeout: float | None = 60, ok=(200, 201, 204), missing_ok: bool = False,
            what: str = "the server") -> Response:
    """Send one request; the answer (a 404 with an empty body when *missing_ok*); any other failure raises
    :class:`ServerError` in one line naming the URL (redacted) and the problem.

    *auth* is ``(user, password)`` for HTTP basic authentication; userinfo in *url* is used when *auth* is not
    given.  Proxies from the environment are ignored and redirects are not followed.
    """
    import urllib.error  # lazy: see _opener
    import urllib.request

    url, user, password = split_credentials(url)
    if auth is None and user is not None:
        auth = (user, password or "")
    head = dict(headers or {})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        head["Authorization"] = f"Basic {token}"
    req = urllib.request.Request(url, data=body, headers=head, method=method)
    try:
        with _opener().open(req, timeout=timeout or None) as answer:
            status, content_type, data = answer.status, answer.headers.get_content_type(), answer.read()
            software = answer.headers.get("Server", "")
    except urllib.error.HTTPError as e:
        if e.code == 404 and missing_ok:
            return Response(404, e.headers.get_content_type(), b"", e.headers.get("Server", ""))
        if e.code in (401, 403):
            raise ServerError(f"{url}: {what} refused the credentials (HTTP {e.code}); "
                              "check the user and the password variable") from None
        detail = _message(e.read() or b"")
        raise ServerError(f"{url}: {what} answered HTTP {e.code}" + (f": {detail}" if detail else "")) from None
    except TimeoutError:
        raise ServerError(f"{url}: no answer from {what} within {timeout:g} s") from None
    except urllib.error.URLError as e:
        reason = e.reason.strerror if isinstance(e.reason, OSError) and e.reason.strerror else e.reason
        raise ServerError(f"{url}: cannot reach {what} ({reason})") from None
    except (OSError, ValueError) as e:
        raise ServerError(f"{url}: cannot reach {what} ({type(e).__name__}: {e})") from None
    if status not in ok:
        raise ServerError(f"{url}: {what} answered HTTP {status}, expected {' or '.join(map(str, ok))}")
    return Response(status, content_type, data, software)
