import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

application = get_asgi_application()

# Each worker loads the search word list before serving, not during a visitor's search.
from search.text import warm_up  # noqa: E402  (needs the apps loaded above)

warm_up()
