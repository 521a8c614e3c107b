# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers of the migration scripts (standard library only).

Owns what scripts/migration-demo.py, tests/interop/migration-interop.py,
tests/interop/replay-vectors.py and tests/bench/migration-bench.py have
in common: a small QMP client, a -M none guest whose RAM is a
memory-backend-file (started and always stopped again), /dev/shm work
directories and RAM files, waiting for a migration status, and
comparing two RAM files.  Each script puts this file's directory on
sys.path relative to its own location and imports it.
"""
import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

POLL = 0.02
FINAL_STATES = ('completed', 'failed', 'cancelled')


class QMPError(RuntimeError):
    """A QMP error reply, a closed connection or a timeout."""


class QMP:
    """A minimal QMP client on a unix socket; events are kept in .events.

    connect_timeout bounds the retries while the socket does not exist
    yet; when proc is given, its early exit ends them at once.  timeout
    (None: block) applies to every read and write afterwards.
    """

    def __init__(self, path, connect_timeout=30.0, timeout=None, proc=None):
        deadline = time.monotonic() + connect_timeout
        while True:
            if proc is not None and proc.poll() is not None:
                raise QMPError('process exited with %d before QMP was up'
                               % proc.returncode)
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise QMPError('no QMP socket at %s' % path)
                time.sleep(POLL)
        self.sock.settimeout(timeout)
        self.buf = b''
        self.events = []
        greeting = self._read()
        if 'QMP' not in greeting:
            raise QMPError('unexpected greeting %r' % greeting)
        self.cmd('qmp_capabilities')

    def _read(self, deadline=None):
        """The next message; QMPError when deadline passes first."""
        while b'\n' not in self.buf:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.sock], [], [],
                                                  left)[0]:
                    raise QMPError('timeout')
            data = self.sock.recv(65536)
            if not data:
                raise QMPError('QMP connection closed')
            self.buf += data
        line, _, self.buf = self.buf.partition(b'\n')
        return json.loads(line)

    def cmd(self, name, **args):
        """Run a command; its 'return' value, QMPError on an error."""
        msg = {'execute': name}
        if args:
            msg['arguments'] = args
        self.sock.sendall(json.dumps(msg).encode() + b'\n')
        while True:
            rsp = self._read()
            if 'event' in rsp:
                self.events.append(rsp)
            elif 'error' in rsp:
                raise QMPError('%s: %s' % (name, rsp['error']['desc']))
            else:
                return rsp['return']

    def wait_event(self, name, timeout=30.0):
        """Take the first event called name (kept or next to come)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev['event'] == name:
                    return self.events.pop(i)
            try:
                rsp = self._read(deadline)
            except QMPError as e:
                raise QMPError('%s waiting for event %s' % (e, name))
            if 'event' in rsp:
                self.events.append(rsp)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def wait_migration(qmp, want=('completed',), timeout=60.0, interval=POLL,
                   progress=None):
    """Poll query-migrate until its status is one of want; its info.

    'failed' and 'cancelled' raise QMPError unless want holds them;
    progress(info) is called after every poll; timeout None: no limit.
    """
    if isinstance(want, str):
        want = (want,)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        info = qmp.cmd('query-migrate')
        if progress:
            progress(info)
        st = info.get('status')
        if st in want:
            return info
        if st in ('failed', 'cancelled'):
            raise QMPError('migration %s: %s' %
                           (st, info.get('error-desc', '')))
        if deadline is not None and time.monotonic() > deadline:
            raise QMPError('timeout: migration still %r, waiting for %s'
                           % (st, '/'.join(want)))
        time.sleep(interval)


def enable_multifd(qmp, channels, compression, **params):
    """The multifd capability on, with channels and compression."""
    qmp.cmd('migrate-set-capabilities',
            capabilities=[{'capability': 'multifd', 'state': True}])
    params.update({'multifd-channels': channels,
                   'multifd-compression': compression})
    qmp.cmd('migrate-set-parameters', **params)


