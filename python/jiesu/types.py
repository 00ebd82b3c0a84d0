"""The shapes of jiesu's results, as ``TypedDict``\\ s: what ``Engine.state``, ``Engine.evaluate``,
``Engine.verify``, ``Engine.handle`` … return, key by key, so that a type checker catches a
misspelt field (``state["stauts"]``) and an impossible value (``clock["status"] == "late"``).

They are the serde JSON of the core's types (``src/ticket/view.rs``, ``state.rs``, ``matter.rs``,
``event.rs``, ``src/escalation.rs``, ``src/guide``): a field the core leaves out when empty
is ``NotRequired``; one it writes as ``null`` is ``X | None``. Views (``state``, ``evaluate``,
``evaluate_group``) give their instants (``*_at``, ``at``, ``instance``, ``due_since``) as aware
datetimes; events and archives keep them as the stored RFC 3339 text.

Annotate your own code with them::

    from jiesu.types import State

    def overdue(state: State) -> bool:
        return any(c["status"] == "breached" for c in state["clocks"])

The test suite checks at runtime that real results have exactly these keys, so the
declarations cannot drift from what the core writes.
"""
import datetime
from typing import Any, Literal, NotRequired, TypedDict

# The types live in small private modules by part (vocabularies, ticket and state view,
# history); they are this module's: re-exported here, and named after it.
from ._types_history import (
    Actor, Archive, AssignmentClocks, ClockSpec, Event, LogVerification, Report, Tag, Tamper,
    TicketVerification, Verification,
)
from ._types_ticket import (
    Assignment, Callback, Classification, ClassifiedAssignment, Clock, Counters, Escalation,
    Flags, Limit, Location, MajorMatter, PendingExtension, PendingReturn, Requester, SlaInput,
    State, Summary,
)
from ._types_vocabulary import (
    AlertLevel, AlertTarget, AppealType, AssignmentRole, CallbackOutcome, Channel, ClockName,
    ClockStatus, ClosingOutcome, DeclineReason, Domain, EventType, HandlingClass, MatterKind,
    MatterLevel, MatterStanding, Role, Status, TamperKind, Urgency,
)

__all__ = [
    "Actor", "Alert", "AlertLevel", "AlertTarget", "AppealType", "Archive", "Assignment",
    "AssignmentClocks", "AssignmentRole", "Callback", "CallbackOutcome", "CategorySuggestion",
    "Channel", "Checked", "Classification", "ClassifiedAssignment", "Clock", "ClockName", "ClockSpec",
    "ClockStatus", "ClosingOutcome", "Config", "Counters", "CoverageWarning", "Deadline",
    "DeclineReason", "DiscountedMention", "Domain", "EmergencyMatch", "Escalation", "Evaluation", "Event", "EventType",
    "ExclusionMatch", "Flags", "GroupEvaluation", "HandlingClass", "Limit", "Location", "LogVerification", "MajorMatter",
    "MatterKind", "MatterLevel", "MatterStanding", "OutOfScopeMatch", "PendingExtension", "PendingReturn", "Report",
    "Qualifier", "Requester", "Role", "RouteBasis", "Routing", "SlaInput", "State", "Status", "Suggestions", "Summary", "Sweep", "Tag",
    "Tamper", "TamperKind", "TicketVerification", "Urgency", "Verification",
]

# --- escalation (Engine.evaluate, Engine.evaluate_group, Engine.sweep) -----------------------


class Alert(TypedDict):
    """An escalation alert due now (R-ESC-*); record it with ``Engine.escalate``."""

    rule: str
    level: AlertLevel
    target: AlertTarget
    message: str
    ticket_id: str
    clock: NotRequired[ClockName]
    unit: NotRequired[str]
    instance: NotRequired[datetime.datetime]
    due_since: datetime.datetime
    tickets: NotRequired[list[str]]


