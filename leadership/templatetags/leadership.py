from django import template

from leadership.selectors import problem_regulations as regulations_of

register = template.Library()


@register.inclusion_tag("leadership/partials/problem_regulations.html", takes_context=True)
def problem_regulations(context, problem):
    """相关制度 on a problem's page: `{% load leadership %}{% problem_regulations problem %}`."""
    return {"regulations": list(regulations_of(context["request"].user, problem))}
