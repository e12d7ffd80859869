"""Reading, mapping, validating, staging and processing of reservation exports."""