class Evaluation(TypedDict):
    """``Engine.evaluate``: the alerts due now, when to look again, the rules skipped."""

    alerts: list[Alert]
    next_check_at: datetime.datetime | None
    skipped: list[str]


class GroupEvaluation(TypedDict):
    """``Engine.evaluate_group``."""

    alerts: list[Alert]


class Checked(TypedDict):
    """A ticket ``Engine.sweep`` evaluated: its place in the input, its id, its evaluation."""

    index: int
    ticket_id: str
    alerts: list[Alert]
    next_check_at: datetime.datetime | None
    skipped: list[str]


class Sweep(TypedDict):
    """``Engine.sweep``: the due tickets evaluated, how many were not due, when to sweep next."""

    checked: list[Checked]
    not_due: int
    next_sweep_at: datetime.datetime | None


# --- the guide (Engine.suggest, Engine.classify) -----------------------------------------------


class Routing(TypedDict):
    """Where a category goes."""

    lead: str | None
    by_location: bool
    responsible: list[str]
    cooperating: list[str]


RouteBasis = Literal["guide"] | Literal["location"] | Literal["village"]
Qualifier = Literal["past"] | Literal["hypothetical"] | Literal["negation"] | Literal["handled"]


class CategorySuggestion(TypedDict):
    """A category suggested for a request text."""

    code: str
    name: str
    score: int
    matched: list[str]
    routing: Routing
    urgency: Urgency
    handling_class: HandlingClass
    limit: Limit | None
    answer: str | None
    basis: RouteBasis


class ExclusionMatch(TypedDict):
    """A reason to decline the request (R-SCOPE-2) found in its text."""

    reason: DeclineReason
    score: int
    matched: list[str]
    guidance: str


class EmergencyMatch(TypedDict):
    """An emergency to hand over (110, 119, 120, 122) found in the text."""

    service: Literal["110", "119", "120", "122"]
    score: int
    matched: list[str]
    guidance: str


class OutOfScopeMatch(TypedDict):
    """An out-of-scope matter that is not a decline reason (another county or city, venting,
    harassment) found in a request text."""

    kind: str
    name: str
    score: int
    matched: list[str]
    guidance: str


class DiscountedMention(TypedDict):
    """An emergency keyword found but discounted (past, hypothetical, negated or handled)."""

    keyword: str
    qualifier: Qualifier
    word: str


class Suggestions(TypedDict):
    """``Engine.suggest``."""

    categories: list[CategorySuggestion]
    exclusions: list[ExclusionMatch]
    emergencies: list[EmergencyMatch]
    urgency_keywords: list[str]
    township: str | None
    out_of_scope: list[OutOfScopeMatch]
    discounted: list[DiscountedMention]
    in_village: bool


# --- the rest ----------------------------------------------------------------------------------


class Deadline(TypedDict):
    """A clock's deadline (``SlaPolicy.deadlines``, ``Engine.deadlines``)."""

    due_at: datetime.datetime
    warn_at: datetime.datetime
    provisional: bool


class CoverageWarning(TypedDict):
    """``Calendar.coverage_warning``."""

    calendar: str
    covered_until: datetime.date
    days_left: int
    missing_year: int
    how_to_load: str
    policy: Literal["strict", "provisional"]
    message: str


class Config(TypedDict):
    """``Engine.config``: the configuration with its defaults (its parts as the configuration
    format has them; never the requester key secret nor the chain keys, which are read, never
    written)."""

    schema_version: int
    calendar: dict[str, Any]
    sla: dict[str, Any]
    guide: NotRequired[dict[str, Any]]
    rules: NotRequired[dict[str, Any]]
    limits: NotRequired[dict[str, Any]]


# The types re-exported from the private modules are named after this module, where they were
# defined before the split (their __module__, as repr() and introspection show it).
for _name in __all__:
    if isinstance(globals()[_name], type):
        globals()[_name].__module__ = __name__
del _name
