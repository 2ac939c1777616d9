from django.urls import path

from . import views

app_name = "memorial"

urlpatterns = [
    path("tribute/<int:martyr_id>/", views.tribute_form, name="tribute"),
]
