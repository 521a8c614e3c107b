#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Negative tests of the QAPI generator: every schema under bad/ must be
refused with the expected message (file:line included).

usage: test-qapi-bad.py QAPI-GEN"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# schema -> text that must appear in the generator's error output
EXPECTED = {
    'undocumented.json':
        "undocumented.json:3: documentation comment required for struct "
        "'Foo'",
    'doc-mismatch.json':
        "doc-mismatch.json:6: definition of 'Foo' follows documentation "
        "for 'Bar'",
    'unknown-type.json':
        "unknown-type.json:6: member 'a' of struct 'Foo' uses unknown type "
        "'Nope'",
    'duplicate-member.json':
        "duplicate-member.json:6: duplicate member 'a' in struct 'Foo'",
    'bad-include.json':
        "bad-include.json:3: can't read include file",
    'double-quotes.json':
        "double-quotes.json:4: strings must use single quotes",
    'union-tag.json':
        "union-tag.json:11: discriminator 'tag' of union 'Foo' must be a "
        "mandatory enum member",
    'returns-scalar.json':
        "returns-scalar.json:4: command 'get-int' cannot return 'int'",
    'bad-if.json':
        "bad-if.json:4: 'if' condition of struct 'Foo' has unknown operator "
        "'both'",
    'alternate-clash.json':
        "alternate-clash.json:7: branch 'b' of alternate 'Foo' can't be "
        "distinguished from 'a'",
}


def main():
    gen = sys.argv[1]
    failed = 0
    names = sorted(os.listdir(os.path.join(HERE, 'bad')))
    missing = set(EXPECTED) ^ set(names)
    if missing:
        print('FAIL: bad/ and the expectations differ: %s' % sorted(missing))
        failed += 1
    print('1..%d' % len(names))
    for i, name in enumerate(names, 1):
        path = os.path.join(HERE, 'bad', name)
        proc = subprocess.run([sys.executable, gen, '--check', path],
                              capture_output=True, text=True, check=False)
        want = EXPECTED.get(name, '?')
        if proc.returncode != 1 or want not in proc.stderr:
            print('not ok %d /qapi/bad-schema/%s\n# exit %d, stderr:\n# %s'
                  '\n# expected: %s' % (i, name, proc.returncode,
                                        proc.stderr.strip(), want))
            failed += 1
        else:
            print('ok %d /qapi/bad-schema/%s' % (i, name))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
