"""The dashboard (``detente dashboard``): Solara pages that compare scenarios side by side, map the
relations between states, explore one run step by step and walk the lessons in teaching order.

Served by ``solara run detente.viz.app``; its front-end assets come from solara's local proxy cache,
filled from the npm registry by :mod:`detente.viz.assets`, so nothing it loads needs the internet.
"""
