"""The admin's import page: markdown files in, the command's report out."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from ..forms import ImportForm
from ..ingest import import_paths


def import_view(model_admin, request):
    """Upload .md files and import them with the same code as the command."""
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_uploads(form.cleaned_data["files"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import markdown files",
        "form": form,
        "report": report,
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)


def import_uploads(files):
    """The ImportReport for uploaded ``files``, each named as uploaded."""
    return import_paths(
        documents=[(Path(upload.name).name, upload.read()) for upload in files]
    )
