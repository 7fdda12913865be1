"""Tasking: hotspots, the patrol plan, the TT&CG briefing and the tasks it sets.

The briefing gathers what every stage concluded; hotspots and the patrol plan place the picture
on Rutland's LSOAs and wards, with the force's published street crime as a background; tasks
are set from proposals and their results flow back into the picture.
"""

from linewatch.tasking.briefing import Briefing, LineStatus, briefing
from linewatch.tasking.crime import bundled_crime_file, import_crime
from linewatch.tasking.hotspots import Hotspot, HotspotPicture, hotspots
from linewatch.tasking.mapsvg import hotspot_map, legend
from linewatch.tasking.patrol import PatrolArea, PatrolPlan, patrol_plan
from linewatch.tasking.pdf import briefing_pdf
from linewatch.tasking.tasks import (
    ProposedTask,
    Task,
    TaskError,
    TaskNotFound,
    assign_task,
    complete_task,
    create_task,
    get_task,
    list_tasks,
)

__all__ = [
    "Briefing",
    "Hotspot",
    "HotspotPicture",
    "LineStatus",
    "PatrolArea",
    "PatrolPlan",
    "ProposedTask",
    "Task",
    "TaskError",
    "TaskNotFound",
    "assign_task",
    "briefing",
    "briefing_pdf",
    "bundled_crime_file",
    "complete_task",
    "create_task",
    "get_task",
    "hotspot_map",
    "hotspots",
    "import_crime",
    "legend",
    "list_tasks",
    "patrol_plan",
]
