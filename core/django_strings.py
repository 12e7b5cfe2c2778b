"""Django's own form messages, pinned in our catalogue.

Installed apps' catalogues outrank Django's base one, so Django REST framework's Dutch ("Dit veld
is vereist.") would replace Django's ("Dit veld is verplicht.") on every form. Listing them here
makes `makemessages` keep them in locale/nl, which outranks both.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
)
