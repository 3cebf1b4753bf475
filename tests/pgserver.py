"""A throwaway PostgreSQL server for one test run, from Debian's postgresql binaries."""
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading

INSTALL_HINT = "apt-get install -y --no-install-recommends postgresql"


def find_bindir() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    for bindir in reversed(candidates):
        if os.path.exists(os.path.join(bindir, "initdb")):
            return bindir
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(os.path.realpath(initdb))
    raise RuntimeError(f"PostgreSQL server binaries not found. Install them: {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A cluster in a temporary directory that can be stopped and started again (the tests of
    what the app does while its database is away)."""

    def __init__(self):
        self.bindir = find_bindir()
        self.base = tempfile.mkdtemp(prefix="lasna-pg-")
        self.data, sockets = os.path.join(self.base, "data"), os.path.join(self.base, "sock")
        os.makedirs(sockets)
        self.as_root = os.geteuid() == 0
        if self.as_root:  # PostgreSQL refuses to run as root: hand the directory to its own user.
            shutil.chown(self.base, "postgres")
            shutil.chown(sockets, "postgres")
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/lasna_test"
        self.run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        # A throwaway server: nothing it writes needs to survive a crash, so no flushing to disk and
        # the least WAL; no JIT compiling either (it costs more than it saves on a test's queries).
        self.options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {sockets} -c fsync=off "
                        "-c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal "
                        "-c max_wal_senders=0 -c jit=off -c max_connections=200")

    def run(self, *args):
        command = [os.path.join(self.bindir, args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.base, "server.log"), "-o", self.options,
                 "start")

    def stop(self, mode: str = "fast"):
        """mode "immediate": as if the machine died (every connection dropped, no checkpoint)."""
        self.run("pg_ctl", "-D", self.data, "-w", "-m", mode, "stop")

    def remove(self):
        shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def restartable_postgres_server():
    """Start a PostgresServer with an empty database lasna_test; yield it; stop and remove it."""
    server = PostgresServer()
    server.start()
    try:
        server.run("createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "lasna_test")
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # a test may have stopped it
            server.stop()
        server.remove()


@contextlib.contextmanager
def postgres_server():
    """Start a cluster in a temporary directory; yield its SQLAlchemy URL; stop and remove it."""
    with restartable_postgres_server() as server:
        yield server.url


class ServerInBackground:
    """postgres_server() started in a thread, so that initdb runs while pytest collects the tests."""

    def __init__(self):
        self._stack = contextlib.ExitStack()
        self._url = None
        self._error = None
        self._thread = threading.Thread(target=self._start, name="postgres-server", daemon=True)
        self._thread.start()

    def _start(self):
        try:
            self._url = self._stack.enter_context(postgres_server())
        except BaseException as error:  # handed to whoever asks for the URL
            self._error = error

    def url(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._url

    def stop(self):
        self._thread.join()
        self._stack.close()
