"""Tenant-schema apps: the product domain, split by area (audit, accounts, home, …)."""
