"""The closed vocabularies of ``jiesu.types`` (import them from there): the glossary's value
sets as ``Literal`` unions."""
from typing import Literal

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
