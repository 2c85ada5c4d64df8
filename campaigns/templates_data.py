"""Campaign templates: YAML files in campaign_templates/, one per kind of plan (see docs/templates.md)."""

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

TEMPLATE_DIR = Path(__file__).resolve().parent / "campaign_templates"


@dataclass(frozen=True)
class CampaignTemplate:
    key: str
    name: str
    data: dict

    @property
    def duration_days(self) -> int:
        return max(phase["end_day"] for phase in self.data["phases"])

    def phase_dates(self, starts_on: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
        return [
            (
                phase["name"],
                starts_on + datetime.timedelta(days=phase["start_day"]),
                starts_on + datetime.timedelta(days=phase["end_day"]),
            )
            for phase in self.data["phases"]
        ]


@cache
def template_list() -> tuple[CampaignTemplate, ...]:
    templates = []
    for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        templates.append(CampaignTemplate(key=data["key"], name=data["name"], data=data))
    return tuple(templates)


def template_get(key: str) -> CampaignTemplate:
    for template in template_list():
        if template.key == key:
            return template
    raise KeyError(key)
