"""Tasking: the briefing for the tactical tasking and co-ordination group."""

from linewatch.tasking.briefing import Briefing, LineStatus, ProposedTask, briefing

__all__ = ["Briefing", "LineStatus", "ProposedTask", "briefing"]
