#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Replay recorded QEMU 7.2 multifd sources into our destination.

Each vector directory holds connK.s2d.bin, the bytes a QEMU 7.2 source
sent on its K-th connection (conn0 is the main channel, the others are
multifd channels in connect order), and result.json with the settings
of the recording.  For every vector this script starts our binary as
an '-incoming defer' destination with -M none and its RAM in a
memory-backend-file on /dev/shm, applies the destination's QMP settings
from result.json, opens the connections in the recorded order, sends
the recorded bytes, waits for 'completed' and compares the RAM file
with the pattern the recorder filled the source with.

The RAM file starts filled with 0xff, not zero: the destination leaves
alone a zero page it already holds, and 7.2 sends the zero pages as
ZERO records on the main channel, so a zero-filled file would let a
lost ZERO record (or a lost page of the mostly-zero kind) pass.

Negative cases replay a vector with one multifd channel cut in the
middle of its bytes and then closed: the destination must fail with
an error description (exit-on-error=false: process alive, status
'failed'; exit-on-error=true: exit status 1 with a message), never
hang, never crash.  And a destination left in the per-round flush mode
must fail, naming multifd-flush-after-each-section, instead of
completing with the channels' pages missing.

Usage: replay-vectors.py OUR_BINARY [VECTOR_DIR...]
Vectors default to $MIGRATION_VECTORS_DIR or /work/shared/vectors/qemu-7.2.
Exit status: 0 all passed, 1 a failure, 77 no vectors (skip).
"""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)),
                                '..', '..', 'scripts'))
import qemu_mig_lib as lib  # noqa: E402

PAGE = 4096
TIMEOUT = 15
DEFAULT_VECTORS = '/work/shared/vectors/qemu-7.2'
NOTES = []          # what a passing negative case saw, printed after it


# The recorder's guest RAM content (see the vectors' README): page i by
# i % 4 -- zero; one repeated byte; an anchor text, the page number and
# a counting fill; zero but for a final 0x5a.
def expected_page(i):
    kind = i % 4
    if kind == 0:
        return bytes(PAGE)
    if kind == 1:
        return bytes([(i & 0xff) | 1]) * PAGE
    if kind == 2:
        tag = b'QEMU-ANCHOR-PAGE' + struct.pack('>I', i)
        fill = bytes((i * 31 + j) & 0xff for j in range(PAGE))
        return tag + fill[len(tag):]
    return bytes(PAGE - 1) + b'\x5a'


def compare_ram(path, size):
    """None when the file holds the pattern, else where it differs."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) != size:
        return 'RAM file is %d bytes, expected %d' % (len(data), size)
    bad = []
    for i in range(size // PAGE):
        want = expected_page(i)
        got = data[i * PAGE:(i + 1) * PAGE]
        if got != want:
            off = next(j for j in range(PAGE) if got[j] != want[j])
            bad.append(i * PAGE + off)
    if not bad:
        return None
    return '%d page(s) differ, first at offset 0x%x' % (len(bad), bad[0])


QMPError = lib.QMPError


def dest_settings(meta):
    """(capabilities, parameters) of the recorded destination's QMP."""
    caps, params = [], {}
    for line in meta.get('qmp', {}).get('dst', []):
        name, _, rest = line.partition(' ')
        if name == 'migrate-set-capabilities':
            # "events,multifd=on": a bare name means on
            for item in rest.strip().split(','):
                cap, _, val = item.partition('=')
                caps.append({'capability': cap.strip(),
                             'state': val.strip() in ('', 'on', 'true')})
        elif name == 'migrate-set-parameters':
            params.update(json.loads(rest))
    params.setdefault('multifd-channels', meta['channels'])
    params.setdefault('multifd-compression', meta['compression'])
    if not any(c['capability'] == 'multifd' for c in caps):
        caps.append({'capability': 'multifd', 'state': True})
    return caps, params


class Destination(lib.VM):
    """Our binary as an -incoming defer destination on a /dev/shm file."""

    def __init__(self, binary, workdir, name, size, flush_each_section=True):
        self.ram = os.path.join(workdir, name + '.ram')
        self.log = os.path.join(workdir, name + '.log')
        self.qmp_path = os.path.join(workdir, name + '.qmp')
        try:
            lib.make_ram_file(self.ram, size, 0xff)
            # 7.2 syncs its channels at every section end (no
            # RAM_SAVE_FLAG_MULTIFD_FLUSH): the 8.0-and-older mode
            flush = 'on' if flush_each_section else 'off'
            super().__init__(
                binary, name, workdir, self.ram, size,
                ['-accel', 'qtest',
                 '-global',
                 'migration.multifd-flush-after-each-section=' + flush,
                 '-incoming', 'defer'],
                connect_timeout=TIMEOUT, timeout=TIMEOUT)
        except BaseException:
            self.cleanup()
            raise

    def listen(self, caps, params, exit_on_error):
        self.qmp.cmd('migrate-set-capabilities', capabilities=caps)
        self.qmp.cmd('migrate-set-parameters', **params)
        self.qmp.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                     **{'exit-on-error': exit_on_error})
        info = self.qmp.cmd('query-migrate')
        for addr in info.get('socket-address', []):
            if addr.get('type') == 'inet':
                return int(addr['port'])
        raise QMPError('query-migrate has no inet socket-address: %r'
                       % info)

    def wait_final(self):
        """The final incoming status ('completed'/'failed') and info."""
        return lib.wait_migration(self.qmp, lib.FINAL_STATES,
                                  timeout=TIMEOUT)

    def stop(self):
        """Quit, else kill; returns a complaint about a crash or None."""
        complaint = super().stop(quit_timeout=5)
        return complaint and 'destination ' + complaint

    def cleanup(self):
        for p in (self.ram, self.log, self.qmp_path):
            try:
                os.unlink(p)
            except OSError:
                pass


