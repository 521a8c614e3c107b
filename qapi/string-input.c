/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * String -> C scalar conversion of QAPI values, for "-global
 * driver.prop=value" and HMP arguments.  Error texts follow QEMU's
 * string input: "Parameter '%s' expects ...".
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qapi/qobject-conv.h"
#include "qemu/cutils.h"

static bool str_signed(const QapiTypeInfo *type, const char *name,
                       const char *str, void *slot, Error **errp)
{
    int64_t val;

    if (qemu_strtoi64(str, NULL, 0, &val)) {
        error_setg(errp, "Parameter '%s' expects an int64 value or range",
                   name);
        return false;
    }
    switch (type->kind) {
    case QAPI_KIND_INT8:
        if (val < INT8_MIN || val > INT8_MAX) {
            error_setg(errp, "Parameter '%s' expects int8_t", name);
            return false;
        }
        *(int8_t *)slot = val;
        return true;
    case QAPI_KIND_INT16:
        if (val < INT16_MIN || val > INT16_MAX) {
            error_setg(errp, "Parameter '%s' expects int16_t", name);
            return false;
        }
        *(int16_t *)slot = val;
        return true;
    case QAPI_KIND_INT32:
        if (val < INT32_MIN || val > INT32_MAX) {
            error_setg(errp, "Parameter '%s' expects int32_t", name);
            return false;
        }
        *(int32_t *)slot = val;
        return true;
    default:
        *(int64_t *)slot = val;
        return true;
    }
}

static bool str_unsigned(const QapiTypeInfo *type, const char *name,
                         const char *str, void *slot, Error **errp)
{
    uint64_t val;

    if (type->kind == QAPI_KIND_SIZE) {
        if (qemu_strtosz(str, NULL, &val)) {
            error_setg(errp, "Parameter '%s' expects size", name);
            return false;
        }
        *(uint64_t *)slot = val;
        return true;
    }
    if (qemu_strtou64(str, NULL, 0, &val)) {
        error_setg(errp, "Parameter '%s' expects an uint64 value or range",
                   name);
        return false;
    }
    switch (type->kind) {
    case QAPI_KIND_UINT8:
        if (val > UINT8_MAX) {
            error_setg(errp, "Parameter '%s' expects uint8_t", name);
            return false;
        }
        *(uint8_t *)slot = val;
        return true;
    case QAPI_KIND_UINT16:
        if (val > UINT16_MAX) {
            error_setg(errp, "Parameter '%s' expects uint16_t", name);
            return false;
        }
        *(uint16_t *)slot = val;
        return true;
    case QAPI_KIND_UINT32:
        if (val > UINT32_MAX) {
            error_setg(errp, "Parameter '%s' expects uint32_t", name);
            return false;
        }
        *(uint32_t *)slot = val;
        return true;
    default:
        *(uint64_t *)slot = val;
        return true;
    }
}

static bool str_number(const char *name, const char *str, double *val,
                       Error **errp)
{
    char *end;

    errno = 0;
    *val = strtod(str, &end);
    if (!*str || *end || errno || !isfinite(*val)) {
        error_setg(errp, "Parameter '%s' expects number", name);
        return false;
    }
    return true;
}

bool qapi_from_string(const QapiTypeInfo *type, const char *name,
                      const char *str, void *slot, Error **errp)
{
    int val;

    switch (type->kind) {
    case QAPI_KIND_INT8:
    case QAPI_KIND_INT16:
    case QAPI_KIND_INT32:
    case QAPI_KIND_INT64:
        return str_signed(type, name, str, slot, errp);
    case QAPI_KIND_UINT8:
    case QAPI_KIND_UINT16:
    case QAPI_KIND_UINT32:
    case QAPI_KIND_UINT64:
    case QAPI_KIND_SIZE:
        return str_unsigned(type, name, str, slot, errp);
    case QAPI_KIND_NUMBER:
        return str_number(name, str, slot, errp);
    case QAPI_KIND_BOOL:
        return qapi_bool_parse(name, str, slot, errp);
    case QAPI_KIND_STR:
        *(char **)slot = g_strdup(str);
        return true;
    case QAPI_KIND_ENUM:
        val = qapi_enum_find(type->lookup, str);
        if (val < 0) {
            error_setg(errp, "Parameter '%s' does not accept value '%s'",
                       name, str);
            return false;
        }
        *(int *)slot = val;
        return true;
    default:
        error_setg(errp, "Parameter '%s' of type '%s' can't be given as a "
                   "string", name, type->name);
        return false;
    }
}
