"""The mechanisms of a year, one module each, registered in the order the year runs them.

Every mechanism decides on the world as it stood at the start of the year (the model's arrays) and
applies its decision only once all have decided (see ``base.py``), so results do not depend on the
order of states (simultaneous activation). A new mechanism: one module here and one line below.
"""

from .alliances import Alliances
from .arms import Arms
from .base import Mechanism, Year
from .economy import Economy
from .game import Game
from .institution import Institution
from .learning import Learning
from .perception import Perception
from .trust import Trust
from .war import War

MECHANISMS: dict[str, Mechanism] = {
    mechanism.name: mechanism for mechanism in (
        Perception(), Game(), Arms(), Alliances(), War(), Trust(), Economy(), Institution(),
        Learning(),
    )
}

__all__ = ["MECHANISMS", "Mechanism", "Year"]
