"""Entity resolution: which records are one person, phone, vehicle, address or line.

Importers create one entity per source record. The resolver never rewrites those records:
it keeps judgements (same, not the same, unsure) between record ids, with who decided and
why, and derives from them a canonical id per record. A merge is a positive judgement; a split
retracts it, and every statement, link and assessment follows the records back apart.
"""

from linewatch.resolve.analyst import Decision, ResolveConflict, detach, judge, split
from linewatch.resolve.canonical import (
    CanonicalLink,
    canonical_id,
    canonical_links,
    canonical_map,
    canonical_of,
    members,
    rebuild_canonical,
)
from linewatch.resolve.entity import entity_view
from linewatch.resolve.evidence import match_assessment
from linewatch.resolve.exact import EXACT_RULES, ExactMatcher, ExactRule, resolve_exact
from linewatch.resolve.linkage import BACKENDS, Linkage, link_people
from linewatch.resolve.matching import Candidate, Matcher, ResolveResult, resolve
from linewatch.resolve.people_frame import PERSON_COLUMNS, people_frame
from linewatch.resolve.review import (
    QueueItem,
    ReviewPair,
    WeightStep,
    queued_judgement,
    recent_merges,
    review_pair,
    review_queue,
    review_queue_items,
)
from linewatch.resolve.search import search
from linewatch.resolve.splink_matcher import (
    MERGE_THRESHOLD,
    REVIEW_THRESHOLD,
    ComparisonWeight,
    SplinkMatcher,
    resolve_people,
)
from linewatch.resolve.views import (
    AssessmentView,
    EntityHit,
    EntityView,
    JudgementView,
    LinkEvidence,
    LinkView,
    PropertyValue,
    SourceView,
)

__all__ = [
    "BACKENDS",
    "EXACT_RULES",
    "MERGE_THRESHOLD",
    "PERSON_COLUMNS",
    "REVIEW_THRESHOLD",
    "AssessmentView",
    "Candidate",
    "CanonicalLink",
    "ComparisonWeight",
    "Decision",
    "EntityHit",
    "EntityView",
    "ExactMatcher",
    "ExactRule",
    "JudgementView",
    "LinkEvidence",
    "LinkView",
    "Linkage",
    "Matcher",
    "PropertyValue",
    "QueueItem",
    "ResolveConflict",
    "ResolveResult",
    "ReviewPair",
    "SourceView",
    "SplinkMatcher",
    "WeightStep",
    "canonical_id",
    "canonical_links",
    "canonical_map",
    "canonical_of",
    "detach",
    "entity_view",
    "judge",
    "link_people",
    "match_assessment",
    "members",
    "people_frame",
    "queued_judgement",
    "rebuild_canonical",
    "recent_merges",
    "resolve",
    "resolve_exact",
    "resolve_people",
    "review_pair",
    "review_queue",
    "review_queue_items",
    "search",
    "split",
]
