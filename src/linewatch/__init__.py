"""Linewatch: County Lines intelligence and disruption."""

__version__ = "0.1.0"
