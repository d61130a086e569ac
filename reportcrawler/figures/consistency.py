"""Where published parts and totals disagree. The numbers stay as published;
each disagreement becomes one readable warning."""

from __future__ import annotations

from .template import OUTCOME_PARTS

_REVIEW_PARTS = ("maintained", "corrected", "other", "pending")


def _sum_text(parts: dict, keys: tuple[str, ...]) -> str:
    return " + ".join(f"{key} {parts[key]}" for key in keys)


def _parts_against_total(group: str, figures: dict, keys: tuple[str, ...]) -> str | None:
    """A warning when a group's stated parts do not add up to its stated total."""
    if "total" not in figures or not all(key in figures for key in keys):
        return None
    parts = sum(figures[key] for key in keys)
    if parts == figures["total"]:
        return None
    return f"{group}: {_sum_text(figures, keys)} = {parts}, but the published total is {figures['total']}"


def check(stats: dict) -> list[str]:
    """One warning per part/total disagreement, only where every term is stated."""
    warnings: list[str] = []
    outcomes = stats.get("outcomes", {})
    warnings.append(_parts_against_total("outcomes", outcomes, OUTCOME_PARTS))
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
        warnings.append(_parts_against_total(group, stats.get(group, {}), _REVIEW_PARTS))
    return [warning for warning in warnings if warning]
