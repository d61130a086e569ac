"""Where published parts and totals disagree. The numbers stay as published;
each disagreement becomes one readable warning."""

from __future__ import annotations

from .template import OUTCOME_PARTS

_REVIEW_PARTS = ("maintained", "corrected", "other", "pending")


def _sum_text(parts: dict, keys: tuple[str, ...]) -> str:
    return " + ".join(f"{key} {parts[key]}" for key in keys)


def check(stats: dict) -> list[str]:
    """One warning per part/total disagreement, only where every term is stated."""
    warnings: list[str] = []
    outcomes = stats.get("outcomes", {})
    if "total" in outcomes and all(key in outcomes for key in OUTCOME_PARTS):
        parts = sum(outcomes[key] for key in OUTCOME_PARTS)
        if parts != outcomes["total"]:
            warnings.append(
                f"outcomes: {_sum_text(outcomes, OUTCOME_PARTS)} = {parts}, "
                f"but the published total is {outcomes['total']}"
            )
    flow_in = ("applications_received", "applications_carried_over")
    if all(key in stats for key in flow_in) and "total" in outcomes \
            and "applications_carried_forward" in stats:
        incoming = stats["applications_received"] + stats["applications_carried_over"]
        outgoing = outcomes["total"] + stats["applications_carried_forward"]
        if incoming != outgoing:
            warnings.append(
                f"applications: received {stats['applications_received']} + carried over "
                f"{stats['applications_carried_over']} = {incoming}, but answered {outcomes['total']} "
                f"+ carried forward {stats['applications_carried_forward']} = {outgoing}"
            )
    for group in ("admin_review", "litigation_direct", "litigation_after_review"):
        figures = stats.get(group, {})
        if "total" in figures and all(key in figures for key in _REVIEW_PARTS):
            parts = sum(figures[key] for key in _REVIEW_PARTS)
            if parts != figures["total"]:
                warnings.append(
                    f"{group}: {_sum_text(figures, _REVIEW_PARTS)} = {parts}, "
                    f"but the published total is {figures['total']}"
                )
    return warnings
