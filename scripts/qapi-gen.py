#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate C code from a QAPI schema (see docs/devel/qapi.md).

usage: qapi-gen.py [-o OUTDIR] [-p PREFIX] [--modules LIST]
                   [--depfile FILE] [--check] SCHEMA
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
from qapi.parser import SchemaError  # noqa: E402
from qapi.schema import Schema  # noqa: E402
from qapi import commands, events, introspect, types  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description='Generate C from a QAPI schema')
    ap.add_argument('schema')
    ap.add_argument('-o', '--output-dir', default='.')
    ap.add_argument('-p', '--prefix', default='',
                    help='prefix of every output file name')
    ap.add_argument('--modules', default=None,
                    help='comma-separated list of the modules the build '
                    'expects (besides the main one); a mismatch is an error')
    ap.add_argument('--depfile', default=None,
                    help='write a make-style list of the schema files read')
    ap.add_argument('--partial-modules', default='',
                    help='comma-separated modules whose handlers may be '
                    'missing at link time: their commands are registered '
                    'only when the handler exists')
    ap.add_argument('--check', action='store_true',
                    help='only check the schema, write nothing')
    args = ap.parse_args()

    try:
        schema = Schema(args.schema)
    except SchemaError as e:
        print('%s: %s' % (os.path.basename(sys.argv[0]), e), file=sys.stderr)
        return 1
    if args.check:
        return 0

    modules = schema.modules()
    if args.modules is not None:
        expected = set(m for m in args.modules.split(',') if m)
        got = set(m for m in modules if m)
        if expected != got:
            print('%s: the build expects schema modules %s but the schema '
                  'has %s; update the module list in meson.build'
                  % (os.path.basename(sys.argv[0]), sorted(expected),
                     sorted(got)), file=sys.stderr)
            return 1

    outputs = []
    tgen = types.TypesGen(schema, args.prefix)
    cgen = commands.CommandsGen(schema, args.prefix,
                                 [m for m in args.partial_modules.split(',')
                                  if m])
    egen = events.EventsGen(schema, args.prefix)
    for module in modules:
        outputs += tgen.generate(module)
        outputs += cgen.generate(module)
        outputs += egen.generate(module)
    outputs += cgen.generate_init(modules)
    outputs += egen.generate_emit()
    outputs += introspect.IntrospectGen(schema, args.prefix).generate()

    os.makedirs(args.output_dir, exist_ok=True)
    for out in outputs:
        out.write(args.output_dir)
    if args.depfile:
        first = os.path.join(args.output_dir, outputs[0].fname)
        with open(args.depfile, 'w', encoding='utf-8') as f:
            f.write('%s: %s\n' % (first, ' '.join(
                os.path.abspath(p) for p in schema.files)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
