"""The vocabularies of the trade (../domain rules, section 9), one StrEnum each.

Each member's value is its stored code; ``label()`` gives the words a user sees.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A StrEnum whose members carry a human label after the code."""

    _label_: str

    def __new__(cls, code: str, label: str = "") -> Vocabulary:
        member = str.__new__(cls, code)
        member._value_ = code
        member._label_ = label or code.replace("_", " ").capitalize()
        return member

    @property
    def label(self) -> str:
        return self._label_

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class Channel(Vocabulary):
    PUBLIC_WEB = "PUBLIC_WEB", "Public web form"
    CALL_101 = "CALL_101", "101 call"
    CRIMESTOPPERS = "CRIMESTOPPERS", "Crimestoppers"
    PARTNER_AGENCY = "PARTNER_AGENCY", "Partner agency"
    NEIGHBOURING_FORCE = "NEIGHBOURING_FORCE", "Neighbouring force"
    OFFICER = "OFFICER", "Officer"


class SourceEvaluation(Vocabulary):
    RELIABLE = "1", "1 Reliable"
    UNTESTED = "2", "2 Untested"
    NOT_RELIABLE = "3", "3 Not reliable"


class IntelligenceAssessment(Vocabulary):
    KNOWN_DIRECTLY = "A", "A Known directly to the source"
    INDIRECT_CORROBORATED = "B", "B Known indirectly, corroborated"
    KNOWN_INDIRECTLY = "C", "C Known indirectly"
    NOT_KNOWN = "D", "D Not known"
    SUSPECTED_FALSE = "E", "E Suspected to be false"


class HandlingCode(Vocabulary):
    PERMITTED = "P", "P Lawful sharing permitted"
    CONDITIONS = "C", "C Lawful sharing permitted with conditions"


class GradingScheme(Vocabulary):
    THREE_FIVE_TWO = "3x5x2", "3x5x2"
    LEGACY_FIVE = "5x5x5", "5x5x5 (legacy, read only)"


class Classification(Vocabulary):
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"
    SECRET = "SECRET", "SECRET"
    TOP_SECRET = "TOP SECRET", "TOP SECRET"


# This system is accredited for OFFICIAL and OFFICIAL-SENSITIVE only.
ACCEPTED_CLASSIFICATIONS = frozenset({Classification.OFFICIAL, Classification.OFFICIAL_SENSITIVE})


class Priority(Vocabulary):
    HIGH = "HIGH", "High: threat to life, serious harm, imminent risk"
    MEDIUM = "MEDIUM", "Medium: time-critical"
    LOW = "LOW", "Low"


class SubjectCategory(Vocabulary):
    """DPA 2018 s.38(3) categories; a person may hold several at once."""

    SUSPECT = "SUSPECT", "Suspect"
    CONVICTED = "CONVICTED", "Convicted"
    VICTIM = "VICTIM", "Victim"
    WITNESS = "WITNESS", "Witness"
    OTHER = "OTHER", "Other"


class CountyLinesRole(Vocabulary):
    LINE_HOLDER = "LINE_HOLDER", "Line holder"
    CONTROLLER = "CONTROLLER", "Controller / OCG member"
    RUNNER = "RUNNER", "Runner"
    MONEY_MULE = "MONEY_MULE", "Money mule"
    STOREKEEPER = "STOREKEEPER", "Storekeeper"
    CUCKOO_VICTIM = "CUCKOO_VICTIM", "Cuckooing victim"
    CUSTOMER = "CUSTOMER", "Customer"
    ASSOCIATE = "ASSOCIATE", "Associate"


class VulnerabilityMarker(Vocabulary):
    CHILD_AT_RISK_CCE = "CHILD_AT_RISK_CCE", "Child at risk of criminal exploitation"
    MISSING_EPISODES = "MISSING_EPISODES", "Missing episodes"
    SCHOOL_EXCLUSION = "SCHOOL_EXCLUSION", "School exclusion"
    UNEXPLAINED_MONEY = "UNEXPLAINED_MONEY", "Unexplained money, phones or clothes"
    OLDER_ASSOCIATES = "OLDER_ASSOCIATES", "Older or controlling associates"
    SUBSTANCE_MISUSE = "SUBSTANCE_MISUSE", "Substance misuse"
    MENTAL_HEALTH = "MENTAL_HEALTH", "Mental ill-health"
    LEARNING_DISABILITY = "LEARNING_DISABILITY", "Learning disability"
    CARE_NEEDS = "CARE_NEEDS", "Care and support needs"
    LIVES_ALONE = "LIVES_ALONE", "Lives alone or isolated"
    PAST_CUCKOOING = "PAST_CUCKOOING", "Past cuckooing"


