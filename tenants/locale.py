"""Vietnamese first: the interface is Vietnamese unless the user chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in Vietnam run an
English system locale; members should not get an English handbook they never asked for.

The language is activated for the request's thread; it is put back as it was when the request ends, so one
request's English never leaks into whatever that thread runs next (another request, a task, a test).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        previous = translation.get_language()
        try:
            return super().__call__(request)  # type: ignore[return-value]
        finally:
            translation.activate(previous)

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
