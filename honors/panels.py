"""Staff-only fields in the admin: one panel that hides them everywhere at once."""

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def private_fields_panel(field_names, heading, permission):
    """Fields only holders of ``permission`` may see or change.

    A permission on the group alone only hides the panel in the edit form: the fields
    would stay in the form (an editor's save would blank them) and the revision compare
    view would still list their old and new values. Putting it on every field removes
    them from the form, so their stored values are kept, and from every comparison.
    """
    return MultiFieldPanel(
        [FieldPanel(name, permission=permission) for name in field_names],
        heading=heading,
        permission=permission,
    )
