"""Who neighbours whom, and where states stand.

Returns an adjacency matrix and positions in the unit square. Positions serve the loss-of-strength
gradient (Boulding 1962: power projected over distance d is divided by 1 + distance_decay·d) and
the dashboard's map.
"""

from __future__ import annotations

import math

import numpy as np

from .knobs import ParameterError


def _circle(n: int) -> np.ndarray:
    angle = 2 * np.pi * np.arange(n) / n
    return 0.5 + 0.45 * np.column_stack([np.cos(angle), np.sin(angle)])


def check(network, n: int) -> None:
    """ParameterError if an edge list (checked for shape by its knob) names a state beyond ``n``."""
    if isinstance(network, str):
        return
    for i, j in network:
        if i >= n or j >= n:
            raise ParameterError(
                f"knob 'network': edge [{i}, {j}] names a state beyond the {n} states "
                f"(indices run from 0 to {n - 1})"
            )


def build(network, n: int, radius: float, rng: np.random.Generator,
          positions: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Adjacency (n×n bool, symmetric, no self-loops) and positions (n×2) for a network knob value.

    ``positions`` (from a scenario's named states) overrides the layout of every topology but
    ``geometric``, whose edges are computed from them when given.
    """
    adjacency = np.zeros((n, n), dtype=bool)
    layout = _circle(n)
    if network == "complete":
        adjacency[:] = True
    elif network == "ring":
        index = np.arange(n)
        adjacency[index, (index + 1) % n] = True
        adjacency[(index + 1) % n, index] = True
    elif network == "grid":
        side = math.ceil(math.sqrt(n))
        row, col = np.divmod(np.arange(n), side)
        layout = np.column_stack([(col + 0.5) / side, (row + 0.5) / side])
        same_row = row[:, None] == row[None, :]
        same_col = col[:, None] == col[None, :]
        adjacency = (same_row & (np.abs(col[:, None] - col[None, :]) == 1)) | (
            same_col & (np.abs(row[:, None] - row[None, :]) == 1)
        )
    elif network == "geometric":
        layout = rng.random((n, 2)) if positions is None else positions
        distance = np.linalg.norm(layout[:, None, :] - layout[None, :, :], axis=-1)
        adjacency = distance <= radius
    else:  # an explicit edge list, checked by check()
        edges = np.array(network, dtype=int).reshape(-1, 2)
        adjacency[edges[:, 0], edges[:, 1]] = True
        adjacency[edges[:, 1], edges[:, 0]] = True
    np.fill_diagonal(adjacency, False)
    if positions is not None:
        layout = positions
    return adjacency, layout
