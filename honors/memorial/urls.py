from django.urls import path

from . import views

app_name = "memorial"

# Forms now post to the martyr page's own ``tribute/`` route; this address stays for
# pages cached or saved before that, and answers the same way.
urlpatterns = [
    path("tribute/<int:martyr_id>/", views.tribute_form, name="tribute"),
]
