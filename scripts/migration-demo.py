#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Live migration demo (make demo).

Starts a source and a destination of our qemu-system-x86_64 (-M none,
1 GiB of RAM in memory-backend-file objects on /dev/shm, share=on),
fills the source RAM with a realistic mix of zero, random and repeated
pages, migrates it over tcp while printing a live progress line from
query-migrate, then compares the destination RAM with the source byte
for byte and prints a summary.  Python 3 standard library only.
"""
import argparse
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
MIB = 1 << 20


class QMP:
    """A minimal QMP client on a unix socket."""

    def __init__(self, path, timeout=30.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        self.file = self.sock.makefile('rwb')
        self.events = []
        self._read()                       # greeting
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

    def close(self):
        self.sock.close()


def human(n):
    for unit in ('B', 'KiB', 'MiB', 'GiB'):
        if abs(n) < 1024 or unit == 'GiB':
            return '%.1f %s' % (n, unit) if unit != 'B' else '%d B' % n
        n /= 1024.0
    return str(n)


def fill_source(path, size, seed):
    """Zero, random, repeated and mostly-zero pages, in runs."""
    rng = random.Random(seed)
    counts = {'zero': 0, 'random': 0, 'repeated': 0, 'sparse': 0}
    with open(path, 'r+b') as f:
        off = 0
        while off < size:
            run = min(rng.choice((16, 64, 256)) * PAGE, size - off)
            kind = rng.choices(('zero', 'random', 'repeated', 'sparse'),
                               weights=(45, 25, 20, 10))[0]
            if kind == 'zero':
                # Written, as a guest's RAM would be allocated.
                f.seek(off)
                f.write(bytes(run))
            elif kind == 'random':
                f.seek(off)
                f.write(os.urandom(run))
            elif kind == 'repeated':
                f.seek(off)
                pattern = bytes([rng.randrange(1, 256)]) * 64
                f.write(pattern * (run // 64))
            else:
                for p in range(off, off + run, PAGE):
                    f.seek(p + PAGE - 8)
                    f.write(rng.getrandbits(64).to_bytes(8, 'little') or b'1')
            counts[kind] += run // PAGE
            off += run
    return counts


def compare(a, b, size):
    chunk = 64 * MIB
    with open(a, 'rb') as fa, open(b, 'rb') as fb:
        for off in range(0, size, chunk):
            x, y = fa.read(chunk), fb.read(chunk)
            if x != y:
                for i in range(len(x)):
                    if x[i] != y[i]:
                        return off + i
    return None


def start(binary, name, workdir, mem_path, size, extra):
    qmp_path = os.path.join(workdir, name + '.qmp')
    log = open(os.path.join(workdir, name + '.log'), 'wb')
    args = [binary, '-M', 'none,memory-backend=mem', '-accel', 'qtest',
            '-display', 'none', '-nodefaults',
            '-object', 'memory-backend-file,id=mem,size=%d,mem-path=%s,'
                       'share=on' % (size, mem_path),
            '-qmp', 'unix:%s,server=on,wait=off' % qmp_path] + extra
    proc = subprocess.Popen(args, stdout=log, stderr=log)
    return proc, qmp_path


def progress_line(info, total, start_time):
    ram = info.get('ram', {})
    remaining = ram.get('remaining', total)
    done = max(0, total - remaining)
    pct = 100.0 * done / total if total else 0.0
    mbytes = ram.get('mbps', 0.0) / 8.0
    rate = mbytes * 1e6
    eta = remaining / rate if rate > 0 else float('inf')
    return ('\r  %-8s %5.1f%%  %8.1f MB/s  remaining %10s  dirty %6d '
            'pages/s  ETA %5s  (%.1f s)' %
            (info.get('status', '?'), pct, mbytes, human(remaining),
             ram.get('dirty-pages-rate', 0),
             '%.1fs' % eta if eta != float('inf') else '-',
             time.monotonic() - start_time))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--binary', default='build/qemu-system-x86_64')
    ap.add_argument('--size', type=int, default=1024, help='RAM in MiB')
    ap.add_argument('--max-bandwidth', type=int, default=0,
                    help='bytes/s (0: unlimited)')
    ap.add_argument('--seed', type=int, default=42)
    opts = ap.parse_args()

    size = opts.size * MIB
    shm = '/dev/shm' if os.path.isdir('/dev/shm') else None
    workdir = tempfile.mkdtemp(prefix='migration-demo-', dir=shm)
    src_mem = os.path.join(workdir, 'src.ram')
    dst_mem = os.path.join(workdir, 'dst.ram')
    procs = []
    try:
        for p in (src_mem, dst_mem):
            with open(p, 'wb') as f:
                f.truncate(size)
        print('Filling %s of source RAM (zero, random, repeated, sparse '
              'pages)...' % human(size))
        counts = fill_source(src_mem, size, opts.seed)
        print('  pages: %s' % ', '.join('%s %d' % kv for kv in
                                          counts.items()))

        src, src_qmp = start(opts.binary, 'src', workdir, src_mem, size, [])
        dst, dst_qmp = start(opts.binary, 'dst', workdir, dst_mem, size,
                             ['-incoming', 'defer'])
        procs = [src, dst]
        s, d = QMP(src_qmp), QMP(dst_qmp)
        for q in (s, d):
            q.cmd('migrate-set-capabilities', capabilities=[
                {'capability': 'events', 'state': True}])
        bw = opts.max_bandwidth or (1 << 62)
        s.cmd('migrate-set-parameters', **{'max-bandwidth': bw})
        d.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        addr = d.cmd('query-migrate')['socket-address'][0]
        uri = 'tcp:%s:%s' % (addr['host'], addr['port'])
        print('Migrating %s -> %s' % ('source', uri))
        t0 = time.monotonic()
        s.cmd('migrate', uri=uri)
        while True:
            info = s.cmd('query-migrate')
            sys.stdout.write(progress_line(info, size, t0))
            sys.stdout.flush()
            if info['status'] in ('completed', 'failed', 'cancelled'):
                break
            time.sleep(0.1)
        print()
        if info['status'] != 'completed':
            print('Migration %s: %s' % (info['status'],
                                        info.get('error-desc', '')))
            return 1
        while d.cmd('query-migrate').get('status') != 'completed':
            if time.monotonic() - t0 > 120:
                print('destination did not complete')
                return 1
            time.sleep(0.02)
        dst_state = d.cmd('query-status')['status']
        src_state = s.cmd('query-status')['status']
        print('Verifying destination RAM against the source...')
        diff = compare(src_mem, dst_mem, size)
        ram = info['ram']
        print()
        print('Summary')
        print('  result         : %s' % ('RAM identical (%s compared)' %
                                         human(size) if diff is None else
                                         'RAM DIFFERS at offset 0x%x' % diff))
        print('  total time     : %d ms (setup %d ms)' %
              (info['total-time'], info.get('setup-time', 0)))
        print('  downtime       : %d ms' % info['downtime'])
        print('  throughput     : %.1f MB/s (%.0f Mbit/s)' %
              (ram['mbps'] / 8, ram['mbps']))
        print('  transferred    : %s for %s of RAM' %
              (human(ram['transferred']), human(ram['total'])))
        print('  pages          : %d normal, %d zero (sent as ZERO records)'
              % (ram['normal'], ram['duplicate']))
        print('  dirty syncs    : %d' % ram['dirty-sync-count'])
        print('  run states     : source %s, destination %s' %
              (src_state, dst_state))
        print('  wall clock     : %.2f s' % (time.monotonic() - t0))
        s.close()
        d.close()
        return 0 if diff is None else 1
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
