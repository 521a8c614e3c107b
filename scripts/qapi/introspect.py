# SPDX-License-Identifier: GPL-2.0-or-later
"""qapi-introspect.[ch]: the reply of query-qmp-schema.

What goes in (the facts of QEMU's output): every command and event
under its real name, then every type they use, directly or through
other types, in order of first use.  Type names are replaced by "0",
"1", ... in that same order; built-in types keep their names, but all
integer types are reported as "int" (and their arrays as "[int]");
array types are named "[<element>]".  Commands without arguments or
return value and events without data refer to one empty object type.
"""

from .cnames import IfCond
from .gen import CFile, c_string
from .schema import (AlternateType, ArrayType, BuiltinType, Command,
                     EnumType, ObjectType)
from .types import out_name


# A JSON value under construction is a tuple: ('dict', [(key, value,
# cond)]), ('list', [(value, cond)]), ('str', s), ('true',) or ('null',);
# cond is an IfCond or None.

def _dict(*items):
    return ('dict', [(k, v, None) for k, v in items])


def _str(s):
    return ('str', s)


class IntrospectGen:
    def __init__(self, schema, prefix):
        self.schema = schema
        self.prefix = prefix
        self.names = {}          # type name -> masked name
        self.used = []           # types to emit, in order of first use
        self.used_names = set()
        self.empty = ObjectType('q_empty', None, IfCond(), [], None, [])
        self.empty.members = []

    def _name(self, typ):
        if typ.name not in self.names:
            self.names[typ.name] = str(len(self.names))
        return self.names[typ.name]

    def _use(self, typ):
        """Note that @typ is used; return the name to report for it."""
        if isinstance(typ, BuiltinType) and typ.json_type == 'int':
            typ = self.schema.types['int']
        elif (isinstance(typ, ArrayType)
              and isinstance(typ.element, BuiltinType)
              and typ.element.json_type == 'int'):
            typ = self.schema.array_of(self.schema.types['int'])
        if typ.name not in self.used_names:
            self.used_names.add(typ.name)
            self.used.append(typ)
        if isinstance(typ, BuiltinType):
            return typ.name
        if isinstance(typ, ArrayType):
            return '[%s]' % self._use(typ.element)
        return self._name(typ)

    @staticmethod
    def _features(features):
        if not features:
            return []
        return [('features', ('list', [(_str(f.name), f.ifcond)
                                       for f in features]), None)]

    def _entry(self, name, meta, items, features, ifcond):
        tree = ('dict', [('name', _str(name), None),
                         ('meta-type', _str(meta), None)]
                + items + self._features(features))
        return (tree, ifcond)

    def _member(self, m):
        items = [('name', _str(m.name), None),
                 ('type', _str(self._use(m.type)), None)]
        if m.optional:
            items.append(('default', ('null',), None))
        items += self._features(m.features)
        return (('dict', items), m.ifcond)

    def _callable(self, ent):
        arg = ent.arg_type or self.empty
        items = [('arg-type', _str(self._use(arg)), None)]
        if isinstance(ent, Command):
            ret = ent.ret_type or self.empty
            items.append(('ret-type', _str(self._use(ret)), None))
            if ent.allow_oob:
                items.append(('allow-oob', ('true',), None))
        return self._entry(ent.name, ent.meta, items, ent.features,
                           ent.ifcond)

    def _type(self, typ):
        if isinstance(typ, BuiltinType):
            return self._entry(typ.name, 'builtin',
                               [('json-type', _str(typ.json_type), None)],
                               [], None)
        if isinstance(typ, ArrayType):
            elem = self._use(typ.element)
            return self._entry('[%s]' % elem, 'array',
                               [('element-type', _str(elem), None)],
                               [], typ.ifcond)
        name = self._name(typ)
        if isinstance(typ, EnumType):
            members = [(('dict', [('name', _str(v.name), None)]
                         + self._features(v.features)), v.ifcond)
                       for v in typ.values]
            values = [(_str(v.name), v.ifcond) for v in typ.values]
            return self._entry(name, 'enum',
                               [('members', ('list', members), None),
                                ('values', ('list', values), None)],
                               typ.features, typ.ifcond)
        if isinstance(typ, AlternateType):
            members = [(_dict(('type', _str(self._use(v.type)))), v.ifcond)
                       for v in typ.variants]
            return self._entry(name, 'alternate',
                               [('members', ('list', members), None)],
                               typ.features, typ.ifcond)
        items = [('members', ('list', [self._member(m)
                                       for m in typ.members]), None)]
        if typ.variants:
            items.append(('tag', _str(typ.tag_member.name), None))
            variants = [(_dict(('case', _str(v.name)),
                               ('type', _str(self._use(v.type)))),
                         v.ifcond) for v in typ.variants]
            items.append(('variants', ('list', variants), None))
        return self._entry(name, 'object', items, typ.features, typ.ifcond)

    def _entries(self):
        entries = []
        for ent in self.schema.entities:
            if ent.meta in ('command', 'event'):
                entries.append(self._callable(ent))
        i = 0
        while i < len(self.used):     # emitting a type may use more types
            entries.append(self._type(self.used[i]))
            i += 1
        return entries

    def _ops(self, tree, cond, indent):
        pad = '    ' * indent
        kind = tree[0]
        if kind == 'str':
            text = '%s{ QLIT_STR, %s },\n' % (pad, c_string(tree[1]))
        elif kind == 'true':
            text = '%s{ QLIT_TRUE },\n' % pad
        elif kind == 'null':
            text = '%s{ QLIT_NULL },\n' % pad
        elif kind == 'list':
            text = '%s{ QLIT_LIST },\n' % pad
            for value, vcond in tree[1]:
                text += self._ops(value, vcond, indent + 1)
            text += '%s{ QLIT_END },\n' % pad
        else:
            text = '%s{ QLIT_DICT },\n' % pad
            for key, value, vcond in tree[1]:
                sub = '%s    { QLIT_KEY, %s },\n' % (pad, c_string(key))
                sub += self._ops(value, None, indent + 1)
                text += _wrap(vcond, sub)
            text += '%s{ QLIT_END },\n' % pad
        return _wrap(cond, text)

    def generate(self):
        entries = self._entries()
        h = CFile(out_name(self.prefix, 'introspect', '', '.h'),
                  'The schema as reported by query-qmp-schema')
        c = CFile(out_name(self.prefix, 'introspect', '', '.c'),
                  'The schema as reported by query-qmp-schema')
        h.add('/* A new QList of SchemaInfo objects describing the schema. */'
              '\nQObject *qmp_schema_qobject(void);\n')
        c.add('#include "qemu/osdep.h"\n'
              '#include "qapi/qlit-build.h"\n'
              '#include "%s"\n\n'
              % out_name(self.prefix, 'introspect', '', '.h'))
        c.add('static const QLitOp qmp_schema_ops[] = {\n'
              '    { QLIT_LIST },\n')
        for tree, cond in entries:
            c.add(self._ops(tree, cond, 1))
        c.add('    { QLIT_END },\n};\n\n'
              'QObject *qmp_schema_qobject(void)\n{\n'
              '    return qlit_build(qmp_schema_ops);\n}\n')
        return [h, c]


def _wrap(cond, text):
    if cond is None or not cond.is_present():
        return text
    return '#if %s\n%s#endif\n' % (cond.c_expr(), text)
