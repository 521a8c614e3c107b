# SPDX-License-Identifier: GPL-2.0-or-later
"""qapi-types-<module>.[ch]: C types, enum tables, type descriptors and
free functions; qapi-conv-<module>.h: typed conversion wrappers."""

from .cnames import gen_if
from .gen import CFile, c_string
from .schema import (AlternateType, ArrayType, BuiltinType, EnumType,
                     ObjectType, alternate_qtype, special_features_c)


def out_name(prefix, what, module, ext):
    """File name of the @what output of @module ('' = main module)."""
    return '%sqapi-%s%s%s' % (prefix, what, '-' + module if module else '',
                              ext)


_KINDS = {
    'str': 'STR', 'number': 'NUMBER', 'int': 'INT64', 'int8': 'INT8',
    'int16': 'INT16', 'int32': 'INT32', 'int64': 'INT64', 'uint8': 'UINT8',
    'uint16': 'UINT16', 'uint32': 'UINT32', 'uint64': 'UINT64',
    'size': 'SIZE', 'bool': 'BOOL', 'any': 'ANY', 'null': 'NULL',
}


def type_kind(typ):
    if isinstance(typ, BuiltinType):
        return 'QAPI_KIND_' + _KINDS[typ.name]
    if isinstance(typ, EnumType):
        return 'QAPI_KIND_ENUM'
    if isinstance(typ, ArrayType):
        return 'QAPI_KIND_LIST'
    if isinstance(typ, AlternateType):
        return 'QAPI_KIND_ALTERNATE'
    return 'QAPI_KIND_UNION' if typ.variants else 'QAPI_KIND_STRUCT'


def _field(ctype, name):
    sep = '' if ctype.endswith('*') else ' '
    return '%s%s%s;\n' % (ctype, sep, name)


