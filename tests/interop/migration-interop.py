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
import os
import random
import shutil
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)),
                                '..', '..', 'scripts'))
import qemu_mig_lib as lib  # noqa: E402

PAGE = 4096
SIZE = 64 << 20
TIMEOUT = 60


def start_vm(binary, name, workdir, mem, extra):
    return lib.VM(binary, name, workdir, mem, SIZE, extra,
                  connect_timeout=TIMEOUT, timeout=TIMEOUT)


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


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def setup_multifd(vm, ours, multifd):
    """multifd = (channels, compression): the same on both sides."""
    extra = {'zero-page-detection': 'legacy'} if ours else {}
    lib.enable_multifd(vm.qmp, *multifd, **extra)


def run_case(name, src_bin, dst_bin, transport, ours_is_src, workdir,
             multifd=None):
    src_mem = os.path.join(workdir, name + '-src.ram')
    dst_mem = os.path.join(workdir, name + '-dst.ram')
    for p in (src_mem, dst_mem):
        lib.make_ram_file(p, SIZE)
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
        src = start_vm(src_bin, name + '-src', workdir, src_mem,
                       accel_src + src_extra)
        vms.append(src)
        if transport in ('tcp', 'unix'):
            dst = start_vm(dst_bin, name + '-dst', workdir, dst_mem,
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
            info = lib.wait_migration(src.qmp, timeout=TIMEOUT)
            lib.wait_migration(dst.qmp, timeout=TIMEOUT)
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
            lib.wait_migration(src.qmp, timeout=TIMEOUT)
            dst = start_vm(dst_bin, name + '-dst', workdir, dst_mem,
                           accel_dst + ['-incoming', 'defer'])
            vms.append(dst)
            dst.qmp.cmd('migrate-incoming', uri='exec:cat %s' % path)
            lib.wait_migration(dst.qmp, timeout=TIMEOUT)
        state = dst.qmp.cmd('query-status')['status']
        if state != 'running':
            return 'destination run state %s' % state
        return lib.describe_difference(src_mem, dst_mem)
    except Exception as e:          # report, then show the logs
        for vm in vms:
            tail = vm.output()[-400:].strip()
            if tail:
                e = '%s [%s: %s]' % (e, os.path.basename(vm.log), tail)
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
    workdir = lib.shm_workdir('mig-interop-')
    failed = 0
    try:
        for case in cases:
            name = case[0]
            if only and name not in only:
                continue
            t0 = time.monotonic()
            err = run_case(name, *case[1:5], workdir,
                           multifd=case[5] if len(case) > 5 else None)
            lib.report(name, time.monotonic() - t0, err, 26)
            failed += err is not None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
