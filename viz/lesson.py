"""A scenario's lesson (NetLogo's Info tab, plus discussion questions) as a solara component."""

from __future__ import annotations

import solara

from ..scenarios import LESSON_SECTIONS, Scenario

#: The sections shown beside a comparison's results (the rest are on the lessons page).
BRIEF_SECTIONS = ("things_to_notice",)


@solara.component
def Lesson(scenario: Scenario, brief: bool = False, changed: dict | None = None):
    """The lesson's sections and questions; ``brief``: only what to notice and the questions.
    ``changed``: the knobs this world sets other than its scenario, {name: (scenario's value, this
    world's)}: the card says so, since the numbers a lesson quotes are for the scenario's own."""
    parts = [f"**{scenario.title}**: {scenario.summary}"]
    if changed:
        knobs = ", ".join(f"{name} = {new} (scenario: {base})" for name, (base, new) in changed.items())
        solara.Warning(f"Knobs changed from the scenario: {knobs}. The numbers this lesson quotes are "
                       "for the scenario's own knobs; this run's are in the charts and the table.",
                       classes=["lesson-changed"], dense=True)
    for key, heading in LESSON_SECTIONS.items():
        if scenario.lesson.get(key) and (not brief or key in BRIEF_SECTIONS):
            parts.append(f"**{heading.capitalize()}** {scenario.lesson[key]}")
    questions = scenario.lesson.get("questions", [])
    if questions:
        parts.append("**Discussion questions**\n\n" + "\n".join(f"{n}. {q}" for n, q in enumerate(questions, 1)))
    solara.Markdown("\n\n".join(parts), style={"font-size": "0.9em"})
