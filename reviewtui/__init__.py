"""reviewtui: live OKR review meetings in the terminal."""

__version__ = "0.1.0"
