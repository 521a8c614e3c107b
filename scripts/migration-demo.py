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
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import qemu_mig_lib as lib  # noqa: E402

PAGE = 4096
MIB = 1 << 20


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
    workdir = lib.shm_workdir('migration-demo-')
    src_mem = os.path.join(workdir, 'src.ram')
    dst_mem = os.path.join(workdir, 'dst.ram')
    vms = []
    try:
        for p in (src_mem, dst_mem):
            lib.make_ram_file(p, size)
        print('Filling %s of source RAM (zero, random, repeated, sparse '
              'pages)...' % human(size))
        counts = fill_source(src_mem, size, opts.seed)
        print('  pages: %s' % ', '.join('%s %d' % kv for kv in
                                          counts.items()))

        accel = ['-accel', 'qtest']
        vms.append(lib.VM(opts.binary, 'src', workdir, src_mem, size, accel))
        vms.append(lib.VM(opts.binary, 'dst', workdir, dst_mem, size,
                          accel + ['-incoming', 'defer']))
        s, d = vms[0].qmp, vms[1].qmp
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

        def show(info):
            sys.stdout.write(progress_line(info, size, t0))
            sys.stdout.flush()
        info = lib.wait_migration(s, lib.FINAL_STATES, timeout=None,
                                  interval=0.1, progress=show)
        print()
        if info['status'] != 'completed':
            print('Migration %s: %s' % (info['status'],
                                        info.get('error-desc', '')))
            return 1
        try:
            lib.wait_migration(d, timeout=120 - (time.monotonic() - t0))
        except lib.QMPError:
            print('destination did not complete')
            return 1
        dst_state = d.cmd('query-status')['status']
        src_state = s.cmd('query-status')['status']
        print('Verifying destination RAM against the source...')
        diff = lib.first_difference(src_mem, dst_mem)
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
        return 0 if diff is None else 1
    finally:
        for vm in vms:
            vm.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
