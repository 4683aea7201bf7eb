"""The diary's records, the check-in questions, values people type, export and import."""
