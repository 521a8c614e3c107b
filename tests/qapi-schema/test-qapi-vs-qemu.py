#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare our query-qmp-schema reply with one recorded from QEMU.

For every command and event both define, the structure reachable from
it must match: meta-types, member names and order, member types (masked
names resolved on both sides, recursively), optional members
("default": null), enum values, union tags and variants, alternate
branches, features and allow-oob.  Type numbers are not compared.
Differences explained by QEMU versions are listed in KNOWN with the
reason; anything else fails, and so does a KNOWN entry that no longer
occurs (so the list stays honest).

usage: test-qapi-vs-qemu.py DUMP-PROGRAM [RECORDED.json]
The recording defaults to $QAPI_QEMU_SCHEMA or the libvirt probe
excerpt of the shared spec; the test is skipped (exit 77) without it.
"""

import json
import os
import subprocess
import sys

DEFAULT_RECORDING = '/work/shared/spec/libvirt/qmp-schema-minimal.json'

# The recording is QEMU 7.2's; we implement 10.2.  path -> reason.
_REMOVED_91 = 'removed in 9.1'
KNOWN = {
    # query-migrate (MigrationInfo, MigrationStats, SocketAddress)
    'query-migrate/ret-type/postcopy-latency': 'added in 10.1 (unstable)',
    'query-migrate/ret-type/postcopy-latency-dist': 'added in 10.1',
    'query-migrate/ret-type/postcopy-vcpu-latency': 'added in 10.1',
    'query-migrate/ret-type/postcopy-non-vcpu-latency': 'added in 10.1',
    'query-migrate/ret-type/dirty-limit-throttle-time-per-round':
        'added in 8.1',
    'query-migrate/ret-type/dirty-limit-ring-full-time': 'added in 8.1',
    'query-migrate/ret-type/disk': _REMOVED_91,
    'query-migrate/ret-type/compression': _REMOVED_91,
    'query-migrate/ret-type/ram/skipped': _REMOVED_91,
    'query-migrate/ret-type/socket-address/[]/case=inet/keep-alive-count':
        'added in 10.1',
    'query-migrate/ret-type/socket-address/[]/case=inet/keep-alive-idle':
        'added in 10.1',
    'query-migrate/ret-type/socket-address/[]/case=inet/keep-alive-interval':
        'added in 10.1',
    # MigrationStatus, wherever it is reached from
    'query-migrate/ret-type/status':
        'postcopy-recover-setup added in 9.1, postcopy-device in 10.2',
    'MIGRATION/arg-type/status': 'as MigrationStatus above',
    'migrate-continue/arg-type/state': 'as MigrationStatus above',
    # MigrationCapability
    'migrate-set-capabilities/arg-type/capabilities/[]/capability':
        'switchover-ack, dirty-limit added in 8.1, mapped-ram in 9.0; '
        'compress, block removed in 9.1',
    'migrate-set-capabilities/arg-type/capabilities/[]/capability/'
    'zero-blocks/features': 'deprecated in 9.2',
    'query-migrate-capabilities/ret-type/[]/capability':
        'as MigrationCapability above',
    'query-migrate-capabilities/ret-type/[]/capability/zero-blocks/features':
        'deprecated in 9.2',
    # migrate / migrate-incoming
    'migrate/arg-type/channels': 'added in 8.2',
    'migrate/arg-type/blk': _REMOVED_91,
    'migrate/arg-type/inc': _REMOVED_91,
    'migrate/arg-type/uri/default': 'optional since 8.2 (channels)',
    'migrate/arg-type/detach/features': 'deprecated in 10.1',
    'migrate-incoming/arg-type/channels': 'added in 8.2',
    'migrate-incoming/arg-type/exit-on-error': 'added in 9.1',
    'migrate-incoming/arg-type/uri/default': 'optional since 8.2',
    # machines and targets
    'query-machines/arg-type/compat-props': 'added in 9.1 (unstable)',
    'query-machines/ret-type/[]/acpi': 'added in 8.0',
    'query-machines/ret-type/[]/compat-props': 'added in 9.1 (unstable)',
    'query-target/ret-type/arch': 'cris and nios2 targets removed in 9.x',
}
# Parameters added (8.1 .. 10.2) and removed (9.1) in both parameter types
for _t in ('migrate-set-parameters/arg-type',
           'query-migrate-parameters/ret-type'):
    for _m, _why in (('avail-switchover-bandwidth', 'added in 8.2'),
                     ('multifd-qatzip-level', 'added in 9.2'),
                     ('x-vcpu-dirty-limit-period', 'added in 8.1'),
                     ('vcpu-dirty-limit', 'added in 8.1'),
                     ('mode', 'added in 8.2'),
                     ('zero-page-detection', 'added in 9.0'),
                     ('direct-io', 'added in 9.1'),
                     ('cpr-exec-command', 'added in 10.2'),
                     ('compress-level', _REMOVED_91),
                     ('compress-threads', _REMOVED_91),
                     ('compress-wait-thread', _REMOVED_91),
                     ('decompress-threads', _REMOVED_91),
                     ('block-incremental', _REMOVED_91)):
        KNOWN['%s/%s' % (_t, _m)] = _why


class Comparer:
    """Walk one entity of each schema in parallel, noting differences as
    (path, text); paths read like libvirt's probes (cmd/arg-type/member)."""

    def __init__(self, ours, qemu):
        self.ours = {e['name']: e for e in ours}
        self.qemu = {e['name']: e for e in qemu}
        self.diffs = []
        self.seen = set()

    def note(self, path, text):
        self.diffs.append((path, text))

    def compare(self, a_name, b_name, path):
        if (a_name, b_name, path) in self.seen:
            return
        self.seen.add((a_name, b_name, path))
        a, b = self.ours.get(a_name), self.qemu.get(b_name)
        if a is None or b is None:
            self.note(path, 'type %r / %r not in the schema'
                      % (a_name, b_name))
            return
        meta = a['meta-type']
        if meta != b['meta-type']:
            self.note(path, 'meta-type %s, QEMU has %s'
                      % (meta, b['meta-type']))
            return
        self._same(path + '/features', a.get('features'),
                   b.get('features'))
        getattr(self, '_' + meta.replace('-', '_'))(a, b, path)

    def _same(self, path, mine, theirs):
        if mine != theirs:
            self.note(path, 'we have %r, QEMU has %r' % (mine, theirs))

    def _builtin(self, a, b, path):
        self._same(path, (a['name'], a['json-type']),
                   (b['name'], b['json-type']))

    def _array(self, a, b, path):
        self.compare(a['element-type'], b['element-type'], path + '/[]')

    def _enum(self, a, b, path):
        mine = [m['name'] for m in a['members']]
        theirs = [m['name'] for m in b['members']]
        if a.get('values') != mine:
            self.note(path, "our 'values' differ from 'members'")
        if mine != theirs:
            both = [v for v in mine if v in theirs]
            self.note(path, 'values: ours only %s, QEMU only %s%s' % (
                [v for v in mine if v not in theirs],
                [v for v in theirs if v not in mine],
                '' if both == [v for v in theirs if v in mine]
                else ', and the order differs'))
        feats = {m['name']: m.get('features') for m in b['members']}
        for m in a['members']:
            if m['name'] in feats:
                self._same('%s/%s/features' % (path, m['name']),
                           m.get('features'), feats[m['name']])

    def _alternate(self, a, b, path):
        mine = [m['type'] for m in a['members']]
        theirs = [m['type'] for m in b['members']]
        if len(mine) != len(theirs):
            self.note(path, '%d branches, QEMU has %d'
                      % (len(mine), len(theirs)))
        for i, (x, y) in enumerate(zip(mine, theirs)):
            self.compare(x, y, '%s/branch%d' % (path, i))

    def _object(self, a, b, path):
        mine = {m['name']: m for m in a['members']}
        theirs = {m['name']: m for m in b['members']}
        for name in mine:
            if name not in theirs:
                self.note(path + '/' + name, 'only we have it')
        for name in theirs:
            if name not in mine:
                self.note(path + '/' + name, 'only QEMU has it')
        both = [n for n in mine if n in theirs]
        if both != [n for n in theirs if n in mine]:
            self.note(path, 'member order differs')
        for name in both:
            x, y = mine[name], theirs[name]
            for key in ('default', 'features'):
                self._same('%s/%s/%s' % (path, name, key),
                           x.get(key, '(absent)'), y.get(key, '(absent)'))
            self.compare(x['type'], y['type'], path + '/' + name)
        self._same(path + '/tag', a.get('tag'), b.get('tag'))
        mine = {v['case']: v['type'] for v in a.get('variants', [])}
        theirs = {v['case']: v['type'] for v in b.get('variants', [])}
        for case in sorted(set(mine) | set(theirs)):
            sub = '%s/case=%s' % (path, case)
            if case not in theirs or case not in mine:
                self.note(sub, 'only %s has it'
                          % ('we' if case in mine else 'QEMU'))
            else:
                self.compare(mine[case], theirs[case], sub)

    def _callable(self, a, b, path, keys):
        self._same(path + '/allow-oob', a.get('allow-oob', False),
                   b.get('allow-oob', False))
        for key in keys:
            self.compare(a[key], b[key], path + '/' + key)

    def _command(self, a, b, path):
        self._callable(a, b, path, ('arg-type', 'ret-type'))

    def _event(self, a, b, path):
        self._callable(a, b, path, ('arg-type',))


