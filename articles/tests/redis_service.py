"""The machine's Redis for tests marked ``redis``: skipped when absent, unless CI."""

import os

import pytest
import redis

REDIS = os.environ.get("NEWSROOM_TEST_REDIS", "redis://127.0.0.1:6379")
# A database number of its own, flushed by the tests that use it.
TEST_DB = 13


def redis_url(db=TEST_DB):
    """The test Redis database's URL, emptied; skip (fail in CI) when unreachable."""
    url = f"{REDIS}/{db}"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI: {error}")
        pytest.skip(f"Redis is not reachable at {url}")
    finally:
        client.close()
    return url
