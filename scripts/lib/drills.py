"""What the drill scripts share (standard library only)."""
import socket, time, urllib.request

# Every failed check, for the summary a drill prints at its end.
failures = []


def check(condition, message):
    print(("  ok    " if condition else "  FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready(port):
    """Whether the server on 127.0.0.1:PORT answers /readyz with 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=3) as response:
            return response.status == 200
    except Exception:
        return False


def wait_until(condition, timeout, step=0.5):
    """Polls CONDITION until it is true (an exception counts as not yet) or TIMEOUT seconds pass."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False
