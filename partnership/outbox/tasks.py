"""The outbox's task (django-tasks, the API of Django 6's ``django.tasks``)."""

from django_tasks import task

from . import delivery


@task()
def send_outbox_mail(mail_id: int) -> str:
    return delivery.deliver(mail_id)
