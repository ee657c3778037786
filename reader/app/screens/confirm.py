"""The yes/no dialog's old place: it is :mod:`reader.app.dialogs.confirm` now.

Kept only for the main screen's imports, until they name the new module.
"""

from reader.app.dialogs.confirm import ConfirmScreen

__all__ = ["ConfirmScreen"]
