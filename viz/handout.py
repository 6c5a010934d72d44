"""The handout of a comparison: a PDF a teacher prints or shares, made from what the compare page
shows. Page 1: the worlds (lettered as in the outcomes table) with the knobs each changes, the seeds
and years, and the link that reproduces the comparison; then the charts (two a row), the final-
outcomes table (its header repeated on every page it spans) and, per world, its lesson's summary,
what to notice and the discussion questions. Every page is numbered "page N of M".

Laid out with ReportLab's flowables, which break paragraphs, tables and images across pages."""

from __future__ import annotations

import io
from html import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from .. import runs
from ..model.outputs import MAIN_OUTPUTS, describe
from . import charts, tables
from .comparison import Comparison

MARGIN = 1.6 * cm
CHART_WIDTH = (A4[0] - 2 * MARGIN - 0.4 * cm) / 2


def _styles():
    sheet = getSampleStyleSheet()
    return {"title": sheet["Title"], "h2": sheet["Heading2"], "h3": sheet["Heading3"],
            "body": sheet["BodyText"],
            "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=8, leading=10),
            "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=7.5, leading=9,
                                   alignment=2)}


def _chart(world: pd.DataFrame, output: str) -> Image:
    figure = charts.over_time(world, output)
    width, height = figure.get_size_inches()
    return Image(io.BytesIO(charts.png(figure)), width=CHART_WIDTH, height=CHART_WIDTH * height / width)


def _outcomes(world: pd.DataFrame, style) -> Table:
    rows = tables.summary(world, MAIN_OUTPUTS)
    worlds = list(dict.fromkeys(world.scenario))
    letter = dict(zip(worlds, tables.letters(len(worlds))))
    first = worlds[0]
    columns = worlds + [f"{w} - {first}" for w in worlds[1:]]
    header = ["output"] + [letter[w] for w in worlds] + [f"{letter[w]} − {letter[first]}" for w in worlds[1:]]
    cells = {(r.scenario, r.output): runs.cell_parts(r.mean, r.low, r.high, r.seeds, r.seeds_run)
             for r in rows.itertuples()}
    body = [[Paragraph(escape(output), style)] +
            [Paragraph(f"{escape(v)}<br/><font size=6 color='#555555'>{escape(d)}</font>", style)
             for v, d in (cells[(column, output)] for column in columns)]
            for output in dict.fromkeys(rows.output)]
    table = Table([header] + body, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTSIZE", (0, 0), (-1, 0), 8), ("ALIGN", (1, 0), (-1, 0), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.whitesmoke, colors.white]),
        *(("TEXTCOLOR", (n, 0), (n, 0), colors.HexColor(colour))
          for n, colour in enumerate(charts.SCENARIO_COLOURS[:len(worlds)], 1)),
    ]))
    return table


def _numbered(canvas, document) -> None:
    """The footer of every page ("page N of M", M from a first pass: see :func:`_laid_out`)."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(A4[0] - MARGIN, 0.9 * cm,
                           f"detente handout, page {document.page} of {document.page_count}")
    canvas.restoreState()


def _laid_out(story, page_count) -> tuple[bytes, int]:
    """The PDF of a story and its number of pages; the footers quote ``page_count``."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=MARGIN, bottomMargin=1.6 * cm, title="detente handout",
                                 author="detente")
    document.page_count = page_count
    document.build(story(), onFirstPage=_numbered, onLaterPages=_numbered)
    return buffer.getvalue(), document.page


def pdf(comparison: Comparison, world: pd.DataFrame, link: str, changed: list[dict],
        outputs: list[str]) -> bytes:
    """The handout as PDF bytes. ``world``: the comparison's table with the short labels the page
    shows; ``link``: the address that reproduces it; ``changed``: per world, {knob: (scenario's,
    this world's)}; ``outputs``: the charted outputs."""
    style = _styles()
    letters = tables.letters(len(comparison.entries))

    def story():
        parts = [Paragraph("detente: " + " vs ".join(escape(s) for s in comparison.short_labels), style["title"]),
                 Paragraph(f"{comparison.seeds} seeds (the same for every world), {comparison.years} years.",
                           style["body"])]
        for letter, entry, label, knobs in zip(letters, comparison.entries, comparison.labels, changed):
            world_ = entry.world()
            line = f"<b>{letter}</b>: {escape(label)}: {escape(world_.title)}. {escape(world_.summary)}"
            if knobs:
                line += " Knobs changed: " + ", ".join(f"{escape(k)} = {escape(str(new))} (scenario: "
                                                       f"{escape(str(base))})" for k, (base, new) in knobs.items())
            parts.append(Paragraph(line, style["body"]))
        parts.append(Paragraph(f"Reproduce it: open <font face='Courier'>{escape(link)}</font> on the "
                               "dashboard (the same link gives the same numbers).", style["small"]))
        parts.append(Paragraph("Outputs over time", style["h2"]))
        parts.append(Paragraph("Line: mean over seeds; band: 5–95 % of seeds. Counts (such as wars) "
                               "are per year.", style["small"]))
        images = [_chart(world, output) for output in outputs]
        rows = [images[n:n + 2] for n in range(0, len(images), 2)]
        parts.append(Table(rows, hAlign="LEFT", colWidths=[CHART_WIDTH + 0.2 * cm] * 2))
        parts.append(PageBreak())
        parts.append(Paragraph("Final outcomes", style["h2"]))
        parts.append(Paragraph(f"Mean over {comparison.seeds} seeds after {comparison.years} years, "
                               f"and below it its {runs.INTERVAL} (counts: the total per run). "
                               "B − A etc.: the difference to A, paired by seed.", style["small"]))
        parts.append(_outcomes(world, style["cell"]))
        parts.append(Spacer(1, 0.3 * cm))
        parts.append(Paragraph("<br/>".join(f"<b>{escape(o)}</b>: {escape(describe(o).meaning)} "
                                            f"({escape(describe(o).axis_label)})" for o in MAIN_OUTPUTS),
                               style["small"]))
        for letter, entry in zip(letters, comparison.entries):
            world_ = entry.world()
            lesson = world_.lesson
            block = [Paragraph(f"{letter}: {escape(world_.title)}", style["h2"]),
                     Paragraph(escape(world_.summary), style["body"])]
            if lesson.get("things_to_notice"):
                block += [Paragraph("Things to notice", style["h3"]),
                          Paragraph(escape(lesson["things_to_notice"]), style["body"])]
            questions = lesson.get("questions", [])
            if questions:
                block.append(Paragraph("Discussion questions", style["h3"]))
                block += [Paragraph(f"{n}. {escape(q)}", style["body"]) for n, q in enumerate(questions, 1)]
            parts.append(KeepTogether(block[:2]))
            parts += block[2:]
        return parts

    _, pages = _laid_out(story, "?")  # a first pass counts the pages
    return _laid_out(story, pages)[0]
