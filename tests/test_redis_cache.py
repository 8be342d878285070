"""The Redis cache backend keeps one client per connection pool."""

import pytest

from threecenters.core.cache import PooledClient, RedisCache


def test_every_call_gets_the_same_client_of_its_pool():
    cache = RedisCache("redis://127.0.0.1:1/0", {})
    client = cache._cache
    assert isinstance(client, PooledClient)
    first = client.get_client()
    assert client.get_client() is first
    assert client.get_client(write=True) is first  # one server: reads and writes share a pool


def test_with_several_servers_writes_keep_to_the_first():
    cache = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})
    client = cache._cache
    writer = client.get_client(write=True)
    assert client.get_client(write=True) is writer
    assert writer.connection_pool.connection_kwargs["port"] == 1


def test_it_stores_and_reads_values_when_redis_answers():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/14", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = RedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": "tc-test"})
    cache.set("k", {"页面": "内容"}, 30)
    assert cache.get_many(["k", "missing"]) == {"k": {"页面": "内容"}}
    cache.delete("k2")
    assert cache.add("k2", 1) and not cache.add("k2", 5)
    assert cache.incr("k2") == 2  # the data versions are bumped this way
    cache.delete_many(["k", "k2"])
