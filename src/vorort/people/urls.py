"""URLs of the case file. Every URL lives under /k/<kommune>/ (see core.middleware)."""

from .urls_cases import urlpatterns as case_urls
from .urls_persons import urlpatterns as person_urls

app_name = "people"

urlpatterns = person_urls + case_urls
