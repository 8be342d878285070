from django.conf import settings
from django.utils import timezone

from threecenters.core.tasks import durable_task
from threecenters.notify.models import SmsMessage
from threecenters.notify.services import sms_log_prune
from threecenters.notify.sms import deliver


@durable_task
def sms_send(message_id: int) -> None:
    """Send one queued SMS; claimed with a conditional UPDATE so two workers never both send.
    Once sent, the row keeps no number and, outside the demo, no code (the log's redacted
    text replaces the sent one); old rows of the log go."""
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is None or message.status == SmsMessage.Status.SENT:
        return
    try:
        deliver(message.mobile, message.text, shown=message.redacted_text)
    except Exception as exc:
        SmsMessage.objects.filter(pk=message_id).update(
            status=SmsMessage.Status.FAILED, error=str(exc)[:300]
        )
        raise
    sent = {"status": SmsMessage.Status.SENT, "sent_at": timezone.now(), "error": "", "mobile": ""}
    if not settings.DEMO:
        sent["text"] = message.redacted_text
    SmsMessage.objects.filter(pk=message_id).exclude(status=SmsMessage.Status.SENT).update(**sent)
    sms_log_prune()
