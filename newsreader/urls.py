"""One spelling per web address, so that two links to one page compare equal.

A core module (no imports from the rest of newsreader), so that the store as
well as the related-link resolver can use it without an import cycle.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "igshid", "cmpid", "ocid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """One spelling per address: scheme/host lower case, no default port,
    no fragment, no ``utm_*``/click-tracking parameters, no trailing slash.

    Returns None for something that is not an absolute http(s) address.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = re.sub(r"/+$", "", parts.path) or ""
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_variants(url: str) -> list[str]:
    """The spellings a store may hold for one address, the given one first."""
    canonical = canonical_url(url)
    variants = [url.strip()]
    if canonical:
        other_scheme = "http" + canonical[5:] if canonical.startswith("https:") else "https" + canonical[4:]
        for form in (canonical, canonical + "/", other_scheme, other_scheme + "/"):
            if "?" in form and form.endswith("/"):
                continue
            variants.append(form)
    return list(dict.fromkeys(variants))
