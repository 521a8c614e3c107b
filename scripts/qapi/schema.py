# SPDX-License-Identifier: GPL-2.0-or-later
"""The checked schema: expressions -> entities with resolved types.

Entities: built-in types, enums, arrays (implicit), objects (structs,
unions and the implicit argument/base structs), alternates, commands
and events.  Every check that can fail raises SchemaError with the
location of the offending definition.
"""

import os
import re

from .cnames import IfCond, c_enum_const, c_name
from .parser import SchemaError, parse_schema

SPECIAL_FEATURES = ('deprecated', 'unstable')


class Feature:
    def __init__(self, name, ifcond):
        self.name = name
        self.ifcond = ifcond

    def is_special(self):
        return self.name in SPECIAL_FEATURES


def special_features_c(features):
    """C expression of the special-feature bit mask of @features."""
    bits = ['1u << QAPI_%s' % f.name.upper() for f in features
            if f.is_special()]
    return ' | '.join(bits) if bits else '0'


class Entity:
    meta = None

    def __init__(self, name, loc, ifcond=None, features=(), module=None):
        self.name = name
        self.loc = loc
        self.ifcond = ifcond or IfCond()
        self.features = list(features)
        self.module = module

    def c_name(self):
        return c_name(self.name)

    def is_implicit(self):
        return self.loc is None or self.name.startswith('q_')


# ---- types ----------------------------------------------------------

class Type(Entity):
    json_type = None

    def c_type(self):
        """The C type of a value of this type held in a member."""
        raise NotImplementedError

    def c_param_type(self):
        """The C type of a handler / event parameter."""
        return self.c_type()

    def c_unboxed_type(self):
        return self.c_type()

    def is_pointer(self):
        return self.c_type().endswith('*')

    def need_has_if_optional(self):
        return not self.is_pointer()

    def info_name(self):
        """Name of the QapiTypeInfo describing this type."""
        return 'qapi_type_' + self.c_name()


class BuiltinType(Type):
    meta = 'builtin'

    def __init__(self, name, json_type, c_type):
        super().__init__(name, None)
        self.json_type = json_type
        self._c_type = c_type

    def c_type(self):
        return self._c_type

    def c_name(self):
        return self.name

    def c_param_type(self):
        if self.name == 'str':
            return 'const char *'
        return self._c_type

    def is_implicit(self):
        return False


class EnumValue:
    def __init__(self, name, ifcond, features):
        self.name = name
        self.ifcond = ifcond
        self.features = features


class EnumType(Type):
    meta = 'enum'
    json_type = 'string'

    def __init__(self, name, loc, ifcond, features, values, prefix,
                 module):
        super().__init__(name, loc, ifcond, features, module)
        self.values = values
        self.prefix = prefix

    def c_type(self):
        return self.c_name()

    def const(self, value):
        return c_enum_const(self.name, value, self.prefix)

    def max_const(self):
        return c_enum_const(self.name, '_MAX', self.prefix)


class ArrayType(Type):
    meta = 'array'
    json_type = 'array'

    def __init__(self, element):
        super().__init__(element.name + 'List', None,
                         element.ifcond, (), element.module)
        self.element = element

    def c_name(self):
        return self.element.c_name() + 'List'

    def c_type(self):
        return self.c_name() + ' *'

    def need_has_if_optional(self):
        # an absent list and an empty list are different things
        return True

    def intro_name(self):
        return '[%s]' % self.element.name


class Variant:
    """A branch of a union (name = tag value) or of an alternate."""

    def __init__(self, name, typ, ifcond, loc):
        self.name = name
        self.type = typ          # type name, then the Type once resolved
        self.ifcond = ifcond
        self.loc = loc

    def c_name(self):
        return c_name(self.name)


class Member(Variant):
    """A member of a struct, union base or implicit argument struct."""

    def __init__(self, name, typ, optional, ifcond, features, loc):
        super().__init__(name, typ, ifcond, loc)
        self.optional = optional
        self.features = features

    def need_has(self):
        return self.optional and self.type.need_has_if_optional()


