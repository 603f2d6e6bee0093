"""The Reconcile button: a handler behind a small Book interface, with an openpyxl adapter
(tests, CI) and an xlwings adapter (Excel on Windows/macOS)."""
