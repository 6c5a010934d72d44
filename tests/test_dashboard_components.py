"""Dashboard components rendered with solara.render (no browser): the editor, the knob inputs, the
results, a lesson and the map. The browser tests check what only a browser can."""

import ipyvuetify as v
import ipywidgets
import solara

from detente.scenarios import load
from detente.viz.compare_page import Editor, KnobInputs, Results, outputs_over_time
from detente.viz.comparison import Comparison, Entry
from detente.viz.lesson import Lesson
from detente.viz.relation_map import RelationMap

PAIR = Comparison((Entry("security-dilemma"), Entry("common-security")), seeds=2, years=12)


def test_the_editor_adds_and_removes_worlds():
    draft = solara.reactive(PAIR)
    runs = []
    _, rc = solara.render(Editor(draft, on_run=lambda: runs.append(draft.value)), handle_error=False)
    rc.find(v.Btn, children=["add a scenario"]).widget.click()
    assert [e.scenario for e in draft.value.entries] == ["security-dilemma", "common-security",
                                                         "common-security"]
    rc.find(v.Btn, children=["remove"])[0].widget.click()
    assert [e.scenario for e in draft.value.entries] == ["common-security", "common-security"]
    rc.find(v.Btn, children=["Run"]).widget.click()
    assert runs == [draft.value]


def test_knob_inputs_keep_only_real_overrides():
    changed = []
    _, rc = solara.render(KnobInputs(Entry("security-dilemma"), changed.append), handle_error=False)
    noise = rc.find(v.TextField, label="noise").widget
    noise.v_model = "0.05"
    noise.fire_event("focusout")
    assert changed[-1] == Entry("security-dilemma", (("noise", 0.05),))
    _, rc = solara.render(KnobInputs(changed[-1], changed.append), handle_error=False)
    noise = rc.find(v.TextField, label="noise").widget
    noise.v_model = str(load("security-dilemma").knobs.get("noise", 0.02))
    noise.fire_event("focusout")
    assert changed[-1] == Entry("security-dilemma")


def test_named_state_worlds_hide_the_generated_world_knobs():
    _, rc = solara.render(KnobInputs(Entry("thucydides-trap"), print), handle_error=False)
    labels = [w.label for w in rc.find(v.TextField).widgets + rc.find(v.Select).widgets]
    assert "n_states" not in labels and "noise" in labels and "doctrine" not in labels


def with_class(rc, widget_type, name):
    """The rendered widgets of a type that carry a CSS class."""
    return [w for w in rc.find(widget_type).widgets if name in (w.class_ or "").split()]


def test_results_show_a_chart_per_output_the_table_and_each_world():
    world = PAIR.run()
    _, rc = solara.render(Results(PAIR, world), handle_error=False)
    charts = with_class(rc, v.Card, "chart")
    assert [c.class_.split()[-1] for c in charts] == [f"chart-{o}" for o in outputs_over_time(PAIR)]
    assert all(any(isinstance(w, ipywidgets.Image) for w in c.children[0].children) for c in charts)
    (table,) = with_class(rc, v.Card, "final-outcomes")
    assert "common-security - security-dilemma" in str(table.children)
    results = with_class(rc, v.Card, "scenario-result")
    assert [r.children[0].children for r in results] == [["security-dilemma"], ["common-security"]]


def test_the_map_draws_after_its_history_is_recorded_and_follows_the_slider():
    _, rc = solara.render(RelationMap(load("common-security"), "common-security", 2, 30),
                          handle_error=False)
    rc.find(v.Html, class_="map-caption").wait_for(timeout=30)
    caption = rc.find(v.Html, class_="map-caption").widget
    assert "20 in a community" in caption.children[0]
    slider = rc.find(v.Slider).widget
    slider.v_model = 0
    rc.find(v.Html, class_="map-caption", children=[
        "20 states (0 conquered), 0 in a community; dyads: 190 cooperating, 0 in tension, 0 at war"]
    ).wait_for(timeout=10)


def test_learning_worlds_also_chart_doctrine_shares():
    learning = Comparison((Entry("security-dilemma", (("learning_rate", 0.1),)),), seeds=1, years=5)
    assert outputs_over_time(learning)[-2:] == ["zero_sum_share", "win_win_share"]


def test_a_lesson_shows_its_questions():
    scenario = load("security-dilemma")
    _, rc = solara.render(Lesson(scenario), handle_error=False)
    html = str(rc.find().widget.template)
    assert all(question in html for question in scenario.lesson["questions"])
    assert scenario.lesson["things_to_notice"][:40] in html
    _, rc = solara.render(Lesson(scenario, brief=True), handle_error=False)
    assert scenario.lesson["how_it_works"][:40] not in str(rc.find().widget.template)
