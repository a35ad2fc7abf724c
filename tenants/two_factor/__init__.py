"""Two-factor authentication (django-otp: TOTP apps, one-time backup codes) on tenant and console hosts.

Required for every console user (platform operators, provincial officers); on a tenant host available to
tenant admins and the organisation department, and required for them when the tenant's
`require_two_factor` is on. Whoever has enrolled a device must use it, required or not.
See docs/adr/0014-edge-guard-csp-and-two-factor.md.
"""
