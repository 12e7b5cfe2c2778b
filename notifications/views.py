"""The person's own notifications: the list, opening one, "all read" and the e-mail setting.
Professionals and residents alike; each sees only their own."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from notifications.forms import PreferenceForm
from notifications.services import (
    access_notification_by_id,
    do_mark_all_notifications_read,
    do_mark_notification_read,
    do_set_email_frequency,
    email_frequency_of,
    is_local_url,
    notifications_of,
    unread_count,
)

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required lets only a signed-in user through


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(notifications_of(user), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": unread_count(user)},
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if do_mark_all_notifications_read(actor=_user(request)):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go to what it is about; only ever to a page of this site."""
    user = _user(request)
    notification = access_notification_by_id(user, notification_id)
    do_mark_notification_read(notification, actor=user)
    if notification.url and is_local_url(notification.url):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PreferenceForm(request.POST or None, initial={"email": email_frequency_of(user)})
    if request.method == "POST" and form.is_valid():
        do_set_email_frequency(form.cleaned_data["email"], actor=user)
        messages.success(request, _("Your choice has been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
