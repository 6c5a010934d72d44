"""How the dashboard is shown: normal, or projector mode (one click in the app bar) for a classroom
projector at 1024 x 768: larger text, thicker lines, bigger charts. The mode belongs to the browser
page (a solara reactive at module level is kept per page), and charts read it when they are drawn."""

from __future__ import annotations

import solara

projector = solara.reactive(False)

#: Projector mode's page style: text about a quarter larger (Vuetify sizes some text in rem, its
#: inputs and solara's Markdown in pixels, so those are set here).
PROJECTOR_CSS = """
html { font-size: 125% !important; }
.v-application .solara-markdown, .v-application .v-input, .v-application .v-input input,
.v-application .v-select__selection, .v-application .v-label, .v-application .chart-caption,
.v-application .map-caption, .v-application .map-year, .v-application .outcomes { font-size: 1.1rem !important; }
.v-application .v-messages, .v-application .v-messages__message { font-size: 0.85rem !important;
  line-height: 1.25 !important; }
.v-application .v-select__selection, .v-application .v-input input { line-height: 1.35 !important;
  max-height: none !important; }
"""


#: How much larger projector mode draws cards, charts, maps, their text and lines (as its text)
PROJECTOR_SCALE = 1.25


#: The page printed from the browser: solara's layout scrolls inside a box the height of the window
#: (printing would cut the page to its first screen), so in print the boxes grow with their
#: content; the app bar, inputs and buttons are left out, and cards are not split across pages.
PRINT_CSS = """
@media print {
  html, body, .v-application, .v-application--wrap, .v-main, .v-main__wrap, .v-content,
  .v-content__wrap, .v-content__wrap > div { height: auto !important; max-height: none !important;
    overflow: visible !important; }
  .v-app-bar, header, .editor, .scenario-card, .checked-input, .downloads, .handout, .v-btn,
  .map-hint, .v-slider,
  .v-input--switch, .v-select, .chart-glossary { display: none !important; }
  .v-main { padding-top: 0 !important; }
  .chart, .scenario-result, .final-outcomes, .outcomes tr { break-inside: avoid; }
}
"""


def scale() -> float:
    """How much larger things are drawn now: 1, or PROJECTOR_SCALE in projector mode."""
    return PROJECTOR_SCALE if projector.value else 1.0


@solara.component
def ProjectorSwitch():
    """The app bar's switch, and the page style it brings (with the print style, always)."""
    solara.Style(PRINT_CSS)
    solara.Switch(label="projector", value=projector, classes=["projector-switch"],
                  style={"margin-top": "20px"})
    if projector.value:
        solara.Style(PROJECTOR_CSS)
