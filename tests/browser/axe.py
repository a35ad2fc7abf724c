"""axe-core 4.10.3 (MPL-2.0, vendored in tests/browser/vendor/, test-only) on a Playwright page: the WCAG 2.0/2.1
A and AA rules. Injected with `evaluate` (DevTools), so the site's Content-Security-Policy stays on."""

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[str]:
    """One line per violated rule: its id, impact and the first offending element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target'] if v['nodes'] else ''} — {v['help']}"
        for v in result["violations"]
    ]
