"""The final-outcomes table of a comparison: each world's mean and 95 % bootstrap interval of the
mean per output, and each world's difference to the first, paired by seed (common random numbers).

On the page the worlds are lettered (A, B, ...) in their colours, with a key above the table, so
that four worlds and three differences fit a 1024-pixel projector without wrapped headers; each
cell shows the mean, and below it, smaller, its interval."""

from __future__ import annotations

import string
from html import escape

import pandas as pd

from .. import runs
from ..model.outputs import describe


def summary(world: pd.DataFrame, outputs) -> pd.DataFrame:
    """Final outcomes of every world, then the paired differences to the first (one row per world
    or difference and output, as runs.final_outcomes gives them)."""
    parts = [runs.final_outcomes(world, outputs)]
    if world.scenario.nunique() > 1:
        parts.append(runs.paired_differences(world, outputs))
    return pd.concat(parts, ignore_index=True)


def final_table(world: pd.DataFrame, outputs) -> pd.DataFrame:
    """One row per output; one column per world, then one per difference to the first (text)."""
    return runs.outcome_table(summary(world, outputs))


def letters(count: int) -> list[str]:
    return list(string.ascii_uppercase[:count])


def html(world: pd.DataFrame, outputs, colours) -> str:
    """The table as HTML: a key naming each lettered world, then a row per output (its meaning on
    hover) with each world's and each difference's mean over its interval."""
    rows = summary(world, outputs)
    worlds = list(dict.fromkeys(world.scenario))
    letter = dict(zip(worlds, letters(len(worlds))))
    first = worlds[0]
    columns = worlds + [f"{w} - {first}" for w in worlds[1:]]
    headings = [letter[w] for w in worlds] + [f"{letter[w]} − {letter[first]}" for w in worlds[1:]]
    key = " · ".join(f'<b style="color:{colour}">{letter[w]}</b>: {escape(w)}'
                     for w, colour in zip(worlds, colours))
    cells = {(r.scenario, r.output): runs.cell_parts(r.mean, r.low, r.high, r.seeds, r.seeds_run)
             for r in rows.itertuples()}
    head = "".join(f'<th style="color:{colour}">{h}</th>' for h, colour in
                   zip(headings, list(colours[:len(worlds)]) + ["inherit"] * (len(worlds) - 1)))
    body = []
    for output in dict.fromkeys(rows.output):
        declared = describe(output)
        meaning = escape(declared.meaning if declared else output, quote=True)
        line = [f'<th class="output" title="{meaning}">{escape(output)}</th>']
        for column in columns:
            value, detail = cells[(column, output)]
            line.append(f'<td><span class="value">{escape(value)}</span><br>'
                        f'<span class="interval">{escape(detail)}</span></td>')
        body.append("<tr>" + "".join(line) + "</tr>")
    return (f'<p class="table-key">{key}</p><table class="outcomes"><thead><tr><th>output</th>{head}'
            f'</tr></thead><tbody>{"".join(body)}</tbody></table>')


#: How the page lays the table out: one line per header, numbers aligned, intervals smaller.
CSS = """
.outcomes { border-collapse: collapse; font-size: 0.9em; }
.outcomes th, .outcomes td { padding: 3px 8px; text-align: right; white-space: nowrap; }
.outcomes thead th { border-bottom: 1px solid #999; }
.outcomes tbody tr:nth-child(odd) { background: #F4F4F4; }
.outcomes th.output { font-weight: normal; text-align: left; }
.outcomes .interval { font-size: 0.8em; color: #555; }
.table-key { margin-bottom: 6px; }
"""