class Sender:
    """One recorded connection: connect, then send its bytes."""

    def __init__(self, port, data):
        self.sock = socket.create_connection(('127.0.0.1', port),
                                             timeout=TIMEOUT)
        self.data = data
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            self.sock.sendall(self.data)
        except OSError as e:
            self.error = e

    def hang_up(self):
        """Close after the data: the recorded source stops here."""
        self.thread.join(TIMEOUT)
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def load_vector(vdir):
    with open(os.path.join(vdir, 'result.json')) as f:
        meta = json.load(f)
    conns = []
    k = 0
    while os.path.exists(os.path.join(vdir, 'conn%d.s2d.bin' % k)):
        with open(os.path.join(vdir, 'conn%d.s2d.bin' % k), 'rb') as f:
            conns.append(f.read())
        k += 1
    if len(conns) != meta['channels'] + 1:
        raise ValueError('%s: %d connections for %d channels'
                         % (vdir, len(conns), meta['channels']))
    return meta, conns


def replay(dst, meta, conns, exit_on_error=False, cut=None):
    """Replay conns; cut = index of the connection sent half and closed.

    Returns the final query-migrate info (None when the destination
    was expected to exit)."""
    caps, params = dest_settings(meta)
    port = dst.listen(caps, params, exit_on_error)
    senders = []
    try:
        for k, data in enumerate(conns):
            if k == cut:
                data = data[:len(data) // 2]
            senders.append(Sender(port, data))
            # keep the destination's accept order equal to the recorded
            # connect order: a short pause per connection
            time.sleep(0.01)
        if cut is not None:
            senders[cut].hang_up()
        if exit_on_error and cut is not None:
            try:
                dst.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                raise QMPError('timeout: destination did not exit')
            return None
        return dst.wait_final()
    finally:
        for s in senders:
            s.close()


def run_case(binary, workdir, name, size, body, flush_each_section=True):
    """Start a destination, run body(dst) -> error text or None, and
    always stop it (a crash on the way out is the case's error)."""
    dst = None
    try:
        dst = Destination(binary, workdir, name, size, flush_each_section)
        return body(dst)
    except (QMPError, OSError, ValueError) as e:
        out = dst.output() if dst else ''
        return '%s%s' % (e, ' [%s]' % out[-400:] if out else '')
    finally:
        if dst:
            crash = dst.stop()
            dst.cleanup()
            if crash:
                return crash


def check_vector(binary, workdir, vdir):
    meta, conns = load_vector(vdir)

    def body(dst):
        info = replay(dst, meta, conns)
        if info['status'] != 'completed':
            return 'destination %s: %s' % (info['status'],
                                           info.get('error-desc', ''))
        state = dst.qmp.cmd('query-status')['status']
        if state != 'running':
            return 'destination run state %s' % state
        return compare_ram(dst.ram, meta['size'])

    return run_case(binary, workdir, os.path.basename(vdir.rstrip('/')),
                    meta['size'], body)


def check_truncated(binary, workdir, vdir, exit_on_error):
    """The last multifd channel cut in the middle of its bytes."""
    meta, conns = load_vector(vdir)

    def body(dst):
        info = replay(dst, meta, conns, exit_on_error=exit_on_error,
                      cut=len(conns) - 1)
        if exit_on_error:
            rc = dst.proc.returncode
            if rc != 1:
                return 'exit status %d, expected 1 [%s]' % (rc, dst.output())
            if not dst.output():
                return 'exited 1 without a message'
            NOTES.append('exit status 1: %s' % dst.output().splitlines()[-1])
            return None
        if info['status'] != 'failed':
            return 'status %s, expected failed' % info['status']
        if not info.get('error-desc'):
            return 'failed without an error-desc'
        if dst.proc.poll() is not None:
            return 'destination exited with exit-on-error=false'
        dst.qmp.cmd('query-status')
        NOTES.append('failed: %s' % info['error-desc'])
        return None

    return run_case(binary, workdir,
                    'cut-%s' % os.path.basename(vdir.rstrip('/')),
                    meta['size'], body)


def check_flush_mismatch(binary, workdir, vdir):
    """Per-round mode here, per-section 7.2 source: fail, naming it."""
    meta, conns = load_vector(vdir)

    def body(dst):
        info = replay(dst, meta, conns)
        if info['status'] != 'failed':
            return 'status %s, expected failed' % info['status']
        desc = info.get('error-desc', '')
        if 'multifd-flush-after-each-section' not in desc:
            return 'error-desc does not name the setting: %s' % desc
        NOTES.append('failed: %s' % desc)
        return None

    return run_case(binary, workdir,
                    'flush-%s' % os.path.basename(vdir.rstrip('/')),
                    meta['size'], body, flush_each_section=False)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    vdirs = sys.argv[2:]
    if not vdirs:
        root = os.environ.get('MIGRATION_VECTORS_DIR', DEFAULT_VECTORS)
        if not os.path.isdir(root):
            print('SKIP: no recorded vectors in %s' % root)
            return 77
        vdirs = sorted(os.path.join(root, d) for d in os.listdir(root)
                       if os.path.exists(os.path.join(root, d,
                                                      'result.json')))
    if not vdirs:
        print('SKIP: no vector directories')
        return 77
    # a meson timeout sends SIGTERM: unwind so that every destination
    # is stopped and the /dev/shm files go
    lib.exit_on_sigterm()
    workdir = lib.shm_workdir('mig-replay-')
    failed = 0
    try:
        cases = [(os.path.basename(v), check_vector, (v,)) for v in vdirs]
        for v in vdirs:
            cases.append(('cut-' + os.path.basename(v), check_truncated,
                          (v, False)))
        cases.append(('cut-exit-' + os.path.basename(vdirs[0]),
                      check_truncated, (vdirs[0], True)))
        # pages must never be lost silently when the sides disagree
        cases.append(('flush-mismatch-' + os.path.basename(vdirs[0]),
                      check_flush_mismatch, (vdirs[0],)))
        for name, fn, args in cases:
            t0 = time.monotonic()
            err = fn(binary, workdir, *args)
            lib.report(name, time.monotonic() - t0, err, 30)
            for note in NOTES:
                print('     ' + note)
            NOTES.clear()
            failed += err is not None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
