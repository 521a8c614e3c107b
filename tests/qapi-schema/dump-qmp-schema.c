/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Print the tree's query-qmp-schema reply as JSON on stdout, for
 * test-qapi-vs-qemu.py.
 */
#include "qemu/osdep.h"
#include "qapi/qapi-introspect.h"
#include "qobject/qjson.h"

int main(void)
{
    g_autoptr(QObject) schema = qmp_schema_qobject();
    g_autoptr(GString) json = qobject_to_json(schema);

    fputs(json->str, stdout);
    return 0;
}
