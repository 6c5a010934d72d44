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


def scale() -> float:
    """How much larger things are drawn now: 1, or PROJECTOR_SCALE in projector mode."""
    return PROJECTOR_SCALE if projector.value else 1.0


@solara.component
def ProjectorSwitch():
    """The app bar's switch, and the page style it brings."""
    solara.Switch(label="projector", value=projector, classes=["projector-switch"],
                  style={"margin-top": "20px"})
    if projector.value:
        solara.Style(PROJECTOR_CSS)
