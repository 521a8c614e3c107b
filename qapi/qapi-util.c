/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enum tables and on/off parsing shared by all QAPI code. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/util.h"

const char *qapi_enum_lookup(const QEnumLookup *lookup, int val)
{
    assert(val >= 0 && val < lookup->size);
    return lookup->array[val];
}

int qapi_enum_find(const QEnumLookup *lookup, const char *name)
{
    for (int i = 0; i < lookup->size; i++) {
        if (!strcmp(lookup->array[i], name)) {
            return i;
        }
    }
    return -1;
}

int qapi_enum_parse(const QEnumLookup *lookup, const char *buf, int def,
                    Error **errp)
{
    int val;

    if (!buf) {
        return def;
    }
    val = qapi_enum_find(lookup, buf);
    if (val < 0) {
        error_setg(errp, "invalid parameter value: %s", buf);
        return def;
    }
    return val;
}

bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(value, yes[i])) {
            *obj = true;
            return true;
        }
        if (!strcmp(value, no[i])) {
            *obj = false;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}
