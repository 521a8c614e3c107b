# SPDX-License-Identifier: GPL-2.0-or-later
"""qapi-commands-<module>.[ch]: handler prototypes, marshallers and the
per-module registration function; qapi-init-commands.[ch]: the function
registering every module's commands.

Linking: a module's marshallers reference its handlers qmp_<name>().
The marshallers sit in their own object file per module and nothing but
qmp_init_marshal_<module>() (same file) and qmp_init_marshal() refer to
them, so as long as a program does not call those, a static link leaves
the file (and the need for its handlers) out.  See docs/devel/qapi.md.

A module named in --partial-modules is one whose handlers are still being
written: its file declares every handler weak and registers a command only
when the program defines its handler, so the command is absent (not
listed by query-commands, CommandNotFound when called) until it exists.
"""

from .cnames import c_name, gen_if
from .gen import CFile, c_string
from .schema import special_features_c
from .types import out_name


def handler_params(arg_type, boxed, errp=True):
    """The parameter list of a handler or event sender."""
    params = []
    if arg_type is not None:
        if boxed:
            params.append('%s *arg' % arg_type.c_name())
        else:
            for m in arg_type.members:
                if m.need_has():
                    params.append('bool has_%s' % m.c_name())
                ctype = m.type.c_param_type()
                sep = '' if ctype.endswith('*') else ' '
                params.append('%s%s%s' % (ctype, sep, m.c_name()))
    if errp:
        params.append('Error **errp')
    return ', '.join(params) if params else 'void'


def module_init_name(module):
    return 'qmp_init_marshal_' + (c_name(module, False) or 'main')


