class DomainError(Exception):
    """A refused action. Its message is written for the person who tried it (Chinese first)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
