"""The privacy part's background task (django-tasks, the API of Django 6's ``django.tasks``)."""

from django_tasks import task

from . import services


@task()
def prepare_export(request_id: int) -> int:
    """Write the ZIP of an access request and tell the owner that it is ready."""
    return services.build_export(request_id).pk
