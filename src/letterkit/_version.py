"""letterkit's version: the one place it is written (the build reads it, see pyproject.toml's
``[tool.hatch.version]``); read here at run time without asking the installed package's
metadata (importing ``importlib.metadata`` costs ~10 ms of a one-letter run)."""

__version__ = "0.1.0"
