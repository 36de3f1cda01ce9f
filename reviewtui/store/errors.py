"""What can go wrong with a store, each with a sentence a user can act on."""


class StoreError(Exception):
    """Base for store problems a user can cause or fix."""


class StoreLocked(StoreError):
    """Another process holds the store."""


class StoreCorrupt(StoreError):
    """A store file is unreadable; it is reported and never overwritten."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}")
