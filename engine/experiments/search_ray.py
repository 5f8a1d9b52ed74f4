"""The search on an existing Ray cluster: join it, and run a round's groups as Ray tasks."""

from __future__ import annotations

from engine.core.config import ConfigError


def connect_ray(address: str):
    """Join an existing Ray cluster; a clear one-line error when Ray is missing or unreachable."""
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "--ray-address", "Ray is not installed; install it with pip install 'reglab[ray]'"
        ) from None
    reachable(address)
    try:
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False,
                 logging_level="error", configure_logging=False)  # fmt: skip
    except Exception as e:
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ConfigError(
            "--ray-address",
            "cannot join a Ray cluster at {address}: {error}",
            address=address,
            error=msg,
        ) from None
    return ray


def reachable(address: str, seconds: float = 5.0) -> None:
    """Fail fast on a wrong HOST:PORT: ray.init retries an unreachable address for minutes."""
    import socket

    if address == "auto" or "://" in address:
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(
            "--ray-address", "{address!r} is not HOST:PORT (e.g. 127.0.0.1:6379)", address=address
        )
    try:
        socket.create_connection((host, int(port)), timeout=seconds).close()
    except OSError as e:
        raise ConfigError(
            "--ray-address",
            "no Ray cluster answers at {address} ({error})",
            address=address,
            error=e.strerror or str(e),
        ) from None


def on_ray(ray, run_group, groups, should_stop, threads):
    """Every group of the round as a Ray task running `run_group` at once; results in group order."""
    task = ray.remote(num_cpus=threads, max_retries=0)(run_group)
    refs = [task.remote(*args, threads=threads) for args in groups]
    pending = list(refs)
    while pending:
        ready, pending = ray.wait(pending, num_returns=1, timeout=0.5)
        if should_stop and should_stop():
            for ref in pending:
                ray.cancel(ref, force=True)
            break
    for ref in refs:
        try:
            yield ray.get(ref)
        except ray.exceptions.TaskCancelledError:
            return