class ObjectType(Type):
    """Struct, union, or implicit struct (command args, union base)."""
    meta = 'object'
    json_type = 'object'

    def __init__(self, name, loc, ifcond, features, base, members,
                 tag_name=None, variants=None, module=None, kind='struct'):
        super().__init__(name, loc, ifcond, features, module)
        self.base = base                # name, then ObjectType
        self.local_members = members
        self.tag_name = tag_name
        self.tag_member = None
        self.variants = variants        # list of Variant, or None
        self.kind = kind
        self.members = None             # all members, base first

    def c_type(self):
        return self.c_name() + ' *'

    def c_unboxed_type(self):
        return self.c_name()

    def is_empty(self):
        return not self.members and not self.variants


class AlternateType(Type):
    meta = 'alternate'
    json_type = 'value'

    def __init__(self, name, loc, ifcond, features, variants, module):
        super().__init__(name, loc, ifcond, features, module)
        self.variants = variants

    def c_type(self):
        return self.c_name() + ' *'


class Command(Entity):
    meta = 'command'

    def __init__(self, name, loc, ifcond, features, arg_type, ret_type,
                 boxed, opts, module):
        super().__init__(name, loc, ifcond, features, module)
        self.arg_type = arg_type
        self.ret_type = ret_type
        self.boxed = boxed
        self.gen = opts.get('gen', True)
        self.success_response = opts.get('success-response', True)
        self.allow_oob = opts.get('allow-oob', False)
        self.allow_preconfig = opts.get('allow-preconfig', False)
        self.coroutine = opts.get('coroutine', False)


class Event(Entity):
    meta = 'event'

    def __init__(self, name, loc, ifcond, features, arg_type, boxed,
                 module):
        super().__init__(name, loc, ifcond, features, module)
        self.arg_type = arg_type
        self.boxed = boxed


BUILTINS = [
    ('str', 'string', 'char *'),
    ('number', 'number', 'double'),
    ('int', 'int', 'int64_t'),
    ('int8', 'int', 'int8_t'),
    ('int16', 'int', 'int16_t'),
    ('int32', 'int', 'int32_t'),
    ('int64', 'int', 'int64_t'),
    ('uint8', 'int', 'uint8_t'),
    ('uint16', 'int', 'uint16_t'),
    ('uint32', 'int', 'uint32_t'),
    ('uint64', 'int', 'uint64_t'),
    ('size', 'int', 'uint64_t'),
    ('bool', 'boolean', 'bool'),
    ('any', 'value', 'QObject *'),
    ('null', 'null', 'QNull *'),
]


# ---- checking helpers -----------------------------------------------

def _check_keys(loc, expr, meta, required, optional):
    for key in required:
        if key not in expr:
            raise SchemaError(loc, "%s '%s' lacks member '%s'"
                              % (meta, expr[meta], key))
    for key in expr:
        if key != meta and key not in required and key not in optional:
            raise SchemaError(loc, "%s '%s' has unknown member '%s'"
                              % (meta, expr[meta], key))


_NAME_RE = re.compile(r'^(__[a-zA-Z0-9.-]+_)?([a-zA-Z0-9][a-zA-Z0-9_.-]*)$')


def _stem(loc, name, what):
    if not isinstance(name, str):
        raise SchemaError(loc, "%s requires a string name" % what)
    m = _NAME_RE.match(name)
    if not m:
        raise SchemaError(loc, "%s has an invalid name '%s'" % (what, name))
    return m.group(2)


def _check_name_lower(loc, name, what, permit_upper=False,
                      permit_underscore=False, permit_digit_start=False):
    stem = _stem(loc, name, what)
    if stem[0].isdigit() and not permit_digit_start:
        raise SchemaError(loc, "%s name '%s' must start with a letter"
                          % (what, name))
    if not permit_upper and stem.lower() != stem:
        raise SchemaError(loc, "name of %s '%s' must not use upper-case"
                          % (what, name))
    if not permit_underscore and '_' in stem:
        raise SchemaError(loc, "name of %s '%s' must not use '_'"
                          % (what, name))


