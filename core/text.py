"""Plain text typed by people: checked once, the same way for pages and the API."""

import re

from django.utils.translation import gettext as _

# A tag or a script-like construct: plain-text fields never need one, and refusing them keeps
# a pasted script out of every system these texts travel to (e-mails, FHIR, exports).
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|javascript\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextError(ValueError):
    """The text cannot be accepted; the message says why, for the user."""


def clean_plain_text(value: object, label: str, *, max_length: int, required: bool = False) -> str:
    """The text stripped, or TextError: missing when required, too long, or containing markup."""
    text = _CONTROL.sub("", str(value or "")).strip()
    if required and not text:
        raise TextError(_("Fill in: %(field)s.") % {"field": label})
    if len(text) > max_length:
        raise TextError(
            _("%(field)s is too long: at most %(max)d characters, now %(count)d.")
            % {"field": label, "max": max_length, "count": len(text)}
        )
    if _MARKUP.search(text):
        raise TextError(
            _("%(field)s may not contain HTML or script code. Write it as plain text.")
            % {"field": label}
        )
    return text
