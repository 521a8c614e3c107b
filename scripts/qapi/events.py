# SPDX-License-Identifier: GPL-2.0-or-later
"""qapi-events-<module>.[ch]: qapi_event_send_<name>() per event;
qapi-emit-events.[ch]: the QAPIEvent enum and the qapi_event_emit()
hook the monitor implements."""

from .cnames import c_enum_const, c_name, gen_if
from .gen import CFile, c_string
from .commands import handler_params
from .types import out_name


def event_const(event):
    return c_enum_const('QAPIEvent', event.name, 'QAPI_EVENT')


class EventsGen:
    def __init__(self, schema, prefix):
        self.schema = schema
        self.prefix = prefix

    def generate(self, module):
        mod = module or 'main'
        h = CFile(out_name(self.prefix, 'events', module, '.h'),
                  'QMP events of schema module "%s"' % mod)
        c = CFile(out_name(self.prefix, 'events', module, '.c'),
                  'QMP event senders of schema module "%s"' % mod)
        h.add('#include "%s"\n#include "%s"\n\n'
              % (out_name(self.prefix, 'types', module, '.h'),
                 out_name(self.prefix, 'emit-events', '', '.h')))
        c.add('#include "qemu/osdep.h"\n'
              '#include "qapi/qmp-event.h"\n'
              '#include "qapi/qobject-conv.h"\n'
              '#include "qobject/qdict.h"\n'
              '#include "%s"\n\n'
              % out_name(self.prefix, 'events', module, '.h'))
        for ev in self.schema.events():
            if ev.module != module:
                continue
            proto = 'void qapi_event_send_%s(%s)' % (
                c_name(ev.name, False).lower(),
                handler_params(ev.arg_type, ev.boxed, errp=False))
            if ev.boxed:
                proto = proto.replace('(%s *arg' % ev.arg_type.c_name(),
                                      '(const %s *arg'
                                      % ev.arg_type.c_name())
            h.add_if(ev.ifcond, proto + ';\n\n')
            c.add_if(ev.ifcond, proto + '\n{\n' + self._body(ev) + '}\n\n')
        return [h, c]

    @staticmethod
    def _body(ev):
        out = '    QDict *qmp = qmp_event_build_dict(%s);\n' % c_string(
            ev.name)
        at = ev.arg_type
        if at is not None and not at.is_empty():
            if ev.boxed:
                src = 'arg'
            else:
                out += '    %s param = {\n' % at.c_name()
                for m in at.members:
                    if m.need_has():
                        out += '        .has_%s = has_%s,\n' % (m.c_name(),
                                                              m.c_name())
                    cast = ''
                    if m.type.c_param_type() != m.type.c_type():
                        cast = '(%s)' % m.type.c_type()
                    out += '        .%s = %s%s,\n' % (m.c_name(), cast,
                                                      m.c_name())
                out += '    };\n'
                src = '&param'
            out += ('    QDict *data = qdict_new();\n\n'
                    '    qapi_members_to_qdict(&%s, %s, data);\n'
                    '    qdict_put(qmp, "data", data);\n'
                    % (at.info_name(), src))
        else:
            out += '\n'
        out += ('    qapi_event_emit(%s, qmp);\n'
                '    qobject_unref(qmp);\n' % event_const(ev))
        return out

    def generate_emit(self):
        events = self.schema.events()
        h = CFile(out_name(self.prefix, 'emit-events', '', '.h'),
                  'The QAPIEvent enum and the event emission hook')
        c = CFile(out_name(self.prefix, 'emit-events', '', '.c'),
                  'The QAPIEvent enum table')
        h.add('#include "qapi/util.h"\n\ntypedef enum QAPIEvent {\n')
        for ev in events:
            h.add(gen_if(ev.ifcond, '    %s,\n' % event_const(ev)))
        h.add('    QAPI_EVENT__MAX,\n} QAPIEvent;\n\n'
              'extern const QEnumLookup QAPIEvent_lookup;\n'
              '#define QAPIEvent_str(val) '
              'qapi_enum_lookup(&QAPIEvent_lookup, (val))\n\n'
              '/*\n'
              ' * Deliver @event.  @qdict is the whole message ("event",\n'
              ' * "timestamp" and, if the event has members, "data"); it '
              'is\n * borrowed: take a reference to keep it.  Implemented by '
              'the\n * monitor (tests define their own).\n */\n'
              'void qapi_event_emit(QAPIEvent event, QDict *qdict);\n')
        c.add('#include "qemu/osdep.h"\n#include "%s"\n\n'
              'const QEnumLookup QAPIEvent_lookup = {\n'
              '    .array = (const char *const[]) {\n'
              % out_name(self.prefix, 'emit-events', '', '.h'))
        for ev in events:
            c.add(gen_if(ev.ifcond, '        [%s] = %s,\n'
                         % (event_const(ev), c_string(ev.name))))
        c.add('    },\n    .size = QAPI_EVENT__MAX,\n};\n')
        return [h, c]