class EventType(Vocabulary):
    REPORT = "REPORT", "Report"
    SIGHTING = "SIGHTING", "Sighting"
    STOP = "STOP", "Stop"
    ANPR_READ = "ANPR_READ", "ANPR read"
    CALL_SUMMARY = "CALL_SUMMARY", "Call/SMS summary"
    WARRANT = "WARRANT", "Warrant"
    ARREST = "ARREST", "Arrest"
    BAIL = "BAIL", "Bail"
    SEIZURE = "SEIZURE", "Vehicle seizure"
    VISIT = "VISIT", "Welfare visit"
    REFERRAL = "REFERRAL", "Safeguarding referral"


class AuditOperation(Vocabulary):
    """The operations DPA 2018 s.62 requires to be logged."""

    COLLECTION = "COLLECTION", "Collection"
    ALTERATION = "ALTERATION", "Alteration"
    CONSULTATION = "CONSULTATION", "Consultation"
    DISCLOSURE = "DISCLOSURE", "Disclosure"
    COMBINATION = "COMBINATION", "Combination"
    ERASURE = "ERASURE", "Erasure"


class Role(Vocabulary):
    INTELLIGENCE_OFFICER = "INTELLIGENCE_OFFICER", "Intelligence officer"
    ANALYST = "ANALYST", "Analyst"
    OFFICER = "OFFICER", "Officer"
    SUPERVISOR = "SUPERVISOR", "Supervisor"
    PARTNER = "PARTNER", "Partner agency user"
    PCC_OFFICE = "PCC_OFFICE", "PCC office"
    CALL_HANDLER = "CALL_HANDLER", "Call handler"


class ReleaseType(Vocabulary):
    PRE_CHARGE_BAIL_CONDITIONAL = "PRE_CHARGE_BAIL_CONDITIONAL", "Pre-charge bail with conditions"
    PRE_CHARGE_BAIL_UNCONDITIONAL = "PRE_CHARGE_BAIL_UNCONDITIONAL", "Pre-charge bail"
    RUI = "RUI", "Released under investigation"
    NFA = "NFA", "No further action"
    CHARGED_BAIL = "CHARGED_BAIL", "Charged and bailed"
    CHARGED_REMAND = "CHARGED_REMAND", "Charged and remanded"


class BailConditionType(Vocabulary):
    RESIDENCE = "RESIDENCE", "Residence"
    NON_CONTACT = "NON_CONTACT", "Non-contact"
    EXCLUSION_AREA = "EXCLUSION_AREA", "Exclusion from an area"
    EXCLUSION_ADDRESS = "EXCLUSION_ADDRESS", "Exclusion from an address"
    CURFEW = "CURFEW", "Curfew"
    REPORTING = "REPORTING", "Reporting"
    SURRENDER_DOCUMENTS = "SURRENDER_DOCUMENTS", "Surrender of documents"
    OTHER = "OTHER", "Other"


class SeizurePower(Vocabulary):
    RTA_S165A = "RTA_S165A", "Road Traffic Act 1988 s.165A"
    PRA_S59 = "PRA_S59", "Police Reform Act 2002 s.59"
    MDA_S23 = "MDA_S23", "Misuse of Drugs Act 1971 s.23"
    PACE_S19 = "PACE_S19", "PACE 1984 s.19"
    POCA_S47C = "POCA_S47C", "Proceeds of Crime Act 2002 s.47C"
    COURT_DEPRIVATION_ORDER = "COURT_DEPRIVATION_ORDER", "Sentencing Act 2020 s.153"
    OTHER = "OTHER", "Other"


class ReferralType(Vocabulary):
    CHILDRENS_SOCIAL_CARE = "CHILDRENS_SOCIAL_CARE", "Children's social care"
    ADULT_SOCIAL_CARE = "ADULT_SOCIAL_CARE", "Adult safeguarding"
    NRM = "NRM", "National Referral Mechanism"
    DUTY_TO_NOTIFY = "DUTY_TO_NOTIFY", "Duty to Notify"
    OTHER = "OTHER", "Other"


class ReferralOutcome(Vocabulary):
    PENDING = "PENDING", "Pending"
    POSITIVE_RG = "POSITIVE_RG", "Reasonable grounds: positive"
    NEGATIVE_RG = "NEGATIVE_RG", "Reasonable grounds: negative"
    POSITIVE_CG = "POSITIVE_CG", "Conclusive grounds: positive"
    NEGATIVE_CG = "NEGATIVE_CG", "Conclusive grounds: negative"
    NOT_APPLICABLE = "N/A", "Not applicable"


class RiskLevel(Vocabulary):
    HIGH = "HIGH", "High"
    MEDIUM = "MEDIUM", "Medium"
    LOW = "LOW", "Low"


class LineStatus(Vocabulary):
    ACTIVE = "ACTIVE", "Active"
    DORMANT = "DORMANT", "Dormant"
    CLOSED = "CLOSED", "Closed"


class Judgement(Vocabulary):
    """A resolver's verdict on whether two entity ids are one thing."""

    POSITIVE = "POSITIVE", "Same"
    NEGATIVE = "NEGATIVE", "Not the same"
    UNSURE = "UNSURE", "Unsure"
