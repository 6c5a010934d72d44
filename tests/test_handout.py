"""The compare page's handout, read back from its PDF: pages numbered, one chart per output, the
worlds lettered as on the page with their changed knobs, the outcomes, and every world's lesson."""

import io

import pypdf

from detente.model.outputs import MAIN_OUTPUTS
from detente.viz import handout, tables
from detente.viz.compare_page import changed_knobs, outputs_over_time
from detente.viz.comparison import Comparison

FOUR = Comparison.from_query("&".join(f"scenario=jervis-four-worlds/{v}" for v in (
    "offense-indistinguishable", "offense-distinguishable", "defense-indistinguishable",
    "defense-distinguishable;noise=0.05")) + "&seeds=3&years=20")


def test_a_four_world_handout_has_every_part_on_numbered_pages():
    world = FOUR.run()
    shown = world.assign(scenario=world.scenario.map(dict(zip(FOUR.labels, FOUR.short_labels))))
    link = f"http://127.0.0.1:8765/?{FOUR.query()}"
    data = handout.pdf(FOUR, shown, link, [changed_knobs(e) for e in FOUR.entries], outputs_over_time(FOUR))
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    assert all(f"page {n} of {len(pages)}" in text for n, text in enumerate(pages, 1))
    assert sum(len(page.images) for page in reader.pages) == len(outputs_over_time(FOUR))
    text = " ".join(" ".join(pages).split())
    assert "A: jervis-four-worlds/offense-indistinguishable" in text
    assert "D: jervis-four-worlds/defense-distinguishable [noise=0.05]" in text
    assert "noise = 0.05 (scenario:" in text
    assert link in "".join(text.split())
    summary = tables.final_table(shown, MAIN_OUTPUTS)
    assert summary.loc["welfare", "defense-distinguishable [noise=0.05]"].split()[0] in text
    assert "D − A" in text and all(output in text for output in MAIN_OUTPUTS)
    for entry in FOUR.entries:
        for question in entry.world().lesson.get("questions", []):
            assert " ".join(question.split())[:60] in text
