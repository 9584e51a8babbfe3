"""The setup_roles command: Editor and Contributor groups, idempotently."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_setup_roles():
    out = StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def user_with_role(role):
    user = get_user_model().objects.create_user(username=role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def group_permissions():
    return {
        group.name: sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        )
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def test_creates_both_groups_and_the_publish_permission():
    output = run_setup_roles()

    assert "Created Editor: 21 permissions" in output
    assert "Created Contributor: 6 permissions" in output
    assert Permission.objects.filter(
        codename="publish_article", content_type__app_label="articles"
    ).exists()


def test_running_again_changes_nothing_and_repairs_a_group():
    run_setup_roles()
    before = group_permissions()
    Group.objects.get(name="Contributor").permissions.add(
        Permission.objects.get(codename="publish_article")
    )

    output = run_setup_roles()

    assert "Updated Editor: 21 permissions" in output
    assert group_permissions() == before
    assert Group.objects.count() == 2
    assert Permission.objects.filter(codename="publish_article").count() == 1


@pytest.mark.parametrize(
    "permission",
    [
        "articles.publish_article",
        "articles.delete_article",
        "articles.change_source",
        "articles.add_category",
        "taggit.change_tag",
    ],
)
def test_editor_may_do_everything_on_articles(permission):
    run_setup_roles()

    assert user_with_role("Editor").has_perm(permission)


@pytest.mark.parametrize(
    ("permission", "granted"),
    [
        ("articles.add_article", True),
        ("articles.change_article", True),
        ("articles.view_source", True),
        ("articles.publish_article", False),
        ("articles.delete_article", False),
        ("articles.change_source", False),
        ("taggit.delete_tag", False),
    ],
)
def test_contributor_writes_drafts_only(permission, granted):
    run_setup_roles()

    assert user_with_role("Contributor").has_perm(permission) is granted


def test_help_explains_the_roles(capsys):
    with pytest.raises(SystemExit):
        call_command("setup_roles", "--help")

    help_text = " ".join(capsys.readouterr().out.split())
    assert "contributors create and edit drafts" in help_text
