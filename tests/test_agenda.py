"""Do the README's module table and the facilitator's agenda come from the manifest?"""

import re
from pathlib import Path

from coffeechat.agenda import agenda_text, module_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_module_table_matches_the_manifest(workshop):
    text = README.read_text(encoding="utf-8")
    table = re.search(r"<!-- module-table -->\n(.*?)\n<!-- /module-table -->", text, re.S).group(1)
    assert table == module_table(workshop)


def test_agenda_lists_every_module_with_minutes_and_the_total(workshop):
    agenda = agenda_text(workshop, "ninety-minutes", "en")
    lines = agenda.splitlines()
    assert lines[0] == "90-minute workshop"
    modules = next(f for f in workshop.manifest.formats if f.id == "ninety-minutes").modules
    assert len(lines) == 2 + len(modules)
    total = sum(workshop.module_ref(m).minutes for m in modules)
    assert total <= 90
    assert lines[-1].strip() == f"{total} min"
    assert "Welcome" in lines[1]
