import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

application = get_wsgi_application()

# Each worker loads the search word list before serving, not during a visitor's search.
from search.text import warm_up  # noqa: E402  (needs the apps loaded above)

warm_up()
