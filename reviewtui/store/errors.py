"""The store's errors: defined in reviewtui.errors, where screens may import them; importable from here too."""

from reviewtui.errors import (
    RollForwardPending, StoreCorrupt, StoreError, StoreLocked, StoreWriteError, write_cause,
)

__all__ = ["RollForwardPending", "StoreCorrupt", "StoreError", "StoreLocked", "StoreWriteError", "write_cause"]
