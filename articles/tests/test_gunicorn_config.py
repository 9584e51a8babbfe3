"""gunicorn.conf.py: requests are logged only when the operator asks."""

import pytest

from .servers import gunicorn, scratch_database


@pytest.mark.parametrize(
    ("setting", "logged"),
    [("", False), ("-", True)],
    ids=["access-log-off-by-default", "access-log-on-request"],
)
def test_requests_are_logged_only_when_asked(tmp_path, setting, logged):
    with (
        scratch_database(tmp_path) as url,
        gunicorn(
            url, tmp_path, workers=1, env={"GUNICORN_ACCESS_LOG": setting}
        ) as server,
    ):
        assert server.get("/?from=log-test").status == 200
    log = server.log.read_text()
    assert "Booting worker" in log  # the error log is always written
    assert ('"GET /?from=log-test HTTP/1.1" 200' in log) is logged
