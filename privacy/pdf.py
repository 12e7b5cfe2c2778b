"""All of a resident's data as a readable PDF (right of access), in plain Dutch.

fpdf2 (pure Python) with DejaVu Sans shipped in privacy/fonts, so every character of a Dutch
name or address prints, on any machine. The content is the same as the JSON download.
"""

from pathlib import Path
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from privacy.export import resident_data
from referrals.models import Outcome, Status
from residents.models import Resident

FONTS = Path(__file__).resolve().parent / "fonts"


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, _("Page %(n)s") % {"n": self.page_no()}, align="C")


def resident_pdf(resident: Resident) -> bytes:
    data = resident_data(resident)
    pdf = _Document(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("My data on ontschot"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, new_x="LMARGIN", new_y="NEXT", text=_("My data on ontschot"))
    pdf.set_font("DejaVu", size=10)
    made = formats.date_format(timezone.localtime(), "j F Y H:i")
    made_for = _("Made on %(date)s for %(name)s.") % {"date": made, "name": resident.full_name}
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=made_for)
    for title, lines in _sections(data, resident.full_name):
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, new_x="LMARGIN", new_y="NEXT", text=title)
        pdf.set_font("DejaVu", size=10)
        for line in lines or [_("Nothing.")]:
            pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=line)
    return bytes(pdf.output())


def _sections(data: dict[str, Any], name: str) -> list[tuple[str, list[str]]]:
    person = data["resident"]
    address = person["address"]
    details = [
        f"{_('Name')}: {name}",
        f"{_('Date of birth')}: {_date(person['date_of_birth'])}",
        f"{_('Address')}: {address['street']} {address['house_number']}, {address['postcode']} {address['place']}",
        f"{_('E-mail address')}: {person['email'] or '—'}",
        f"{_('Phone number')}: {person['phone'] or '—'}",
    ]
    if person["bsn"]:
        details.append(f"{_('BSN')}: {person['bsn']}")
    return [
        (_("My details"), details),
        (_("My household"), [f"{m['name']} ({m['relationship']})" for m in data["household"]]),
        (_("Who is involved"), [f"{m['organization']} — {m['role']}" for m in data["care_team"]]),
        (_("My consents"), [_consent_line(c) for c in data["consents"]]),
        (_("My referrals"), [_referral_line(r) for r in data["referrals"]]),
        (
            _("Emergency accesses"),
            [
                f"{_date(b['from'])}: {b['organization']} — {b['reason']}"
                for b in data["emergency_accesses"]
            ],
        ),
        (_("Who used my data"), [f"{entry['description']}." for entry in data["access_log"]]),
    ]


def _consent_line(consent: dict[str, Any]) -> str:
    state = (
        _("counts now") if consent["status"] == "active" and not consent["revoked"] else _("ended")
    )
    return f"{consent['to']}: {consent['purpose']} ({', '.join(consent['categories'])}) — {state}"


def _referral_line(referral: dict[str, Any]) -> str:
    line = _(
        "%(number)s, %(date)s: %(sender)s referred you to %(receiver)s. Status: %(status)s."
    ) % {
        "number": referral["number"],
        "date": _date(referral["sent"]),
        "sender": referral["from"],
        "receiver": referral["to"],
        "status": Status(referral["status"]).label,
    }
    if referral["outcome"]:
        line += " " + _("Result: %(outcome)s.") % {"outcome": Outcome(referral["outcome"]).label}
    if referral["activities"]:
        names = ", ".join(a["name"] for a in referral["activities"])
        line += " " + _("Activities: %(names)s.") % {"names": names}
    return line


def _date(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else "—"
