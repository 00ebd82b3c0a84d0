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

# --- the closed vocabularies (glossary) -------------------------------------------------------
# Each is written as a union of one-value Literals (the same type as one Literal of them all):
# at runtime a union, as mypy.stubtest requires of a public alias it reads as a union.

Status = (
    Literal["registered"] | Literal["declined"] | Literal["answered"] | Literal["dispatched"]
    | Literal["in_progress"] | Literal["return_pending"] | Literal["reported"]
    | Literal["awaiting_callback"] | Literal["judging"] | Literal["closed"] | Literal["archived"]
)
ClockName = (
    Literal["response"] | Literal["return_window"] | Literal["first_feedback"]
    | Literal["completion"]
)
ClockStatus = (
    Literal["running"] | Literal["paused"] | Literal["met"] | Literal["met_late"]
    | Literal["breached"] | Literal["unused"]
)
Role = (
    Literal["command_center"] | Literal["unit"] | Literal["unit_leader"]
    | Literal["supervision_office"] | Literal["task_force"] | Literal["leading_group"]
)
AssignmentRole = Literal["lead"] | Literal["responsible"] | Literal["cooperating"]
AlertLevel = (
    Literal["warning"] | Literal["urging"] | Literal["supervision"] | Literal["listed_supervision"]
)
AlertTarget = (
    Literal["unit"] | Literal["command_center"] | Literal["supervision_office"]
    | Literal["task_force"] | Literal["leading_group"]
)
Channel = (
    Literal["hotline_12345"] | Literal["web"] | Literal["wechat"] | Literal["app"]
    | Literal["letter"] | Literal["walk_in"] | Literal["other"]
)
AppealType = (
    Literal["consultation"] | Literal["help"] | Literal["complaint"] | Literal["report"]
    | Literal["suggestion"]
)
Domain = (
    Literal["economic_regulation"] | Literal["market_supervision"] | Literal["social_management"]
    | Literal["public_service"] | Literal["eco_environment"]
)
DeclineReason = (
    Literal["litigation"] | Literal["arbitration"] | Literal["discipline_inspection"]
    | Literal["administrative_reconsideration"] | Literal["information_disclosure"]
    | Literal["petition_channel"] | Literal["state_secret"] | Literal["trade_secret"]
    | Literal["personal_privacy"] | Literal["public_order"]
)
CallbackOutcome = (
    Literal["satisfied"] | Literal["basically_satisfied"] | Literal["dissatisfied"]
    | Literal["unreachable"]
)
ClosingOutcome = (
    Literal["resolved"] | Literal["unresolvable"] | Literal["unreasonable"] | Literal["declined"]
    | Literal["answered"]
)
Urgency = Literal["urgent"] | Literal["normal"]
HandlingClass = Literal["urgent"] | Literal["normal"] | Literal["complex"] | Literal["statutory"]
MatterKind = Literal["major"] | Literal["hot_difficult"]
MatterLevel = Literal["task_force"] | Literal["leading_group"]
MatterStanding = Literal["pending"] | Literal["taken"] | Literal["sent_back"]
TamperKind = (
    Literal["altered"] | Literal["chain_broken"] | Literal["reordered_or_missing"]
    | Literal["mixed_tickets"] | Literal["schema_version"] | Literal["truncated"]
    | Literal["tag_missing"] | Literal["tag_invalid"] | Literal["tag_unknown_key"]
)
EventType = (
    Literal["registered"] | Literal["declined"] | Literal["answered_directly"]
    | Literal["dispatched"] | Literal["acknowledged"] | Literal["requester_contacted"]
    | Literal["progress_added"] | Literal["contribution_submitted"] | Literal["return_requested"]
    | Literal["return_approved"] | Literal["return_rejected"] | Literal["reassigned"]
    | Literal["extension_requested"] | Literal["extension_approved"] | Literal["extension_rejected"]
    | Literal["suspended"] | Literal["resumed"] | Literal["report_submitted"]
    | Literal["report_accepted"] | Literal["report_returned"] | Literal["callback_recorded"]
    | Literal["reopened"] | Literal["closed"] | Literal["archived"] | Literal["urged"]
    | Literal["supervised"] | Literal["consultation_convened"] | Literal["instructed"]
    | Literal["duplicate_linked"] | Literal["escalated"] | Literal["reported_up"]
    | Literal["major_matter_taken"] | Literal["major_matter_sent_back"]
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


# --- the history (Engine.handle, Engine.escalate, Engine.archive, verification) ----------------


class Actor(TypedDict):
    """Who acted."""

    role: Role
    unit: NotRequired[str]
    user: NotRequired[str]


class Tag(TypedDict):
    """The tag of a keyed engine's event or archive."""

    alg: str
    key_id: str
    mac: str


class ClockSpec(TypedDict):
    """A clock as an event starts or moves it (instants as RFC 3339 text)."""

    started_at: str
    due_at: str
    warn_at: str
    provisional: NotRequired[bool]


class AssignmentClocks(TypedDict):
    """A unit assigned by an event, with its clocks."""

    unit: str
    role: AssignmentRole
    response: ClockSpec
    return_window: ClockSpec


class Report(TypedDict):
    """A completion report (办结反馈) as an event stores it."""

    result: str
    answered_at: NotRequired[str]
    evidence: list[str]
    approved_by: NotRequired[str]
    solved: bool


class _EventEnvelope(TypedDict):
    schema_version: int
    ticket_id: str
    seq: int
    at: str
    actor: Actor
    type: EventType
    prev_hash: str
    hash: str
    tag: NotRequired[Tag]


class Event(_EventEnvelope, total=False):
    """An event as stored (``Engine.handle``, ``Engine.escalate``): the envelope (always there)
    and the fields of its ``type``'s body, flattened beside it (each present only in the events
    whose type has it; instants as RFC 3339 text). One ``TypedDict`` rather than a union of 33
    (one per type): every key is checked, and reading a field needs no narrowing on
    ``event["type"]`` first; a key shared by types with different values has their union."""

    channel: Channel
    appeal_type: AppealType
    content: str
    requester: Requester
    location: Location
    reason: str
    guidance: str
    answer: str
    classification: Classification
    assignments: list[AssignmentClocks]
    completion: ClockSpec
    first_feedback: ClockSpec
    responses: list[list[str | ClockSpec]]
    unit: str
    note: str
    evidence: list[str]
    suggested_unit: str
    requested_due_at: str
    report: Report
    outcome: CallbackOutcome | ClosingOutcome
    solved: bool
    measures: str
    responsible_person: str
    explanation: str
    message: str
    units: list[str] | list[AssignmentClocks]
    instruction: str
    linked_ticket_id: str
    kind: MatterKind
    level: MatterLevel | AlertLevel
    decide_by: str
    rule: str
    target: str
    clock: ClockName
    instance: str
    tickets: list[str]


class Archive(TypedDict):
    """``Engine.archive``: the archived file of a ticket (一人一诉一档, R-FLOW-5)."""

    schema_version: int
    ticket_id: str
    event_count: int
    final_hash: str
    events: list[Event]
    tag: NotRequired[Tag]


class Tamper(TypedDict):
    """Where and how a history was altered."""

    index: int
    kind: TamperKind
    message: str


class Verification(TypedDict):
    """``Engine.verify``, ``verify_archive``."""

    intact: bool
    events: int
    problem: Tamper | None


class TicketVerification(Verification):
    """One ticket of ``Engine.verify_log``: its id, where in the log its problem is."""

    ticket_id: str
    line: str | None


class LogVerification(TypedDict):
    """``Engine.verify_log``: each ticket of an event log, and the counts."""

    tickets: list[TicketVerification]
    intact: int
    not_intact: int


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
