"""Rules: what a rule says (frozen pydantic data, loaded from YAML with file:line) apart from how it runs."""
