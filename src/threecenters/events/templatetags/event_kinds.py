"""``{% kind_panels event %}`` (public page) and ``{% kind_panels event staff=True %}``
(organiser's page): the panels the event's kind registered (events.kinds)."""

from django import template

from threecenters.core import shell
from threecenters.events import kinds

register = template.Library()


@register.simple_tag(takes_context=True)
def kind_panels(context, event, staff: bool = False):
    return shell.render_panels(
        kinds.panels(event, staff=staff),
        request=context.get("request"),
        record=event,
        base=context.flatten(),
    )
