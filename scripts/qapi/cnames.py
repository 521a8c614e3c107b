# SPDX-License-Identifier: GPL-2.0-or-later
"""How schema names become C names, and how 'if' conditions become
preprocessor expressions."""

import re

# Words a member name must not be used as verbatim in C: the keywords of
# C89 to C11, GNU extensions, C++ (headers may be read by C++ code), and
# a few identifiers the system headers define as macros.
_RESERVED = set('''
    auto break case char const continue default do double else enum extern
    float for goto if int long register return short signed sizeof static
    struct switch typedef union unsigned void volatile while
    inline restrict _Bool _Complex _Imaginary
    _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert
    _Thread_local
    asm typeof
    and and_eq bitand bitor bool catch class compl const_cast delete
    dynamic_cast explicit false friend mutable namespace new not not_eq
    operator or or_eq private protected public reinterpret_cast
    static_cast template this throw true try typeid typename using
    virtual wchar_t xor xor_eq
    unix errno mips sparc i386 linux
'''.split())


def c_name(name, protect=True):
    """@name with every character that can't be in a C identifier
    replaced by '_'; with @protect, names that would clash with C
    keywords or common macros get a 'q_' prefix."""
    out = re.sub(r'[^A-Za-z0-9_]', '_', name)
    if protect and (out in _RESERVED or out[0].isdigit()):
        return 'q_' + out
    return out


def camel_to_upper(name):
    """UPPER_SNAKE form of a CamelCase type name, used as the default
    enum constant prefix: MigrationStatus -> MIGRATION_STATUS, QType ->
    QTYPE, HTTPProxy -> HTTP_PROXY.

    A '_' goes where a lower-case letter or digit is followed by an
    upper-case letter, and before the last letter of a run of capitals
    that is followed by a lower-case letter (unless that run is at the
    very start and only one letter long)."""
    out = name[0]
    prev_upper = name[0].isupper()
    for ch in name[1:]:
        upper = ch.isupper()
        if upper and not prev_upper and out[-1].isalnum():
            out += '_'
        elif not upper and prev_upper and ch.isalnum():
            if len(out) > 2 and out[-2].isalnum():
                out = out[:-1] + '_' + out[-1]
        out += ch
        prev_upper = upper
    return c_name(out.upper(), False).lstrip('_')


def c_enum_const(type_name, value, prefix=None):
    """The C constant of enum value @value of type @type_name."""
    if prefix is None:
        prefix = camel_to_upper(type_name)
    return prefix + '_' + c_name(value, False).upper()


class IfCond:
    """A build condition: None (always), a symbol, or
    {'all': [...]}, {'any': [...]}, {'not': COND}."""

    def __init__(self, expr=None):
        self.expr = expr

    def is_present(self):
        return self.expr is not None

    def c_expr(self):
        return _c_cond(self.expr)

    def and_with(self, other):
        if not other.is_present():
            return self
        if not self.is_present():
            return other
        return IfCond({'all': [self.expr, other.expr]})


def _c_cond(expr):
    if isinstance(expr, str):
        return 'defined(%s)' % expr
    if 'not' in expr:
        return '!' + _c_paren(expr['not'])
    op = ' && ' if 'all' in expr else ' || '
    parts = expr.get('all', expr.get('any'))
    return op.join(_c_paren(p) for p in parts)


def _c_paren(expr):
    text = _c_cond(expr)
    if isinstance(expr, str) or 'not' in expr:
        return text
    return '(' + text + ')'


def gen_if(cond, text):
    """Wrap the C text @text in #if / #endif for @cond."""
    if not cond or not cond.is_present() or not text:
        return text
    return '#if %s\n%s#endif /* %s */\n' % (cond.c_expr(), text,
                                              cond.c_expr())
