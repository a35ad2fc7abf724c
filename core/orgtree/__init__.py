"""The org tree pages (/to-chuc/) and the restructures that carry members: above core.org, core.members and
core.access (ADR 0042). URL names stay `org:…`."""
