"""`{{ n|vn_number }}` → 472.869 (Vietnamese thousands separator), "—" for None."""

from django import template

from billing_free.statements import number_text

register = template.Library()


@register.filter
def vn_number(value: object) -> str:
    if value is None or value == "":
        return "—"
    try:
        return number_text(int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)