def _check_name_camel(loc, name, what):
    stem = _stem(loc, name, what)
    if not re.match(r'^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$', stem):
        raise SchemaError(loc, "name of %s '%s' must use CamelCase"
                          % (what, name))
    if name.endswith('List'):
        raise SchemaError(loc, "%s name '%s' must not end with 'List'"
                          % (what, name))


def _check_name_upper(loc, name, what):
    stem = _stem(loc, name, what)
    if stem.upper() != stem or '-' in stem:
        raise SchemaError(loc, "name of %s '%s' must use upper-case and '_'"
                          % (what, name))


def _check_ifcond(loc, cond, what):
    if cond is None:
        return IfCond()

    def walk(c):
        if isinstance(c, str):
            if not re.match(r'^[A-Z][A-Z0-9_]*$', c):
                raise SchemaError(loc, "'if' condition '%s' of %s is not a "
                                  "valid identifier" % (c, what))
            return
        if not isinstance(c, dict) or len(c) != 1:
            raise SchemaError(loc, "'if' condition of %s must be a string "
                              "or an object with one of 'all', 'any', 'not'"
                              % what)
        key, val = next(iter(c.items()))
        if key == 'not':
            walk(val)
        elif key in ('all', 'any'):
            if not isinstance(val, list) or not val:
                raise SchemaError(loc, "'if' condition '%s' of %s needs a "
                                  "non-empty list" % (key, what))
            for v in val:
                walk(v)
        else:
            raise SchemaError(loc, "'if' condition of %s has unknown "
                              "operator '%s'" % (what, key))
    walk(cond)
    return IfCond(cond)


def _check_features(loc, feats, what):
    if feats is None:
        return []
    if not isinstance(feats, list):
        raise SchemaError(loc, "'features' of %s must be an array" % what)
    out = []
    seen = set()
    for f in feats:
        if isinstance(f, str):
            f = {'name': f}
        if not isinstance(f, dict) or 'name' not in f:
            raise SchemaError(loc, "feature of %s must be a string or an "
                              "object with 'name'" % what)
        for key in f:
            if key not in ('name', 'if'):
                raise SchemaError(loc, "feature '%s' of %s has unknown member"
                                  " '%s'" % (f['name'], what, key))
        _check_name_lower(loc, f['name'], 'feature')
        if f['name'] in seen:
            raise SchemaError(loc, "duplicate feature '%s' in %s"
                              % (f['name'], what))
        seen.add(f['name'])
        out.append(Feature(f['name'],
                           _check_ifcond(loc, f.get('if'), what)))
    return out


def _check_type_ref(loc, ref, what, allow_array=True, allow_dict=False):
    if isinstance(ref, str):
        return
    if isinstance(ref, list) and allow_array:
        if len(ref) != 1 or not isinstance(ref[0], str):
            raise SchemaError(loc, "%s: array type must contain one type "
                              "name" % what)
        return
    if isinstance(ref, dict) and allow_dict:
        return
    raise SchemaError(loc, "%s should be a type name" % what)


