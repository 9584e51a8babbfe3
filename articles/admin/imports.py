"""The admin's import page: markdown files in, the command's report out."""

import tempfile
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
    report = errors = None
    if request.method == "POST" and form.is_valid():
        report, errors = import_uploads(form.cleaned_data["files"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import markdown files",
        "form": form,
        "report": report,
        "errors": errors,
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)


def import_uploads(files):
    """The ImportReport for ``files``, and its error lines with upload names."""
    with tempfile.TemporaryDirectory(prefix="newsroom-upload-") as folder:
        used = set()
        for upload in files:
            name = Path(upload.name).name
            if name.lower() in used:
                name = f"{len(used)}-{name}"  # two uploads of the same name
            used.add(name.lower())
            with open(Path(folder, name), "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        report = import_paths([folder])
    prefix = f"{folder}/"
    errors = [line.removeprefix(prefix) for line in report.errors]
    return report, errors
