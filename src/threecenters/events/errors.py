"""The event engine's refusal type (its own module so that every events module can raise it)."""

from threecenters.core.kit import ServiceError


class EventError(ServiceError):
    """The event engine's refusals: core's ServiceError with the code first."""

    def __init__(self, code: str, message: str, status: int = 409, fields: dict | None = None):
        super().__init__(message, code=code, status=status, fields=fields)
