"""detente: an agent-based simulation of international relations under zero-sum and win-win doctrines."""

__version__ = "0.1.0"
