"""recon: reconciliation of public-finance reports (report → workbook → rules → engine → findings)."""

__version__ = "0.1.0"
