"""The history of ``jiesu.types`` (import them from there): events as stored, archives and
their verification."""
from typing import NotRequired, TypedDict

from ._types_ticket import Classification, Location, Requester
from ._types_vocabulary import (
    AlertLevel, AppealType, AssignmentRole, CallbackOutcome, Channel, ClockName, ClosingOutcome,
    EventType, MatterKind, MatterLevel, Role, TamperKind,
)

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

