"""One line of 我的待办 that another app contributes: what waits, how many, and where to go."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
