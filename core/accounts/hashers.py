"""The password hasher: Argon2id with parameters measured on the production kind of machine (docs/adr/0030-…).

Django's own Argon2PasswordHasher uses 100 MiB and 8 lanes (≈ 0.1–0.2 s per hash on one core here): at that
cost a 2-core node verifies well under 20 passwords a second. OWASP's current minimum for Argon2id is 19 MiB,
2 passes, 1 lane; we use exactly that floor (`make bench ARGS=logins` prints the cost per hash and the logins
per second per core). The algorithm name stays "argon2", so stored hashes carry their own parameters and a
later change of these numbers upgrades each account at its next login (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB = 19 MiB
    parallelism = 1
