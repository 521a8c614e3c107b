#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Migration benchmark: our binary against a peer QEMU, side by side.

Runs the same migrations source -> destination of one binary (ours to
ours, then peer to peer) with a -M none guest whose RAM is a
memory-backend-file on /dev/shm, for each RAM content (all zero, half
zero / half random, all random) and each mode (plain precopy, multifd 2
and 4 channels without compression, multifd 2 channels zstd), with
max-bandwidth lifted.  Each run is checked (destination RAM equal to the
source's, byte for byte) and measured: wall time from `migrate` to
`completed`, throughput (guest RAM / wall time), downtime (query-migrate),
CPU seconds of the source and destination processes, their peak RSS.
The table ends with our/peer ratios (below 1 means we are faster or
cheaper).  Not a test: nothing is asserted about speed.

The default peer is Debian's QEMU 7.2, which predates zero-page-detection
=multifd and per-round multifd flushes: our multifd runs use the 7.2
dialect (zero-page-detection=legacy, multifd-flush-after-each-section
=on) so that both sides do the same work; --native runs ours with its
own defaults instead.

Usage: migration-bench.py [--ours BIN] [--peer BIN] [--size GIB]
                          [--contents zero,half,random]
                          [--modes precopy,mfd2,mfd4,mfd2-zstd] [--native]
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)),
                                '..', '..', 'scripts'))
import qemu_mig_lib as lib  # noqa: E402

MODES = {
    'precopy': None,
    'mfd2': (2, 'none'),
    'mfd4': (4, 'none'),
    'mfd2-zstd': (2, 'zstd'),
}
CONTENTS = ('zero', 'half', 'random')
TIMEOUT = 600


