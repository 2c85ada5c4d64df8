"""What each kind of job does. Apps register their handlers when they load (AppConfig.ready)."""

from collections.abc import Callable
from dataclasses import dataclass

HANDLERS: dict[str, Callable] = {}


@dataclass
class JobResult:
    """What a handler hands back: a message for the person, and optionally a file."""

    message: str
    output_name: str = ""
    output: bytes | None = None
    output_path: str | None = None


def register(kind: str):
    """`@register(JobKind.EXPORT_LEDGER)` over `def handler(job, progress) -> JobResult`, where
    `progress(done, total)` may be called as often as convenient (it writes at most every second)."""

    def decorate(handler: Callable) -> Callable:
        HANDLERS[kind] = handler
        return handler

    return decorate
