"""The arithmetic of a ranking, as pure functions: figures in, points, scores and ranks out.

Missing data never costs points: a rate without a denominator (no measures, no votes) is left out —
under the weighted method the other rates' weights are scaled up to the same total; under the
deduction method it deducts nothing.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessment.choices import ScoringMethod

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def cents(value: Decimal) -> Decimal:
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0.00"


@dataclass(frozen=True)
class RateIndicator:
    key: str
    label: str
    weight_field: str
    per_point_field: str
    higher_is_better: bool = True


@dataclass(frozen=True)
class CountIndicator:
    key: str
    label: str
    deduction_field: str


RATES = (
    RateIndicator("completion_rate", "整改完成率", "completion_weight", "completion_per_point"),
    RateIndicator("on_time_rate", "按期完成率", "on_time_weight", "on_time_per_point"),
    RateIndicator("recurrence_rate", "问题复发率", "recurrence_weight", "recurrence_per_point", higher_is_better=False),
    RateIndicator("satisfaction", "群众满意度", "satisfaction_weight", "satisfaction_per_point"),
)
COUNTS = (
    CountIndicator("findings", "督查发现问题", "finding_deduction"),
    CountIndicator("notices", "催办督办", "notice_deduction"),
    CountIndicator("escalations", "催办升级级次", "escalation_deduction"),
    CountIndicator("yellow", "黄灯", "yellow_deduction"),
    CountIndicator("red", "红灯", "red_deduction"),
)
LABELS = {indicator.key: indicator.label for indicator in (*RATES, *COUNTS)}
RATE_KEYS = [indicator.key for indicator in RATES]
COUNT_KEYS = [indicator.key for indicator in COUNTS]


def indicator_cells(score) -> list[tuple[str, str]]:
    """(label, shown value) of each indicator of a Score row, in table order."""
    rates = [
        (indicator.label, "—" if (value := getattr(score, indicator.key)) is None else f"{value:.1f}%")
        for indicator in RATES
    ]
    return rates + [(indicator.label, str(getattr(score, indicator.key))) for indicator in COUNTS]


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    rule: str
    points: str


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def breakdown(score, scheme) -> list[Line]:
    """How a Score row's points were made, one line per indicator, with the rule of the scheme used."""
    points = score.contributions
    lines = [Line("基础分", "", "", points["base"])] if "base" in points else []
    weighted = scheme.method == ScoringMethod.WEIGHTED
    for indicator in RATES:
        value = getattr(score, indicator.key)
        if weighted:
            rule = f"权重{_number(getattr(scheme, indicator.weight_field))}"
        else:
            rule = f"每个百分点扣{_number(getattr(scheme, indicator.per_point_field))}分"
        shown = "无数据，不计分" if value is None else f"{value}%"
        lines.append(Line(indicator.label, shown, rule, points.get(indicator.key, "—")))
    for indicator in COUNTS:
        rule = f"每项扣{_number(getattr(scheme, indicator.deduction_field))}分"
        lines.append(Line(indicator.label, str(getattr(score, indicator.key)), rule, points[indicator.key]))
    return lines


def ratio(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def rates_from(figures: dict) -> dict[str, Decimal | None]:
    """The four rates (fractions 0–1) from a unit's raw counts.

    Completion = 已销号 (incl. 持续推进) / measures; on time = closed by the original deadline /
    closed; recurrence = 反弹 verdicts / measures ever closed (reopened ones included), at most 1;
    satisfaction = (满意 + 基本满意) / votes."""
    recurrence = ratio(figures.get("recurrences", 0), figures.get("ever_closed", 0))
    if recurrence is None and figures.get("recurrences", 0):
        recurrence = Decimal(1)
    return {
        "completion_rate": ratio(figures.get("closed", 0), figures.get("total", 0)),
        "on_time_rate": ratio(figures.get("closed_on_time", 0), figures.get("closed_with_deadline", 0)),
        "recurrence_rate": min(recurrence, Decimal(1)) if recurrence is not None else None,
        "satisfaction": ratio(figures.get("satisfied_votes", 0), figures.get("votes", 0)),
    }


def _good_share(indicator: RateIndicator, rate: Decimal) -> Decimal:
    return rate if indicator.higher_is_better else 1 - rate


def contributions(scheme, rates: dict[str, Decimal | None], counts: dict[str, int]) -> dict[str, Decimal]:
    """The points each indicator gives (weighted: earned; deduction method: the base, then negative
    deductions), each rounded to the cent so that the breakdown adds up to the score exactly."""
    points: dict[str, Decimal] = {}
    present = [indicator for indicator in RATES if rates.get(indicator.key) is not None]
    if scheme.method == ScoringMethod.WEIGHTED:
        weight_present = sum((getattr(scheme, indicator.weight_field) for indicator in present), Decimal(0))
        scale = HUNDRED / weight_present if weight_present else Decimal(0)
        for indicator in RATES:
            rate = rates.get(indicator.key)
            if rate is not None:
                weight = getattr(scheme, indicator.weight_field)
                points[indicator.key] = cents(weight * scale * _good_share(indicator, rate))
        if not weight_present:
            points["base"] = HUNDRED
    else:
        points["base"] = HUNDRED
        for indicator in present:
            shortfall = (1 - _good_share(indicator, rates[indicator.key])) * HUNDRED
            points[indicator.key] = cents(-getattr(scheme, indicator.per_point_field) * shortfall)
    for indicator in COUNTS:
        points[indicator.key] = cents(-getattr(scheme, indicator.deduction_field) * counts.get(indicator.key, 0))
    return points


def total(points: dict[str, Decimal]) -> Decimal:
    """The score: the sum of the points, never below 0."""
    return max(sum(points.values(), Decimal(0)), Decimal(0))


@dataclass(frozen=True)
class Placing:
    rank: int
    tied: bool
    is_bottom: bool


def placings(scores: list[Decimal], bottom_n: int) -> list[Placing]:
    """Ranks by descending score, in the order of `scores`. Equal scores share a rank (并列) and the
    next rank skips (1, 1, 3). The bottom `bottom_n` places are flagged; units tied with the last
    flagged place are all flagged too."""
    ordered = sorted(scores, reverse=True)
    first_place = {}
    for index, score in enumerate(ordered):
        first_place.setdefault(score, index + 1)
    counts = Counter(ordered)
    threshold = ordered[-min(bottom_n, len(ordered))] if ordered and bottom_n > 0 else None
    return [
        Placing(
            rank=first_place[score],
            tied=counts[score] > 1,
            is_bottom=threshold is not None and score <= threshold,
        )
        for score in scores
    ]
