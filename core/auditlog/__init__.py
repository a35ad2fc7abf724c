"""The audit log pages and their reads (/nhat-ky/, the API's /audit/): above access, org and members, whose scope
and names they use; recording stays in core.audit, below every app that records (ADR 0042)."""
