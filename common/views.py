from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render

from common.exceptions import DomainError


def get_or_404(selector: Callable, user, pk):
    """Call a scoped `<entity>_get` selector; anything outside the user's scope is simply not found."""
    try:
        return selector(user, pk)
    except ObjectDoesNotExist as error:
        raise Http404("未找到，或您无权查看。") from error


def fresh(instance):
    """The object as stored, for services that log before/after: a bound ModelForm has already
    written the submitted values onto its own instance."""
    return type(instance)._default_manager.get(pk=instance.pk)


def form_page(
    request, form, *, title: str, back_url: str, submit_label: str = "保存", intro: str = "", danger: bool = False
):
    """The one template every simple form page renders through."""
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "submit_label": submit_label,
            "intro": intro,
            "danger": danger,
        },
    )


def call_service(form, service, **kwargs):
    """Call a service; a refusal (DomainError) becomes a non-field error on the form. Returns the
    service's result, or None when refused."""
    try:
        return service(**kwargs) or True
    except DomainError as error:
        form.add_error(None, error.message)
        return None


def run_or_message(request, service, **kwargs) -> None:
    """For one-click POST actions: a refusal is shown as a message on the page we return to."""
    try:
        service(**kwargs)
    except DomainError as error:
        messages.error(request, error.message)
