"""E-mail addresses (scanned after the URLs with a scheme, before bare domains: see links._links)."""

from __future__ import annotations

from .common import _Mask, Quantity, _lazy, _q


_EMAIL_RE = _lazy(r"(?<![\w.+-])(?:mailto:)?([\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+)")


def _scan_emails(text: str, mask: _Mask) -> list[Quantity]:
    """The e-mail addresses in characters no URL has taken; value: the lower-cased address."""
    emails: list[Quantity] = []
    for m in (_EMAIL_RE.finditer(text) if "@" in text else ()):
        s, e = m.span()
        if not mask.free(s, e):
            continue
        mask.take(s, e)
        emails.append(_q(text, "email", m.group(1).lower(), s, e))
    return emails