def main():
    dump = sys.argv[1]
    recording = (sys.argv[2] if len(sys.argv) > 2 else
                 os.environ.get('QAPI_QEMU_SCHEMA', DEFAULT_RECORDING))
    if not os.path.exists(recording):
        print('1..0 # SKIP no recorded QEMU schema at %s' % recording)
        return 77
    with open(recording, encoding='utf-8') as f:
        qemu = json.load(f)
    ours = json.loads(subprocess.run([dump], capture_output=True, text=True,
                                     check=True).stdout)
    cmp = Comparer(ours, qemu)
    names = [e['name'] for e in qemu
             if e['meta-type'] in ('command', 'event')]
    compared = [n for n in names if n in cmp.ours]
    for name in compared:
        cmp.compare(name, name, name)
    print('# compared %d commands/events; not defined here: %s'
          % (len(compared), ', '.join(n for n in names if n not in cmp.ours)
             or 'none'))

    failed = 0
    found = set()
    print('1..%d' % (len(cmp.diffs) + 1))
    for i, (path, text) in enumerate(cmp.diffs, 1):
        if path in KNOWN:
            found.add(path)
            print('ok %d %s # known: %s (%s)' % (i, path, KNOWN[path], text))
        else:
            print('not ok %d %s: %s' % (i, path, text))
            failed += 1
    stale = sorted(set(KNOWN) - found)
    if stale:
        print('not ok %d known differences that no longer occur: %s'
              % (len(cmp.diffs) + 1, ', '.join(stale)))
        failed += 1
    else:
        print('ok %d every known difference still occurs'
              % (len(cmp.diffs) + 1))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
