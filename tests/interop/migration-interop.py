#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Precopy migration between our qemu-system-x86_64 and Debian's QEMU 7.2.

Each case starts both sides with -M none and guest RAM in a
memory-backend-file on /dev/shm (share=on), writes a page pattern into
the source's file, migrates, and compares the two files byte for byte.
The destination's file starts sparse (zero), as QEMU expects.  Settings
for a 7.2 peer (docs/migration.md): our source runs with
-global migration.send-switchover-start=off; with multifd our side
also runs with zero-page-detection=legacy and
-global migration.multifd-flush-after-each-section=on (the 7.2
dialect), both sides with the same channel count and compression.

Usage: migration-interop.py OUR_BINARY [PEER_BINARY] [-k CASE]
Exit status: 0 all passed, 1 a failure, 77 the peer is missing (skip).
"""
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PAGE = 4096
SIZE = 64 << 20
TIMEOUT = 60


class QMP:
    def __init__(self, path):
        deadline = time.monotonic() + TIMEOUT
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        self.sock.settimeout(TIMEOUT)
        self.file = self.sock.makefile('rwb')
        self.events = []
        self._read()
        self.cmd('qmp_capabilities')

    def _read(self):
        line = self.file.readline()
        if not line:
            raise EOFError('QMP connection closed')
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {'execute': name}
        if args:
            msg['arguments'] = args
        self.file.write(json.dumps(msg).encode() + b'\n')
        self.file.flush()
        while True:
            rsp = self._read()
            if 'event' in rsp:
                self.events.append(rsp)
                continue
            if 'error' in rsp:
                raise RuntimeError('%s: %s' % (name, rsp['error']['desc']))
            return rsp['return']


class VM:
    def __init__(self, binary, name, workdir, mem, extra):
        self.qmp_path = os.path.join(workdir, name + '.qmp')
        self.log = os.path.join(workdir, name + '.log')
        args = [binary, '-M', 'none,memory-backend=mem', '-nodefaults',
                '-display', 'none',
                '-object', 'memory-backend-file,id=mem,size=%d,'
                           'mem-path=%s,share=on' % (SIZE, mem),
                '-qmp', 'unix:%s,server=on,wait=off' % self.qmp_path]
        self.proc = subprocess.Popen(args + extra,
                                     stdout=open(self.log, 'wb'),
                                     stderr=subprocess.STDOUT)
        self.qmp = QMP(self.qmp_path)

    def status(self):
        return self.qmp.cmd('query-migrate').get('status', 'none')

    def wait(self, want):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            info = self.qmp.cmd('query-migrate')
            st = info.get('status')
            if st == want:
                return info
            if st in ('failed', 'cancelled'):
                raise RuntimeError('migration %s: %s' %
                                   (st, info.get('error-desc', '')))
            time.sleep(0.02)
        raise RuntimeError('timeout waiting for %s' % want)

    def stop(self):
        try:
            self.qmp.cmd('quit')
        except (OSError, EOFError, RuntimeError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def fill(path, seed):
    """Page i: zero, random, one repeated byte, or one tagged word."""
    rng = random.Random(seed)
    with open(path, 'r+b') as f:
        for i in range(SIZE // PAGE):
            kind = i % 4
            if kind == 0:
                continue
            f.seek(i * PAGE)
            if kind == 1:
                f.write(rng.randbytes(PAGE))
            elif kind == 2:
                f.write(bytes([i % 255 + 1]) * PAGE)
            else:
                f.seek(i * PAGE + PAGE - 8)
                f.write(i.to_bytes(8, 'little'))


def same(a, b):
    with open(a, 'rb') as fa, open(b, 'rb') as fb:
        off = 0
        while True:
            x, y = fa.read(1 << 22), fb.read(1 << 22)
            if x != y:
                for i in range(min(len(x), len(y))):
                    if x[i] != y[i]:
                        return 'differs at offset 0x%x' % (off + i)
                return 'sizes differ'
            if not x:
                return None
            off += len(x)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def setup_multifd(vm, ours, multifd):
    """multifd = (channels, compression): the same on both sides."""
    channels, comp = multifd
    vm.qmp.cmd('migrate-set-capabilities',
               capabilities=[{'capability': 'multifd', 'state': True}])
    params = {'multifd-channels': channels, 'multifd-compression': comp}
    if ours:
        params['zero-page-detection'] = 'legacy'
    vm.qmp.cmd('migrate-set-parameters', **params)


def run_case(name, src_bin, dst_bin, transport, ours_is_src, workdir,
             multifd=None):
    src_mem = os.path.join(workdir, name + '-src.ram')
    dst_mem = os.path.join(workdir, name + '-dst.ram')
    for p in (src_mem, dst_mem):
        with open(p, 'wb') as f:
            f.truncate(SIZE)
    fill(src_mem, hash(name) & 0xffff)
    src_extra = ['-global', 'migration.send-switchover-start=off'] \
        if ours_is_src else []
    accel_src = ['-accel', 'qtest'] if ours_is_src else ['-accel', 'tcg']
    accel_dst = ['-accel', 'tcg'] if ours_is_src else ['-accel', 'qtest']
    if multifd:
        flush = ['-global', 'migration.multifd-flush-after-each-section=on']
        if ours_is_src:
            src_extra += flush
        else:
            accel_dst += flush
    vms = []
    try:
        src = VM(src_bin, name + '-src', workdir, src_mem,
                 accel_src + src_extra)
        vms.append(src)
        if transport in ('tcp', 'unix'):
            dst = VM(dst_bin, name + '-dst', workdir, dst_mem,
                     accel_dst + ['-incoming', 'defer'])
            vms.append(dst)
            if transport == 'tcp':
                uri = 'tcp:127.0.0.1:%d' % free_port()
            else:
                uri = 'unix:%s' % os.path.join(workdir, name + '.sock')
            if multifd:
                setup_multifd(src, ours_is_src, multifd)
                setup_multifd(dst, not ours_is_src, multifd)
            dst.qmp.cmd('migrate-incoming', uri=uri)
            src.qmp.cmd('migrate', uri=uri)
            info = src.wait('completed')
            dst.wait('completed')
            if multifd and ours_is_src and \
                    not info.get('ram', {}).get('multifd-bytes'):
                return 'no multifd bytes were sent'
            if multifd and not ours_is_src and \
                    not info.get('ram', {}).get('multifd-bytes'):
                return 'the peer sent no multifd bytes'

        else:
            path = os.path.join(workdir, name + '.mig')
            out = ('file:%s' % path if transport == 'file'
                   else 'exec:cat > %s' % path)
            src.qmp.cmd('migrate', uri=out)
            src.wait('completed')
            dst = VM(dst_bin, name + '-dst', workdir, dst_mem,
                     accel_dst + ['-incoming', 'defer'])
            vms.append(dst)
            dst.qmp.cmd('migrate-incoming', uri='exec:cat %s' % path)
            dst.wait('completed')
        state = dst.qmp.cmd('query-status')['status']
        if state != 'running':
            return 'destination run state %s' % state
        return same(src_mem, dst_mem)
    except Exception as e:          # report, then show the logs
        for vm in vms:
            try:
                with open(vm.log) as f:
                    tail = f.read()[-400:]
                if tail.strip():
                    e = '%s [%s: %s]' % (e, os.path.basename(vm.log),
                                         tail.strip())
            except OSError:
                pass
        return str(e)
    finally:
        for vm in vms:
            vm.stop()
        for p in (src_mem, dst_mem):
            if os.path.exists(p):
                os.unlink(p)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('-k')]
    only = [a[2:] for a in sys.argv[1:] if a.startswith('-k')]
    if not args:
        print(__doc__)
        return 2
    ours = args[0]
    peer = args[1] if len(args) > 1 else '/usr/bin/qemu-system-x86_64'
    if not os.access(peer, os.X_OK):
        print('SKIP: peer QEMU %s is not installed' % peer)
        return 77
    cases = [
        ('ours-to-72-tcp', ours, peer, 'tcp', True),
        ('ours-to-72-unix', ours, peer, 'unix', True),
        ('72-to-ours-tcp', peer, ours, 'tcp', False),
        ('72-to-ours-unix', peer, ours, 'unix', False),
        ('ours-to-72-exec', ours, peer, 'exec', True),
        ('ours-to-72-file', ours, peer, 'file', True),
    ]
    for channels, comp in ((2, 'none'), (4, 'none'), (2, 'zlib'),
                           (4, 'zlib'), (2, 'zstd'), (4, 'zstd')):
        for ours_src in (True, False):
            cases.append(('%s-multifd%d-%s' % ('ours-to-72' if ours_src
                                               else '72-to-ours',
                                               channels, comp),
                          ours if ours_src else peer,
                          peer if ours_src else ours,
                          'tcp' if channels == 2 else 'unix', ours_src,
                          (channels, comp)))
    shm = '/dev/shm' if os.path.isdir('/dev/shm') else None
    workdir = tempfile.mkdtemp(prefix='mig-interop-', dir=shm)
    failed = 0
    try:
        for case in cases:
            name = case[0]
            if only and name not in only:
                continue
            t0 = time.monotonic()
            err = run_case(name, *case[1:5], workdir,
                           multifd=case[5] if len(case) > 5 else None)
            print('%-4s %-26s %.2fs%s' % ('ok' if err is None else 'FAIL',
                                          name, time.monotonic() - t0,
                                          '' if err is None else
                                          '  ' + err))
            failed += err is not None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
