class DomainError(Exception):
    """A refused action. Its message is written for the person who tried it (Chinese first).

    `errors` carries the detail of a refused file: one {"row", "column", "message"} per bad cell.
    """

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []

    def __str__(self) -> str:
        return str(self.message)