class VM(lib.VM):
    """lib.VM with the CPU time and peak RSS of its process."""

    def __init__(self, binary, name, workdir, mem, size, extra):
        super().__init__(binary, name, workdir, mem, size, extra,
                         timeout=TIMEOUT)

    def cpu_seconds(self):
        with open('/proc/%d/stat' % self.proc.pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        tick = os.sysconf('SC_CLK_TCK')
        return (int(fields[11]) + int(fields[12])) / tick

    def peak_rss_mib(self):
        with open('/proc/%d/status' % self.proc.pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) / 1024
        return 0.0


def fill(path, size, content):
    """Write the source RAM file: zero, half zero / half random, random.

    Every page is written (zero pages too), so that the source's RAM is
    allocated as a running guest's is, and no run pays for allocating
    it on the first read while a later run does not.
    """
    start = {'zero': size, 'half': size // 2, 'random': 0}[content]
    chunk = 64 << 20
    zeros = bytes(chunk)
    with open(path, 'wb') as f:
        off = 0
        while off < size:
            n = min(chunk, size - off)
            if off + n <= start:
                f.write(zeros[:n])
            else:
                f.write(os.urandom(n))
            off += n


def warm_up(workdir, size):
    """Touch 3 x size of memory once and free it.

    On a virtual machine, the first touch of guest memory can cost far
    more than later ones (the host backs it then); whichever run came
    first would pay for it.
    """
    path = os.path.join(workdir, 'warm-up')
    chunk = bytes(64 << 20)
    with open(path, 'wb') as f:
        for _ in range(3 * size // len(chunk)):
            f.write(chunk)
    os.unlink(path)


def is_ours(binary):
    out = subprocess.run([binary, '--version'], capture_output=True,
                         text=True).stdout
    return not out.startswith('QEMU emulator version 7.')


def run(binary, ours, native, mode, src_mem, size, workdir, tag):
    dst_mem = os.path.join(workdir, 'dst.ram')
    lib.make_ram_file(dst_mem, size)
    multifd = MODES[mode]
    extra_src, extra_dst = [], []
    accel = ['-accel', 'qtest' if ours else 'tcg']
    if ours and multifd and not native:
        g = ['-global', 'migration.multifd-flush-after-each-section=on']
        extra_src += g
        extra_dst += g
    vms = []
    try:
        src = VM(binary, tag + '-src', workdir, src_mem, size,
                 accel + extra_src)
        vms.append(src)
        dst = VM(binary, tag + '-dst', workdir, dst_mem, size,
                 accel + extra_dst + ['-incoming', 'defer'])
        vms.append(dst)
        for vm in (src, dst):
            if multifd:
                extra = {'zero-page-detection': 'legacy'} \
                    if ours and not native else {}
                lib.enable_multifd(vm.qmp, *multifd, **extra)
        src.qmp.cmd('migrate-set-parameters', **{
            'max-bandwidth': 1 << 40})
        uri = 'unix:%s' % os.path.join(workdir, tag + '.sock')
        dst.qmp.cmd('migrate-incoming', uri=uri)
        cpu0 = (src.cpu_seconds(), dst.cpu_seconds())
        t0 = time.monotonic()
        src.qmp.cmd('migrate', uri=uri)
        info = lib.wait_migration(src.qmp, timeout=TIMEOUT, interval=0.005)
        wall = time.monotonic() - t0
        lib.wait_migration(dst.qmp, timeout=TIMEOUT - wall, interval=0.005)
        res = {
            'wall': wall,
            'mbps': size / wall / (1 << 20),
            'downtime': info.get('downtime', 0),
            'cpu_src': src.cpu_seconds() - cpu0[0],
            'cpu_dst': dst.cpu_seconds() - cpu0[1],
            'rss_src': src.peak_rss_mib(),
            'rss_dst': dst.peak_rss_mib(),
        }
    finally:
        for vm in vms:
            vm.stop()
    res['ok'] = lib.first_difference(src_mem, dst_mem) is None
    os.unlink(dst_mem)
    return res


def ratio(a, b):
    return '%.2f' % (a / b) if b else '-'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--ours', default=os.path.join(
        here, '..', '..', 'build', 'qemu-system-x86_64'))
    ap.add_argument('--peer', default='/usr/bin/qemu-system-x86_64')
    ap.add_argument('--size', type=float, default=2.0, help='GiB')
    ap.add_argument('--contents', default=','.join(CONTENTS))
    ap.add_argument('--modes', default=','.join(MODES))
    ap.add_argument('--native', action='store_true',
                    help='our multifd runs with our defaults, not the '
                         '7.2 dialect')
    args = ap.parse_args()
    size = int(args.size * (1 << 30)) & ~0xfff
    for b in (args.ours, args.peer):
        if not os.access(b, os.X_OK):
            print('missing binary %s' % b)
            return 2
    peer_is_ours = is_ours(args.peer)
    workdir = lib.shm_workdir('mig-bench-')
    hdr = ('%-7s %-9s %-5s %8s %8s %9s %8s %8s %8s %8s %4s' %
           ('content', 'mode', 'who', 'wall s', 'MiB/s', 'downt ms',
            'cpu src', 'cpu dst', 'rss src', 'rss dst', 'ram'))
    rows, failed = [], 0
    print('%s GiB, ours=%s, peer=%s%s' % (args.size, args.ours, args.peer,
                                          ', native' if args.native else ''))
    print(hdr)
    warm_up(workdir, size)
    turn = 0
    try:
        for content in args.contents.split(','):
            src_mem = os.path.join(workdir, 'src-%s.ram' % content)
            fill(src_mem, size, content)
            for mode in args.modes.split(','):
                res = {}
                pair = [('ours', args.ours, True),
                        ('peer', args.peer, peer_is_ours)]
                # Alternate who goes first: no order bias.
                turn += 1
                for who, binary, ours in pair[::1 if turn % 2 else -1]:
                    try:
                        r = run(binary, ours, args.native, mode, src_mem,
                                size, workdir, '%s-%s-%s' % (content, mode,
                                                             who))
                    except Exception as e:      # report and go on
                        print('%-7s %-9s %-5s FAILED: %s' % (content, mode,
                                                             who, e))
                        failed += 1
                        continue
                    res[who] = r
                    failed += not r['ok']
                    print('%-7s %-9s %-5s %8.2f %8.0f %9d %8.2f %8.2f '
                          '%8.0f %8.0f %4s' %
                          (content, mode, who, r['wall'], r['mbps'],
                           r['downtime'], r['cpu_src'], r['cpu_dst'],
                           r['rss_src'], r['rss_dst'],
                           'ok' if r['ok'] else 'BAD'))
                    sys.stdout.flush()
                if len(res) == 2:
                    rows.append((content, mode, res['ours'], res['peer']))
            os.unlink(src_mem)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print('ours/peer ratios (< 1: ours faster / cheaper)')
    print('%-7s %-9s %8s %9s %8s %8s %8s %8s' %
          ('content', 'mode', 'wall', 'downtime', 'cpu src', 'cpu dst',
           'rss src', 'rss dst'))
    for content, mode, o, p in rows:
        print('%-7s %-9s %8s %9s %8s %8s %8s %8s' %
              (content, mode, ratio(o['wall'], p['wall']),
               ratio(o['downtime'], p['downtime']),
               ratio(o['cpu_src'], p['cpu_src']),
               ratio(o['cpu_dst'], p['cpu_dst']),
               ratio(o['rss_src'], p['rss_src']),
               ratio(o['rss_dst'], p['rss_dst'])))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