class Schema:
    """The whole checked schema."""

    def __init__(self, fname):
        self.fname = fname
        exprs, self.pragmas, self.files, includes = parse_schema(fname)
        self.main_dir = os.path.dirname(os.path.normpath(fname))
        self.main_file = os.path.normpath(fname)
        self.entities = []          # in definition order
        self.types = {}
        self.module_includes = {}   # module -> set of included modules
        self._arrays = {}
        for name, json_type, ctype in BUILTINS:
            self._def(BuiltinType(name, json_type, ctype))
        qtype = EnumType('QType', None, IfCond(), [],
                         [EnumValue(v, IfCond(), []) for v in
                          ('none', 'qnull', 'qnum', 'qstring', 'qdict',
                           'qlist', 'qbool')], None, None)
        self._def(qtype)
        for f in self.files:
            self.module_includes[self.module_of(f)] = set()
        for src, dst in includes:
            self.module_includes[self.module_of(src)].add(
                self.module_of(dst))
        for e in exprs:
            self._define(e)
        self._resolve()
        self._check_module_refs()

    # -- modules ---------------------------------------------------------

    def module_of(self, fname):
        """Module name of a schema file: '' for the main file, else its
        path relative to the main file's folder without '.json', with
        '/' turned into '-'."""
        fname = os.path.normpath(fname)
        if fname == self.main_file:
            return ''
        rel = os.path.relpath(fname, self.main_dir)
        if rel.endswith('.json'):
            rel = rel[:-5]
        return rel.replace(os.sep, '-').replace('..', '__')

    def modules(self):
        """All user modules, main module first."""
        return [self.module_of(f) for f in self.files]

    # -- definitions -----------------------------------------------------

    def _def(self, ent):
        if isinstance(ent, Type):
            other = self.types.get(ent.name)
            if other is not None:
                raise SchemaError(ent.loc, "'%s' is already defined%s"
                                  % (ent.name,
                                     ' at %s' % other.loc if other.loc
                                     else ' as a built-in type'))
            self.types[ent.name] = ent
        self.entities.append(ent)

    def _module_for_loc(self, loc):
        return self.module_of(loc.fname)

    def _define(self, expr):
        data, loc = expr.data, expr.loc
        metas = [m for m in ('enum', 'struct', 'union', 'alternate',
                             'command', 'event') if m in data]
        if len(metas) != 1:
            raise SchemaError(loc, "expression must have exactly one of "
                              "'enum', 'struct', 'union', 'alternate', "
                              "'command', 'event', 'include', 'pragma'")
        meta = metas[0]
        name = data[meta]
        if not isinstance(name, str):
            raise SchemaError(loc, "'%s' requires a string name" % meta)
        self._check_doc(expr, meta, name)
        module = self._module_for_loc(loc)
        what = "%s '%s'" % (meta, name)
        ifcond = _check_ifcond(loc, data.get('if'), what)
        features = _check_features(loc, data.get('features'), what)
        getattr(self, '_define_' + meta)(data, loc, name, ifcond, features,
                                         module, what)

    def _check_doc(self, expr, meta, name):
        if not self.pragmas.doc_required:
            return
        if self.pragmas.has('documentation-exceptions', name):
            return
        doc = expr.doc
        if doc is None:
            raise SchemaError(expr.loc, "documentation comment required for "
                              "%s '%s' (a '##' block starting with "
                              "'# @%s:')" % (meta, name, name))
        if doc.symbol != name:
            if doc.symbol is None:
                raise SchemaError(expr.loc, "documentation comment required "
                                  "for %s '%s': the '##' block before it "
                                  "does not start with '# @%s:'"
                                  % (meta, name, name))
            raise SchemaError(expr.loc, "definition of '%s' follows "
                              "documentation for '%s'" % (name, doc.symbol))

    def _members(self, loc, data, what, owner, member_exc):
        if not isinstance(data, dict):
            raise SchemaError(loc, "'data' of %s must be an object" % what)
        out = []
        seen = {}
        for key, val in data.items():
            optional = key.startswith('*')
            mname = key[1:] if optional else key
            mwhat = "member '%s' of %s" % (mname, what)
            _check_name_lower(loc, mname, 'member',
                              permit_upper=member_exc,
                              permit_underscore=member_exc)
            if mname.startswith('has-') or mname.startswith('has_'):
                raise SchemaError(loc, "%s uses reserved name" % mwhat)
            cname = c_name(mname)
            if cname in seen:
                raise SchemaError(loc, "duplicate member '%s' in %s"
                                  % (mname, what) if seen[cname] == mname
                                  else "member '%s' of %s clashes with '%s'"
                                  % (mname, what, seen[cname]))
            seen[cname] = mname
            mif = IfCond()
            mfeat = []
            if isinstance(val, dict):
                for k in val:
                    if k not in ('type', 'if', 'features'):
                        raise SchemaError(loc, "%s has unknown key '%s'"
                                          % (mwhat, k))
                if 'type' not in val:
                    raise SchemaError(loc, "%s lacks 'type'" % mwhat)
                mif = _check_ifcond(loc, val.get('if'), mwhat)
                mfeat = _check_features(loc, val.get('features'), mwhat)
                val = val['type']
            _check_type_ref(loc, val, mwhat)
            out.append(Member(mname, val, optional, mif, mfeat, loc))
        return out

    def _define_enum(self, data, loc, name, ifcond, features, module, what):
        _check_keys(loc, data, 'enum', ['data'], ['prefix', 'if',
                                                  'features'])
        _check_name_camel(loc, name, 'enum')
        prefix = data.get('prefix')
        if prefix is not None and not isinstance(prefix, str):
            raise SchemaError(loc, "'prefix' of %s must be a string" % what)
        vals = data['data']
        if not isinstance(vals, list):
            raise SchemaError(loc, "'data' of %s must be an array" % what)
        exc = self.pragmas.has('member-name-exceptions', name)
        out = []
        seen = {}
        for v in vals:
            if isinstance(v, str):
                v = {'name': v}
            if not isinstance(v, dict) or 'name' not in v:
                raise SchemaError(loc, "value of %s must be a string or an "
                                  "object with 'name'" % what)
            for k in v:
                if k not in ('name', 'if', 'features'):
                    raise SchemaError(loc, "value '%s' of %s has unknown key "
                                      "'%s'" % (v['name'], what, k))
            vname = v['name']
            _check_name_lower(loc, vname, 'enum value', permit_upper=exc,
                              permit_underscore=exc,
                              permit_digit_start=True)
            key = c_name(vname, False).upper()
            if key in seen:
                raise SchemaError(loc, "value '%s' of %s clashes with '%s'"
                                  % (vname, what, seen[key]))
            seen[key] = vname
            vwhat = "value '%s' of %s" % (vname, what)
            out.append(EnumValue(vname, _check_ifcond(loc, v.get('if'),
                                                      vwhat),
                                 _check_features(loc, v.get('features'),
                                                 vwhat)))
        self._def(EnumType(name, loc, ifcond, features, out, prefix, module))

    def _define_struct(self, data, loc, name, ifcond, features, module,
                       what):
        _check_keys(loc, data, 'struct', ['data'], ['base', 'if',
                                                    'features'])
        _check_name_camel(loc, name, 'struct')
        base = data.get('base')
        if base is not None and not isinstance(base, str):
            raise SchemaError(loc, "'base' of %s must be a type name" % what)
        exc = self.pragmas.has('member-name-exceptions', name)
        members = self._members(loc, data['data'], what, name, exc)
        self._def(ObjectType(name, loc, ifcond, features, base, members,
                             module=module))

    def _implicit_struct(self, name, loc, ifcond, members, module, kind):
        typ = ObjectType(name, loc, ifcond, [], None, members,
                         module=module, kind=kind)
        self._def(typ)
        return name

    def _define_union(self, data, loc, name, ifcond, features, module,
                      what):
        _check_keys(loc, data, 'union', ['base', 'discriminator', 'data'],
                    ['if', 'features'])
        _check_name_camel(loc, name, 'union')
        base = data['base']
        exc = self.pragmas.has('member-name-exceptions', name)
        if isinstance(base, dict):
            members = self._members(loc, base, what, name, exc)
            base = self._implicit_struct('q_obj_%s-base' % name, loc,
                                         ifcond, members, module, 'base')
        elif not isinstance(base, str):
            raise SchemaError(loc, "'base' of %s must be a type name or an "
                              "object" % what)
        disc = data['discriminator']
        if not isinstance(disc, str):
            raise SchemaError(loc, "'discriminator' of %s must be a string"
                              % what)
        branches = data['data']
        if not isinstance(branches, dict):
            raise SchemaError(loc, "'data' of %s must be an object" % what)
        variants = []
        for bname, val in branches.items():
            vif = IfCond()
            if isinstance(val, dict):
                for k in val:
                    if k not in ('type', 'if'):
                        raise SchemaError(loc, "branch '%s' of %s has "
                                          "unknown key '%s'"
                                          % (bname, what, k))
                vif = _check_ifcond(loc, val.get('if'), what)
                val = val.get('type')
            _check_type_ref(loc, val, "branch '%s' of %s" % (bname, what),
                            allow_array=False)
            variants.append(Variant(bname, val, vif, loc))
        self._def(ObjectType(name, loc, ifcond, features, base, [],
                             disc, variants, module, 'union'))

    def _define_alternate(self, data, loc, name, ifcond, features, module,
                          what):
        _check_keys(loc, data, 'alternate', ['data'], ['if', 'features'])
        _check_name_camel(loc, name, 'alternate')
        branches = data['data']
        if not isinstance(branches, dict) or not branches:
            raise SchemaError(loc, "'data' of %s must be a non-empty object"
                              % what)
        variants = []
        for bname, val in branches.items():
            _check_name_lower(loc, bname, 'alternate branch')
            vif = IfCond()
            if isinstance(val, dict):
                vif = _check_ifcond(loc, val.get('if'), what)
                val = val.get('type')
            _check_type_ref(loc, val, "branch '%s' of %s" % (bname, what))
            variants.append(Variant(bname, val, vif, loc))
        self._def(AlternateType(name, loc, ifcond, features, variants,
                                module))

    def _arg_type(self, data, loc, name, ifcond, module, what, key='data'):
        arg = data.get(key)
        if arg is None:
            return None
        if isinstance(arg, dict):
            exc = self.pragmas.has('member-name-exceptions', name)
            members = self._members(loc, arg, what, name, exc)
            return self._implicit_struct('q_obj_%s-arg' % name, loc,
                                         ifcond, members, module, 'arg')
        if isinstance(arg, str):
            return arg
        raise SchemaError(loc, "'data' of %s must be an object or a type "
                          "name" % what)

    def _define_command(self, data, loc, name, ifcond, features, module,
                        what):
        _check_keys(loc, data, 'command', [],
                    ['data', 'returns', 'boxed', 'gen', 'success-response',
                     'allow-oob', 'allow-preconfig', 'coroutine', 'if',
                     'features'])
        exc = self.pragmas.has('command-name-exceptions', name)
        _check_name_lower(loc, name, 'command', permit_underscore=exc)
        opts = {}
        for key in ('boxed', 'gen', 'success-response', 'allow-oob',
                    'allow-preconfig', 'coroutine'):
            if key in data:
                if not isinstance(data[key], bool):
                    raise SchemaError(loc, "'%s' of %s must be true or false"
                                      % (key, what))
                opts[key] = data[key]
        if opts.get('allow-oob') and opts.get('coroutine'):
            raise SchemaError(loc, "%s: 'coroutine': true and 'allow-oob': "
                              "true are incompatible" % what)
        if 'returns' in data:
            _check_type_ref(loc, data['returns'], "'returns' of %s" % what)
        boxed = opts.get('boxed', False)
        if boxed and 'data' in data and not isinstance(data['data'], str):
            raise SchemaError(loc, "%s: 'data' must be a type name when "
                              "'boxed' is true" % what)
        if boxed and 'data' not in data:
            raise SchemaError(loc, "%s: 'boxed': true requires 'data'"
                              % what)
        arg = self._arg_type(data, loc, name, ifcond, module, what)
        self._def(Command(name, loc, ifcond, features, arg,
                          data.get('returns'), boxed, opts, module))

    def _define_event(self, data, loc, name, ifcond, features, module,
                      what):
        _check_keys(loc, data, 'event', [], ['data', 'boxed', 'if',
                                             'features'])
        _check_name_upper(loc, name, 'event')
        boxed = data.get('boxed', False)
        if not isinstance(boxed, bool):
            raise SchemaError(loc, "'boxed' of %s must be true or false"
                              % what)
        if boxed and not isinstance(data.get('data'), str):
            raise SchemaError(loc, "%s: 'boxed': true requires 'data' to be "
                              "a type name" % what)
        arg = self._arg_type(data, loc, name, ifcond, module, what)
        self._def(Event(name, loc, ifcond, features, arg, boxed, module))

    # -- resolution ------------------------------------------------------

    def lookup(self, ref, loc, what):
        """Resolve a type reference 'T' or ['T'] to a Type."""
        if isinstance(ref, list):
            elem = self.lookup(ref[0], loc, what)
            return self.array_of(elem)
        typ = self.types.get(ref)
        if typ is None:
            raise SchemaError(loc, "%s uses unknown type '%s'" % (what, ref))
        return typ

    def array_of(self, elem):
        arr = self._arrays.get(elem.name)
        if arr is None:
            arr = ArrayType(elem)
            self._arrays[elem.name] = arr
        return arr

    def arrays(self):
        return list(self._arrays.values())

    def _resolve(self):
        objects = [e for e in self.entities if isinstance(e, ObjectType)]
        for e in self.entities:
            if isinstance(e, ObjectType):
                for m in e.local_members:
                    m.type = self.lookup(m.type, e.loc, "member '%s' of %s"
                                         % (m.name, self._what(e)))
            elif isinstance(e, AlternateType):
                self._resolve_alternate(e)
        for e in objects:
            self._flatten(e, [])
        for e in objects:
            if e.kind == 'union':
                self._resolve_union(e)
        for e in objects:
            self._check_clashes(e)
        for e in self.entities:
            if isinstance(e, (Command, Event)):
                self._resolve_callable(e)

    @staticmethod
    def _what(e):
        if isinstance(e, ObjectType) and e.kind in ('arg', 'base'):
            return "the implicit type '%s'" % e.name
        return "%s '%s'" % (e.meta if not isinstance(e, ObjectType)
                            else e.kind, e.name)

    def _flatten(self, obj, stack):
        if obj.members is not None:
            return obj.members
        if obj.name in stack:
            raise SchemaError(obj.loc, "object '%s' contains itself via its "
                              "base" % obj.name)
        members = []
        if obj.base is not None:
            base = obj.base
            if isinstance(base, str):
                base = self.lookup(base, obj.loc, "'base' of %s"
                                   % self._what(obj))
                obj.base = base
            if not isinstance(base, ObjectType) or base.variants:
                raise SchemaError(obj.loc, "'base' of %s must be a struct "
                                  "type, not '%s'" % (self._what(obj),
                                                      base.name))
            members = list(self._flatten(base, stack + [obj.name]))
        obj.members = members + obj.local_members
        return obj.members

    def _resolve_union(self, obj):
        what = self._what(obj)
        tag = [m for m in obj.members if m.name == obj.tag_name]
        if not tag:
            raise SchemaError(obj.loc, "discriminator '%s' of %s is not a "
                              "member of the base" % (obj.tag_name, what))
        tag = tag[0]
        if not isinstance(tag.type, EnumType) or tag.optional:
            raise SchemaError(obj.loc, "discriminator '%s' of %s must be a "
                              "mandatory enum member" % (tag.name, what))
        obj.tag_member = tag
        values = [v.name for v in tag.type.values]
        for v in obj.variants:
            if v.name not in values:
                raise SchemaError(obj.loc, "branch '%s' of %s is not a value "
                                  "of '%s'" % (v.name, what, tag.type.name))
            v.type = self.lookup(v.type, obj.loc, "branch '%s' of %s"
                                 % (v.name, what))
            if not isinstance(v.type, ObjectType):
                raise SchemaError(obj.loc, "branch '%s' of %s must be a "
                                  "struct or union type" % (v.name, what))

    def _check_clashes(self, obj):
        seen = {}
        for m in obj.members:
            cname = m.c_name()
            if cname in seen:
                raise SchemaError(obj.loc, "member '%s' of %s clashes with "
                                  "'%s'" % (m.name, self._what(obj),
                                            seen[cname]))
            seen[cname] = m.name
        if obj.kind == 'union':
            for v in obj.variants:
                for m in v.type.members:
                    if m.c_name() in seen:
                        raise SchemaError(
                            obj.loc, "member '%s' of branch '%s' of %s "
                            "clashes with a base member"
                            % (m.name, v.name, self._what(obj)))

    def _resolve_alternate(self, alt):
        what = self._what(alt)
        kinds = {}
        for v in alt.variants:
            v.type = self.lookup(v.type, alt.loc, "branch '%s' of %s"
                                 % (v.name, what))
            t = v.type
            if isinstance(t, AlternateType) or t.name == 'any':
                raise SchemaError(alt.loc, "branch '%s' of %s cannot use "
                                  "type '%s'" % (v.name, what, t.name))
            if isinstance(t, ObjectType) and t.variants:
                raise SchemaError(alt.loc, "branch '%s' of %s must not be a "
                                  "union" % (v.name, what))
            qtype = alternate_qtype(t)
            if qtype in kinds:
                raise SchemaError(alt.loc, "branch '%s' of %s can't be "
                                  "distinguished from '%s'"
                                  % (v.name, what, kinds[qtype]))
            kinds[qtype] = v.name

    def _resolve_callable(self, e):
        what = self._what(e)
        if e.arg_type is not None:
            e.arg_type = self.lookup(e.arg_type, e.loc, "'data' of %s"
                                     % what)
            if not isinstance(e.arg_type, ObjectType):
                raise SchemaError(e.loc, "'data' of %s must be a struct or "
                                  "union type" % what)
            if e.arg_type.variants and not e.boxed:
                raise SchemaError(e.loc, "'data' of %s can be a union only "
                                  "with 'boxed': true" % what)
            for m in e.arg_type.members:
                if m.ifcond.is_present() and not e.boxed:
                    # a C parameter list can't hold an #if
                    raise SchemaError(e.loc, "member '%s' of %s has an 'if' "
                                      "condition; that needs 'boxed': true"
                                      % (m.name, what))
        if isinstance(e, Command) and e.ret_type is not None:
            e.ret_type = self.lookup(e.ret_type, e.loc, "'returns' of %s"
                                     % what)
            rt = e.ret_type
            elem = rt.element if isinstance(rt, ArrayType) else rt
            if (not isinstance(elem, ObjectType)
                    and not self.pragmas.has('command-returns-exceptions',
                                             e.name)):
                raise SchemaError(e.loc, "%s cannot return '%s' (only "
                                  "objects and arrays of objects, unless "
                                  "listed in pragma "
                                  "'command-returns-exceptions')"
                                  % (what, elem.name))

    def _check_module_refs(self):
        # A module's C header includes the headers of the modules its
        # schema file includes; a type from elsewhere would not compile.
        closure = {}

        def reach(mod):
            if mod not in closure:
                closure[mod] = {mod}
                for inc in self.module_includes.get(mod, ()):
                    closure[mod] |= reach(inc) if inc not in closure \
                        else closure[inc]
            return closure[mod]

        for e in self.entities:
            if e.module is None:
                continue
            refs = []
            if isinstance(e, ObjectType):
                refs = [m.type for m in e.local_members]
                if isinstance(e.base, Type):
                    refs.append(e.base)
                refs += [v.type for v in e.variants or []]
            elif isinstance(e, AlternateType):
                refs = [v.type for v in e.variants]
            elif isinstance(e, (Command, Event)):
                refs = [e.arg_type, getattr(e, 'ret_type', None)]
            for t in refs:
                while isinstance(t, ArrayType):
                    t = t.element
                if t is None or t.module is None:
                    continue
                if t.module not in reach(e.module):
                    raise SchemaError(e.loc, "%s uses type '%s' of module "
                                      "'%s', which its file does not "
                                      "include" % (self._what(e), t.name,
                                                   t.module or 'main'))

    # -- queries for the generators -------------------------------------

    def module_entities(self, module):
        return [e for e in self.entities if e.module == module]

    def module_arrays(self, module):
        return [a for a in self._arrays.values() if a.module == module]

    def commands(self):
        return [e for e in self.entities if isinstance(e, Command)]

    def events(self):
        return [e for e in self.entities if isinstance(e, Event)]


def alternate_qtype(t):
    """The QType an alternate branch of type @t is chosen by."""
    if isinstance(t, EnumType):
        return 'QTYPE_QSTRING'
    if isinstance(t, ArrayType):
        return 'QTYPE_QLIST'
    if isinstance(t, ObjectType):
        return 'QTYPE_QDICT'
    return {'string': 'QTYPE_QSTRING', 'number': 'QTYPE_QNUM',
            'int': 'QTYPE_QNUM', 'boolean': 'QTYPE_QBOOL',
            'null': 'QTYPE_QNULL'}[t.json_type]


__all__ = ['Schema', 'SchemaError']
