"""Communications data: call records in Parquet, queried with DuckDB; deal-line detection.

Productions (Parquet, CSV or XLSX, in any layout a ``ColumnMapping`` or one of the ``PRESETS``
describes) are imported with ``import_calls`` (validated set-wise, one batch per file),
read through ``CallStore``, and analysed by ``analyse``, which writes what it concludes back to
the system of record as assessments with their evidence; ``deal_lines`` lists the current ones.
``analyse_staff`` then finds each line's runner and holder phones (``line_staff``) and the
people in the picture who use them (``attribute``), and records both as assessments.
``analyse_vehicles`` records the vehicles ANPR reads beside those phones on several days.
"""

from linewatch.comms.analysis import AnalysisResult, DealLineScore, analyse, phone_id
from linewatch.comms.attribution import (
    Attribution,
    LinkedPerson,
    LinkedVehicle,
    Source,
    attribute,
    phone_nodes,
)
from linewatch.comms.callstore import CallStore
from linewatch.comms.columns import CANONICAL_COLUMNS, ColumnMapping
from linewatch.comms.handovers import Handover, HandoverRules, find_handovers
from linewatch.comms.importer import calls_dir, import_calls, rejected_dir
from linewatch.comms.pages import (
    CellSite,
    Contact,
    HandoverView,
    LinePage,
    PhonePage,
    handovers,
    line_page,
    phone_page,
)
from linewatch.comms.presets import PRESETS, detect
from linewatch.comms.rules import CLAIM, METHOD, METHOD_VERSION, DealLineRules, NumberFigures
from linewatch.comms.runners import (
    LINE_HOLDER,
    RUNNER,
    WORKER,
    Hub,
    LineStaff,
    StaffPhone,
    StaffRules,
    line_staff,
)
from linewatch.comms.staffing import ATTRIBUTION_CLAIM, StaffResult, analyse_staff
from linewatch.comms.timeline import (
    CellHour,
    CoLocation,
    LineLife,
    Week,
    activity_by_hour,
    co_location,
    line_life,
    whereabouts,
)
from linewatch.comms.vehicles import CoLocationRules, VehicleResult, analyse_vehicles
from linewatch.comms.views import DealLineView, deal_lines

__all__ = [
    "ATTRIBUTION_CLAIM",
    "CANONICAL_COLUMNS",
    "CLAIM",
    "LINE_HOLDER",
    "METHOD",
    "METHOD_VERSION",
    "PRESETS",
    "RUNNER",
    "WORKER",
    "AnalysisResult",
    "Attribution",
    "CallStore",
    "CellHour",
    "CellSite",
    "CoLocation",
    "CoLocationRules",
    "ColumnMapping",
    "Contact",
    "DealLineRules",
    "DealLineScore",
    "DealLineView",
    "Handover",
    "HandoverRules",
    "HandoverView",
    "Hub",
    "LineLife",
    "LinePage",
    "LineStaff",
    "LinkedPerson",
    "LinkedVehicle",
    "NumberFigures",
    "PhonePage",
    "Source",
    "StaffPhone",
    "StaffResult",
    "StaffRules",
    "VehicleResult",
    "Week",
    "activity_by_hour",
    "analyse",
    "analyse_staff",
    "analyse_vehicles",
    "attribute",
    "calls_dir",
    "co_location",
    "deal_lines",
    "detect",
    "find_handovers",
    "handovers",
    "import_calls",
    "line_life",
    "line_page",
    "line_staff",
    "phone_id",
    "phone_nodes",
    "phone_page",
    "rejected_dir",
    "whereabouts",
]
