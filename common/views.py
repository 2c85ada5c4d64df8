from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

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
    """The one template every simple form page renders through; a form with a file field is sent as
    multipart."""
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


def action_page(
    request,
    form,
    service,
    *,
    title: str,
    back_url: str,
    submit_label: str,
    heading: str = "",
    intro: str = "",
    **service_kwargs,
):
    """A form for one action on an object: a valid POST calls the service as the user (with the
    form's data and `service_kwargs`) and returns to `back_url` with "<title>：已完成。"; otherwise,
    or when refused, the form is shown on a page of its own, headed `heading` (or `title`)."""
    if request.method == "POST" and form.is_valid():
        if call_service(form, service, actor=request.user, **service_kwargs, **form.cleaned_data):
            messages.success(request, f"{title}：已完成。")
            return redirect(back_url)
    return form_page(request, form, title=heading or title, back_url=back_url, submit_label=submit_label, intro=intro)


def page_of(request, rows, size: int) -> Page:
    """The page of `rows` that `?page=` asks for (the last one when past the end)."""
    return Paginator(rows, size).get_page(request.GET.get("page"))


def query_without(request, name: str) -> str:
    """The request's query string without `name`, for links to the other pages of the same list."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def attachment(file, filename: str, *, missing: str) -> FileResponse:
    """A stored file as a download named `filename`; an empty file field is not found, with `missing`."""
    if not file:
        raise Http404(missing)
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename)