class TypesGen:
    def __init__(self, schema, prefix):
        self.schema = schema
        self.prefix = prefix

    def header_name(self, module):
        return out_name(self.prefix, 'types', module, '.h')

    def module_types(self, module):
        ents = [e for e in self.schema.module_entities(module)
                if isinstance(e, (EnumType, ObjectType, AlternateType))]
        return ents, self.schema.module_arrays(module)

    def generate(self, module):
        h = CFile(self.header_name(module),
                  'QAPI types of schema module "%s"' % (module or 'main'))
        c = CFile(out_name(self.prefix, 'types', module, '.c'),
                  'QAPI type descriptors and free functions of schema '
                  'module "%s"' % (module or 'main'))
        h.add('#include "qapi/qapi-builtin-types.h"\n')
        for inc in sorted(self.schema.module_includes.get(module, ())):
            h.add('#include "%s"\n' % self.header_name(inc))
        h.add('\n')
        c.add('#include "qemu/osdep.h"\n'
              '#include "qapi/qobject-conv.h"\n'
              '#include "%s"\n\n' % self.header_name(module))

        ents, arrays = self.module_types(module)
        objs = [e for e in ents if not isinstance(e, EnumType)]
        for e in objs + arrays:
            h.add_if(e.ifcond, 'typedef struct %s %s;\n'
                     % (e.c_name(), e.c_name()))
        h.add('\n')
        for e in ents:
            if isinstance(e, EnumType):
                h.add_if(e.ifcond, self._enum_decl(e))
                c.add_if(e.ifcond, self._enum_def(e))
        done = set()
        for e in objs + arrays:
            self._emit_struct(e, module, h, done)
        for e in objs + arrays:
            c.add_if(e.ifcond, self._descriptor(e))
            if self._has_free(e):
                c.add_if(e.ifcond, self._free_def(e))
        return [h, c, self._conv_header(module, objs + arrays)]

    # -- enums -------------------------------------------------------------

    def _enum_decl(self, e):
        out = 'typedef enum %s {\n' % e.c_name()
        for v in e.values:
            out += gen_if(v.ifcond, '    %s,\n' % e.const(v.name))
        out += '    %s,\n} %s;\n\n' % (e.max_const(), e.c_name())
        out += ('#define %s_str(val) qapi_enum_lookup(&%s_lookup, (val))\n\n'
                'extern const QEnumLookup %s_lookup;\n'
                'extern const QapiTypeInfo %s;\n\n'
                % (e.c_name(), e.c_name(), e.c_name(), e.info_name()))
        return out

    def _enum_def(self, e):
        out = ('const QEnumLookup %s_lookup = {\n'
               '    .array = (const char *const[]) {\n' % e.c_name())
        for v in e.values:
            out += gen_if(v.ifcond, '        [%s] = %s,\n'
                          % (e.const(v.name), c_string(v.name)))
        out += '    },\n'
        special = [v for v in e.values
                   if special_features_c(v.features) != '0']
        if special:
            out += ('    .special_features = (const unsigned char[%s]) {\n'
                    % e.max_const())
            for v in special:
                out += gen_if(v.ifcond, '        [%s] = %s,\n'
                              % (e.const(v.name),
                                 special_features_c(v.features)))
            out += '    },\n'
        out += '    .size = %s,\n};\n\n' % e.max_const()
        out += ('const QapiTypeInfo %s = {\n'
                '    .name = %s,\n'
                '    .kind = QAPI_KIND_ENUM,\n'
                '    .lookup = &%s_lookup,\n};\n\n'
                % (e.info_name(), c_string(e.name), e.c_name()))
        return out

    # -- structs -------------------------------------------------------------

    def _by_value_deps(self, e):
        """Types @e holds by value and which must be complete first."""
        deps = []
        if isinstance(e, ObjectType):
            deps = [v.type for v in e.variants or []]
        elif isinstance(e, AlternateType):
            deps = [v.type for v in e.variants
                    if isinstance(v.type, ObjectType)]
        return deps

    def _emit_struct(self, e, module, h, done):
        if e.name in done:
            return
        done.add(e.name)
        for d in self._by_value_deps(e):
            if d.module == module and not isinstance(d, EnumType):
                self._emit_struct(d, module, h, done)
        if isinstance(e, ArrayType):
            text = ('struct %s {\n    %s *next;\n    %s};\n\n'
                    % (e.c_name(), e.c_name(),
                       _field(e.element.c_type(), 'value')))
        elif isinstance(e, AlternateType):
            text = 'struct %s {\n    QType type;\n    union {\n' % e.c_name()
            for v in e.variants:
                text += gen_if(v.ifcond, '        ' + _field(
                    v.type.c_unboxed_type(), v.c_name()))
            text += '    } u;\n};\n\n'
        else:
            text = self._object_struct(e)
        if self._has_free(e):
            text += ('void qapi_free_%s(%s *obj);\n'
                     'G_DEFINE_AUTOPTR_CLEANUP_FUNC(%s, qapi_free_%s)\n'
                     % ((e.c_name(),) * 4))
        text += 'extern const QapiTypeInfo %s;\n\n' % e.info_name()
        h.add_if(e.ifcond, text)

    def _object_struct(self, e):
        text = 'struct %s {\n' % e.c_name()
        if e.base is not None:
            text += '    /* Members inherited from %s: */\n' % e.base.c_name()
            for m in e.base.members:
                text += gen_if(m.ifcond, self._member_fields(m))
            if e.local_members:
                text += '    /* Own members: */\n'
        for m in e.local_members:
            text += gen_if(m.ifcond, self._member_fields(m))
        if e.variants:
            text += '    union { /* union tag is @%s */\n' % e.tag_member.name
            for v in e.variants:
                text += gen_if(v.ifcond, '        %s %s;\n'
                               % (v.type.c_name(), v.c_name()))
            text += '    } u;\n'
        if not e.members and not e.variants:
            text += '    char qapi_dummy_for_empty_struct;\n'
        text += '};\n\n'
        if e.base is not None and not e.base.is_implicit():
            text += ('static inline %s *qapi_%s_base(const %s *obj)\n'
                     '{\n    return (%s *)obj;\n}\n\n'
                     % (e.base.c_name(), e.c_name(), e.c_name(),
                        e.base.c_name()))
        return text

    @staticmethod
    def _member_fields(m):
        out = ''
        if m.need_has():
            out += '    bool has_%s;\n' % m.c_name()
        out += '    ' + _field(m.type.c_type(), m.c_name())
        return out

    # -- descriptors ---------------------------------------------------------

    def _members_table(self, e):
        name = 'qapi_members_' + e.c_name()
        out = 'static const QapiMemberInfo %s[] = {\n' % name
        for m in e.members:
            row = ('    {\n        .name = %s,\n        .type = &%s,\n'
                   '        .offset = offsetof(%s, %s),\n'
                   % (c_string(m.name), m.type.info_name(), e.c_name(),
                      m.c_name()))
            if m.optional:
                row += '        .optional = true,\n'
            if m.need_has():
                row += ('        .has_flag = true,\n'
                        '        .has_offset = offsetof(%s, has_%s),\n'
                        % (e.c_name(), m.c_name()))
            feats = special_features_c(m.features)
            if feats != '0':
                row += '        .special_features = %s,\n' % feats
            row += '    },\n'
            out += gen_if(m.ifcond, row)
        out += '    { .name = NULL },\n};\n\n'
        return name, out

    def _variants_table(self, e):
        name = 'qapi_variants_' + e.c_name()
        out = 'static const QapiVariantInfo %s[] = {\n' % name
        for v in e.variants:
            if isinstance(e, AlternateType):
                tag = alternate_qtype(v.type)
            else:
                tag = e.tag_member.type.const(v.name)
            out += gen_if(v.ifcond, '    { .tag = %s, .type = &%s },\n'
                          % (tag, v.type.info_name()))
        out += '    { .type = NULL },\n};\n\n'
        return name, out

    def _descriptor(self, e):
        cn = e.c_name()
        out = ''
        fields = ['.name = %s' % c_string(e.name),
                  '.kind = %s' % type_kind(e),
                  '.size = sizeof(%s)' % cn]
        if isinstance(e, ArrayType):
            fields += ['.element = &%s' % e.element.info_name(),
                       '.value_offset = offsetof(%s, value)' % cn]
        else:
            if isinstance(e, ObjectType):
                table, text = self._members_table(e)
                out += text
                fields.append('.members = %s' % table)
                if e.variants:
                    fields.append('.tag_offset = offsetof(%s, %s)'
                                  % (cn, e.tag_member.c_name()))
            if e.variants:
                table, text = self._variants_table(e)
                out += text
                fields += ['.variants_offset = offsetof(%s, u)' % cn,
                           '.variants = %s' % table]
        out += 'const QapiTypeInfo %s = {\n' % e.info_name()
        out += ''.join('    %s,\n' % f for f in fields)
        out += '};\n\n'
        return out

    @staticmethod
    def _has_free(e):
        """Whether @e gets qapi_free_T(): named types and, as in QEMU,
        every list type (qapi_free_FooList())."""
        return isinstance(e, ArrayType) or not e.is_implicit()

    @staticmethod
    def _free_def(e):
        return ('void qapi_free_%s(%s *obj)\n{\n'
                '    qapi_free_slot(&%s, &obj);\n}\n\n'
                % (e.c_name(), e.c_name(), e.info_name()))

    # -- typed wrappers ------------------------------------------------------

    def _conv_header(self, module, types):
        h = CFile(out_name(self.prefix, 'conv', module, '.h'),
                  'Typed QObject conversions of schema module "%s"'
                  % (module or 'main'))
        h.add('#include "qapi/qobject-conv.h"\n#include "%s"\n'
              % self.header_name(module))
        for inc in sorted(self.schema.module_includes.get(module, ())):
            h.add('#include "%s"\n' % out_name(self.prefix, 'conv', inc,
                                               '.h'))
        h.add('\n')
        for e in types:
            if e.is_implicit():
                continue
            cn, info = e.c_name(), e.info_name()
            h.add_if(e.ifcond, (
                'static inline bool qapi_from_qobject_%(c)s(QObject *obj, '
                '%(c)s **out,\n'
                '                                           Error **errp)\n'
                '{\n'
                '    *out = NULL;\n'
                '    return qapi_from_qobject(&%(i)s, obj, out, errp);\n'
                '}\n\n'
                'static inline QObject *qapi_to_qobject_%(c)s(const %(c)s '
                '*obj)\n'
                '{\n'
                '    return qapi_to_qobject(&%(i)s, &obj);\n'
                '}\n\n'
                'static inline %(c)s *qapi_clone_%(c)s(const %(c)s *obj)\n'
                '{\n'
                '    %(c)s *copy = NULL;\n\n'
                '    qapi_clone_slot(&%(i)s, &obj, &copy);\n'
                '    return copy;\n'
                '}\n\n') % {'c': cn, 'i': info})
        return h
