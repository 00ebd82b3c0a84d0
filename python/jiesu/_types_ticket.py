"""The ticket's parts shared by events and views, and the state view (``Engine.state``), of
``jiesu.types`` (import them from there)."""
import datetime
from typing import NotRequired, TypedDict

from ._types_vocabulary import (
    AlertLevel, AppealType, AssignmentRole, CallbackOutcome, ClockName, ClockStatus,
    ClosingOutcome, Domain, HandlingClass, MatterKind, MatterLevel, MatterStanding, Role,
    Status, Urgency,
)

# --- parts shared by events and views ---------------------------------------------------------


class Requester(TypedDict, total=False):
    """The requester: in events as given (personal data), in views masked (``张*``,
    ``138****5678``, R-PRIV-1)."""

    name: str
    phone: str
    requester_key: str


class Location(TypedDict, total=False):
    """Where a request is about."""

    township: str
    village: str
    address: str


class Limit(TypedDict, total=False):
    """A time limit of its own (statutory, complex): exactly one of the two keys."""

    working_days: int
    calendar_days: int


class SlaInput(TypedDict):
    """The SLA input of a classification."""

    urgency: Urgency
    handling_class: HandlingClass
    limit: NotRequired[Limit]


class ClassifiedAssignment(TypedDict):
    """A unit of a classification and its role."""

    unit: str
    role: AssignmentRole


class Classification(TypedDict):
    """A ticket's classification (``Engine.classify``; ``State["classification"]``)."""

    guide_id: str
    guide_version: str
    category: str
    category_name: str
    domain: Domain
    appeal_type: AppealType
    township: NotRequired[str]
    sla: SlaInput
    assignments: list[ClassifiedAssignment]


# --- the state view (Engine.state) -------------------------------------------------------------


class Clock(TypedDict):
    """A clock of a ticket at the state's instant (``due_at`` is exclusive)."""

    clock: ClockName
    unit: str | None
    started_at: datetime.datetime
    due_at: datetime.datetime
    warn_at: datetime.datetime
    met_at: datetime.datetime | None
    paused_at: datetime.datetime | None
    provisional: bool
    status: ClockStatus
    due_at_unix: int
    warn_at_unix: int


class Assignment(TypedDict):
    """An assigned unit (its clocks are in ``State["clocks"]``)."""

    unit: str
    name: str | None
    role: AssignmentRole
    assigned_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    contacted_at: datetime.datetime | None
    contributed: bool


class PendingReturn(TypedDict):
    """A return request (退件申请, R-SLA-2) awaiting the command center's decision."""

    unit: str
    reason: str
    evidence: list[str]
    suggested_unit: str
    requested_at: datetime.datetime
    previous_status: Status


class PendingExtension(TypedDict):
    """An extension request (延期申请, R-SLA-4) awaiting the command center's decision."""

    reason: str
    requested_due_at: datetime.datetime
    requested_at: datetime.datetime


class MajorMatter(TypedDict):
    """The major matter last reported up (R-SCOPE-5). ``decide_by`` and ``paused_since`` are
    RFC 3339 text (their names are not instant names of the views)."""

    kind: MatterKind
    reason: str
    raised_by: Role
    raised_by_unit: NotRequired[str]
    raised_at: datetime.datetime
    level: MatterLevel
    reported_at: datetime.datetime
    decide_by: str
    standing: MatterStanding
    paused_since: NotRequired[str]
    decided_at: NotRequired[datetime.datetime]
    decision: NotRequired[str]


class Callback(TypedDict):
    """A callback to the requester (回访, R-FLOW-4)."""

    at: datetime.datetime
    outcome: CallbackOutcome
    solved: bool


class Escalation(TypedDict):
    """An escalation recorded on the ticket (R-ESC-4)."""

    rule: str
    level: AlertLevel
    at: datetime.datetime
    clock: NotRequired[ClockName]
    unit: NotRequired[str]
    instance: NotRequired[datetime.datetime]


class Counters(TypedDict):
    """How often things happened on a ticket."""

    return_requests: int
    returns_approved: int
    extension_requests: int
    extensions_approved: int
    reworks: int
    reopens: int
    dissatisfied_callbacks: int
    urged: int
    supervised: int
    consultations: int
    instructions: int
    reassignments: int


class Flags(TypedDict):
    """Flags derived from the state."""

    terminal: bool
    suspended: bool
    return_pending: bool
    extension_pending: bool
    major_matter_pending: bool
    supervised: bool
    instructed: bool


class Summary(TypedDict):
    """The masked summary of a ticket (R-PRIV-1)."""

    id: str | None
    status: Status | None
    category: str | None
    lead: str | None
    township: str | None
    requester: Requester
    completion_due_at: datetime.datetime | None
    completion: ClockStatus | None
    outcome: ClosingOutcome | None


class State(TypedDict):
    """``Engine.state``: the state of a ticket at an instant (the core's ``StateView``)."""

    schema_version: int
    id: str | None
    status: Status | None
    summary: Summary
    classification: Classification | None
    registered_at: datetime.datetime | None
    dispatched_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    suspended_at: datetime.datetime | None
    assignments: list[Assignment]
    clocks: list[Clock]
    pending_return: PendingReturn | None
    pending_extension: PendingExtension | None
    major_matter: MajorMatter | None
    callbacks: list[Callback]
    escalations: list[Escalation]
    duplicates: list[str]
    counters: Counters
    flags: Flags
    event_count: int
    last_hash: str | None

