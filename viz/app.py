"""The dashboard app served by ``solara run detente.viz.app`` (``detente dashboard``)."""

from __future__ import annotations

import solara
import solara.lab

from .compare_page import ComparePage
from .display import ProjectorSwitch
from .explore_page import ExplorePage
from .glossary_page import GlossaryPage
from .lessons_page import LessonsPage
from .sweeps_page import SweepsPage


@solara.component
def Layout(children=[]):  # noqa: B006 (solara's signature for a layout)
    # our own tabs: solara's default ones are named after the paths ("Home" for "/")
    with solara.AppLayout(title="detente") as layout:
        with solara.AppBar():
            with solara.lab.Tabs(align="center"):
                for route in routes:
                    solara.lab.Tab(route.label, path_or_route=route)
            ProjectorSwitch()
        solara.Column(children=children, style={"padding": "0"})
    return layout


# solara applies the root route's layout to every page
routes = [
    solara.Route(path="/", component=ComparePage, label="Compare", layout=Layout),
    solara.Route(path="lessons", component=LessonsPage, label="Lessons"),
    solara.Route(path="explore", component=ExplorePage, label="Explore"),
    solara.Route(path="sweeps", component=SweepsPage, label="Sweeps"),
    solara.Route(path="glossary", component=GlossaryPage, label="Glossary"),
]