class CommandsGen:
    def __init__(self, schema, prefix, partial_modules=()):
        self.schema = schema
        self.prefix = prefix
        self.partial = set(partial_modules)

    def _cmds(self, module):
        return [c for c in self.schema.commands() if c.module == module]

    def generate(self, module):
        mod = module or 'main'
        h = CFile(out_name(self.prefix, 'commands', module, '.h'),
                  'QMP command handlers and marshallers of schema module '
                  '"%s"' % mod)
        c = CFile(out_name(self.prefix, 'commands', module, '.c'),
                  'QMP command marshallers of schema module "%s"' % mod)
        h.add('#include "qapi/qmp-registry.h"\n#include "%s"\n\n'
              % out_name(self.prefix, 'types', module, '.h'))
        c.add('#include "qemu/osdep.h"\n'
              '#include "qapi/error.h"\n'
              '#include "qapi/qobject-conv.h"\n'
              '#include "qobject/qdict.h"\n'
              '#include "%s"\n\n'
              % out_name(self.prefix, 'commands', module, '.h'))
        reg = ''
        partial = mod in self.partial
        for cmd in self._cmds(module):
            if not cmd.gen:
                continue
            h.add_if(cmd.ifcond, self._prototypes(cmd))
            if partial:
                c.add_if(cmd.ifcond, '#pragma weak qmp_%s\n'
                         % c_name(cmd.name))
            c.add_if(cmd.ifcond, self._marshaller(cmd))
            r = self._register(cmd)
            if partial:
                r = ('    if (qmp_%s) {\n%s    }\n'
                     % (c_name(cmd.name),
                        ''.join('    ' + line + '\n'
                                for line in r.splitlines())))
            reg += gen_if(cmd.ifcond, r)
        h.add('/* Register the commands of module "%s" in @cmds. */\n'
              'void %s(QmpCommandList *cmds);\n'
              % (mod, module_init_name(module)))
        c.add('void %s(QmpCommandList *cmds)\n{\n%s}\n'
              % (module_init_name(module), reg))
        return [h, c]

    @staticmethod
    def _ret_ctype(cmd):
        return cmd.ret_type.c_type() if cmd.ret_type else 'void'

    def _prototypes(self, cmd):
        ret = self._ret_ctype(cmd)
        sep = '' if ret.endswith('*') else ' '
        return ('%s%sqmp_%s(%s);\n'
                'void qmp_marshal_%s(QDict *args, QObject **ret, '
                'Error **errp);\n\n'
                % (ret, sep, c_name(cmd.name), handler_params(
                    cmd.arg_type, cmd.boxed), c_name(cmd.name)))

    def _marshaller(self, cmd):
        cn = c_name(cmd.name)
        body = ''
        decls = '    Error *err = NULL;\n'
        args = []
        if cmd.arg_type is not None:
            at = cmd.arg_type
            decls += '    %s arg = { 0 };\n' % at.c_name()
            body += ('    if (!qapi_members_from_qdict(&%s, args, &arg, errp))'
                     ' {\n        return;\n    }\n' % at.info_name())
            if cmd.boxed:
                args.append('&arg')
            else:
                for m in at.members:
                    if m.need_has():
                        args.append('arg.has_%s' % m.c_name())
                    args.append('arg.%s' % m.c_name())
        else:
            body += ('    if (!qapi_args_empty(args, errp)) {\n'
                     '        return;\n    }\n')
        args.append('&err')
        call = 'qmp_%s(%s);\n' % (cn, ', '.join(args))
        if cmd.ret_type is not None:
            rt = cmd.ret_type
            ctype = rt.c_type()
            sep = '' if ctype.endswith('*') else ' '
            decls += '    %s%sretval;\n' % (ctype, sep)
            body += '    retval = ' + call
            body += ('    if (!err) {\n'
                     '        *ret = qapi_to_qobject(&%s, &retval);\n'
                     '        qapi_free_slot(&%s, &retval);\n    }\n'
                     % (rt.info_name(), rt.info_name()))
        else:
            body += '    ' + call
        body += '    error_propagate(errp, err);\n'
        if cmd.arg_type is not None:
            body += ('    qapi_free_members(&%s, &arg);\n'
                     % cmd.arg_type.info_name())
        return ('void qmp_marshal_%s(QDict *args, QObject **ret, Error **errp)'
                '\n{\n%s\n%s}\n\n' % (cn, decls, body))

    @staticmethod
    def _register(cmd):
        opts = []
        if not cmd.success_response:
            opts.append('QCO_NO_SUCCESS_RESP')
        if cmd.allow_oob:
            opts.append('QCO_ALLOW_OOB')
        if cmd.allow_preconfig:
            opts.append('QCO_ALLOW_PRECONFIG')
        if cmd.coroutine:
            opts.append('QCO_COROUTINE')
        return ('    qmp_register_command(cmds, %s, qmp_marshal_%s,\n'
                '                         %s, %s);\n'
                % (c_string(cmd.name), c_name(cmd.name),
                   ' | '.join(opts) if opts else 'QCO_NO_OPTIONS',
                   special_features_c(cmd.features)))

    def generate_init(self, modules):
        h = CFile(out_name(self.prefix, 'init-commands', '', '.h'),
                  'Registration of every QMP command of the schema')
        c = CFile(out_name(self.prefix, 'init-commands', '', '.c'),
                  'Registration of every QMP command of the schema')
        h.add('#include "qapi/qmp-registry.h"\n\n'
              '/*\n * Register every generated command in @cmds.  Links in'
              ' the marshallers\n * (and so the handlers) of all modules; '
              'call the per-module\n * qmp_init_marshal_<module>() instead '
              'to link only some.\n */\n'
              'void qmp_init_marshal(QmpCommandList *cmds);\n')
        c.add('#include "qemu/osdep.h"\n#include "%s"\n'
              % out_name(self.prefix, 'init-commands', '', '.h'))
        for m in modules:
            c.add('#include "%s"\n' % out_name(self.prefix, 'commands', m,
                                               '.h'))
        c.add('\nvoid qmp_init_marshal(QmpCommandList *cmds)\n{\n')
        for m in modules:
            c.add('    %s(cmds);\n' % module_init_name(m))
        c.add('}\n')
        return [h, c]
