"""The lessons page: every shipped scenario in teaching order, each with its lesson and a button
that opens the compare page with the comparison the lesson suggests."""

from __future__ import annotations

import solara

from ..scenarios import available, load
from .comparison import Comparison
from .lesson import Lesson


@solara.component
def LessonsPage():
    router = solara.use_router()
    solara.Title("detente: lessons")
    solara.Markdown("## Lessons\nThe scenarios in teaching order: the security dilemma and its way "
                    "out first, then what sharpens or softens it, then power shifts, then the seed "
                    "paper's case. Each opens the compare page with its suggested comparison.")
    for number, name in enumerate(available(), 1):
        scenario = load(name)
        suggested = Comparison.suggested(name)
        with solara.Card(f"{number}. {scenario.title}", subtitle=name, classes=["lesson", f"lesson-{name}"]):
            Lesson(scenario)
            solara.Text(f"Suggested comparison: {', '.join(suggested.labels)} ({suggested.seeds} seeds, "
                        f"{suggested.years} years)")
            solara.Button("open this comparison", color="primary", outlined=True,
                          classes=["open-comparison"],
                          on_click=lambda s=suggested: router.push(f"/?{s.query()}"))
