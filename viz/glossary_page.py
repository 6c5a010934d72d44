"""The glossary: every yearly output the charts and tables show, read from the one outputs table
(``model.outputs``: name, meaning, unit, per year or level, natural range). A chart's caption links
here with ``?output=NAME``, which puts that entry first, highlighted."""

from __future__ import annotations

import solara

from ..model.outputs import STATE_OUTPUTS, world_outputs

KINDS = {"count": "events of the year: a chart shows them per year, the outcomes table the total "
                  "over the run",
         "level": "the state of the world at the end of a year: the outcomes table shows the last "
                  "year's"}


def entry_markdown(output) -> str:
    return (f"**{output.name}**: {output.meaning}. Unit: {output.unit}"
            f"{' per year' if output.kind == 'count' else ''}; range {output.range_text()}; "
            f"{KINDS[output.kind]}.")


def ordered(picked: str | None) -> list:
    """Every world output, the one asked for (if any) first."""
    outputs = world_outputs()
    return [o for o in outputs if o.name == picked] + [o for o in outputs if o.name != picked]


@solara.component
def GlossaryPage():
    router = solara.use_router()
    picked = dict(part.split("=", 1) for part in (router.search or "").split("&") if "=" in part).get("output")
    solara.Title("detente: glossary")
    solara.Markdown("## Glossary\nWhat each output of the charts and the outcomes table means, in "
                    "what unit, and whether it counts the year's events or reads the world's state.")
    for output in ordered(picked):
        with solara.Div(classes=["glossary-entry", f"glossary-{output.name}"],
                        style={"background": "#FFF3C4" if output.name == picked else "none",
                               "padding": "0 8px"}):
            solara.Markdown(entry_markdown(output))
    solara.Markdown("### Per state (the explore page's table, `--agents` files)\n" + "\n".join(
        f"- **{name}**: {meaning}" for name, meaning in STATE_OUTPUTS.items()))
    solara.Markdown("### The outcomes table\nEach cell is the mean over seeds of the last year's value "
                    "(a level) or of the run's total (a count), with its 95 % bootstrap interval of the "
                    "mean (percentiles of 2,000 resampled means, so it stays within the output's "
                    "range); a difference column is paired by seed, every world having run on the same "
                    "seeds (common random numbers).")
