"""The eight mechanisms of a year, one module each, in the order the year runs them.

Every mechanism reads the world as it stood at the start of the year (the model's arrays) and
returns what it decided; :meth:`DiplomacyModel.step` applies all of it together, so results do not
depend on the order of states (simultaneous activation).
"""
