from django.utils import timezone

from threecenters.core.tasks import durable_task
from threecenters.notify.models import SmsMessage
from threecenters.notify.sms import deliver


@durable_task
def sms_send(message_id: int) -> None:
    """Send one queued SMS; claimed with a conditional UPDATE so two workers never both send."""
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is None or message.status == SmsMessage.Status.SENT:
        return
    try:
        deliver(message.mobile, message.text)
    except Exception as exc:
        SmsMessage.objects.filter(pk=message_id).update(
            status=SmsMessage.Status.FAILED, error=str(exc)[:300]
        )
        raise
    SmsMessage.objects.filter(pk=message_id).exclude(status=SmsMessage.Status.SENT).update(
        status=SmsMessage.Status.SENT, sent_at=timezone.now(), error=""
    )