def shm_workdir(prefix):
    """A new temporary directory on /dev/shm (elsewhere without it)."""
    shm = '/dev/shm' if os.path.isdir('/dev/shm') else None
    return tempfile.mkdtemp(prefix=prefix, dir=shm)


def make_ram_file(path, size, byte=0):
    """A RAM file of size bytes: sparse zero, or written with byte."""
    with open(path, 'wb') as f:
        if byte:
            f.write(bytes([byte]) * size)
        else:
            f.truncate(size)


def first_difference(a, b, chunk=16 << 20):
    """None when two files are equal, else the first offset that differs
    (the shorter one's size when it is a prefix of the other)."""
    with open(a, 'rb') as fa, open(b, 'rb') as fb:
        off = 0
        while True:
            x, y = fa.read(chunk), fb.read(chunk)
            if x != y:
                n = min(len(x), len(y))
                return off + next((i for i in range(n) if x[i] != y[i]), n)
            if not x:
                return None
            off += len(x)


def describe_difference(a, b):
    """None when two files are equal, else what is wrong in a few words."""
    off = first_difference(a, b)
    if off is None:
        return None
    if off >= min(os.path.getsize(a), os.path.getsize(b)):
        return 'sizes differ'
    return 'differs at offset 0x%x' % off


def report(name, seconds, err, width):
    """One test case's line: ok or FAIL, its name, time and error."""
    print('%-4s %-*s %.2fs%s' % ('ok' if err is None else 'FAIL', width,
                                 name, seconds,
                                 '' if err is None else '  ' + err),
          flush=True)


_live = set()


@atexit.register
def _kill_leftovers():
    for vm in list(_live):
        vm.stop(quit_timeout=1)


def exit_on_sigterm():
    """Turn SIGTERM (a meson timeout) into an exit that runs every
    finally block, so that no process and no /dev/shm file stays."""
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


class VM:
    """Our or a peer's qemu-system-x86_64 with -M none, its RAM in a
    memory-backend-file (share=on), QMP on a unix socket in workdir and
    its output in workdir/NAME.log.  stop() (also on leaving a with
    block, and at exit for any left running) never leaves it behind.
    """

    def __init__(self, binary, name, workdir, mem_path, size, extra=(),
                 connect_timeout=30.0, timeout=None):
        self.qmp_path = os.path.join(workdir, name + '.qmp')
        self.log = os.path.join(workdir, name + '.log')
        args = [binary, '-M', 'none,memory-backend=mem', '-nodefaults',
                '-display', 'none',
                '-object', 'memory-backend-file,id=mem,size=%d,'
                           'mem-path=%s,share=on' % (size, mem_path),
                '-qmp', 'unix:%s,server=on,wait=off' % self.qmp_path]
        self.qmp = None
        self.logf = open(self.log, 'wb')
        self.proc = subprocess.Popen(args + list(extra), stdout=self.logf,
                                     stderr=subprocess.STDOUT)
        _live.add(self)
        try:
            self.qmp = QMP(self.qmp_path, connect_timeout, timeout,
                           self.proc)
        except BaseException:
            self.stop()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def output(self):
        """What the process wrote so far, stripped."""
        try:
            with open(self.log, 'rb') as f:
                return f.read().decode(errors='replace').strip()
        except OSError:
            return ''

    def stop(self, quit_timeout=10):
        """quit (SIGTERM without QMP), SIGKILL after quit_timeout seconds.

        None when it ended by itself, else a complaint ('did not quit,
        killed' or 'died with signal NAME').  Safe to call again.
        """
        _live.discard(self)
        if self.proc.poll() is None:
            if self.qmp:
                try:
                    self.qmp.cmd('quit')
                except (OSError, QMPError, ValueError):
                    pass
            else:
                self.proc.terminate()
        if self.qmp:
            self.qmp.close()
        complaint = None
        try:
            self.proc.wait(timeout=quit_timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            complaint = 'did not quit, killed'
        finally:
            self.logf.close()
        if complaint is None and self.proc.returncode < 0:
            complaint = 'died with signal %s' % \
                signal.Signals(-self.proc.returncode).name
        return complaint
