"""Phone numbers (international, North American): found so that their digits are not read as counts."""

from __future__ import annotations

from .common import _lazy


_PHONE_RE = _lazy(
    r"\+[0-9]{1,3}(?:[ .\-]?\(?[0-9]{1,4}\)?){2,6}(?![\w])"
    r"|\((?<![\w]\()[0-9]{3}\)[ ]?[0-9]{3}[\-. ][0-9]{4}(?![\w])"
    r"|[0-9](?<![\w\-.][0-9])[0-9]{2}[\-.][0-9]{3}[\-.][0-9]{4}(?![\w\-]|\.[0-9])"
)
