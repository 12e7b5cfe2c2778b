"""Fail when the Dutch catalogue is out of date, incomplete, fuzzy, or not compiled.

Runs `makemessages` for nl, compares the extracted messages with the committed catalogue, and
restores the committed file, so the check leaves the work tree as it found it.
"""

import os
import sys
from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontschot.settings")
    django.setup()
    from django.core.management import call_command

    committed_text = PO.read_text(encoding="utf-8")
    committed = polib.pofile(committed_text)
    try:
        call_command(
            "makemessages",
            locale=["nl"],
            no_obsolete=True,
            add_location="file",
            verbosity=0,
            ignore_patterns=[".venv/*", "node_modules/*", "staticfiles/*"],
        )
        extracted = keys(polib.pofile(str(PO)))
    finally:
        PO.write_text(committed_text, encoding="utf-8")

    problems = []
    if added := extracted - keys(committed):
        problems.append(
            f"{len(added)} new message(s) not in locale/nl: {sorted(m for _c, m in added)[:5]}"
        )
    if removed := keys(committed) - extracted:
        problems.append(
            f"{len(removed)} message(s) no longer used: {sorted(m for _c, m in removed)[:5]}"
        )
    untranslated = [e.msgid for e in committed.untranslated_entries()]
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated: {untranslated[:5]}")
    fuzzy = [e.msgid for e in committed.fuzzy_entries()]
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy: {fuzzy[:5]}")
    compiled = (
        {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO))}
        if MO.exists()
        else {}
    )
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in committed.translated_entries()
    }
    if compiled != source:
        problems.append("django.mo is not compiled from django.po")
    for problem in problems:
        print(f"translations: {problem}", file=sys.stderr)
    if problems:
        print(
            "Run `make messages`, translate in locale/nl/LC_MESSAGES/django.po, and commit both files.",
            file=sys.stderr,
        )
        return 1
    print(f"translations: {len(source)} Dutch messages, complete and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
