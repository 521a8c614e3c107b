/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QAPI runtime helpers shared by generated code: enum tables and the
 * special features (deprecated / unstable) of schema entities.
 */
#ifndef QAPI_UTIL_H
#define QAPI_UTIL_H

/* Bit numbers of the special features, as in QEMU. */
typedef enum QapiSpecialFeature {
    QAPI_DEPRECATED,
    QAPI_UNSTABLE,
    QAPI_SPECIAL_FEATURE__MAX,
} QapiSpecialFeature;

/*
 * The wire names of an enum's values, indexed by the C constant.  Every
 * generated enum X has a "const QEnumLookup X_lookup".
 */
typedef struct QEnumLookup {
    const char *const *array;
    /* per value: 1u << QAPI_DEPRECATED | 1u << QAPI_UNSTABLE; may be NULL */
    const unsigned char *const special_features;
    const int size;
} QEnumLookup;

/* The wire name of value @val of @lookup (asserts @val is in range). */
const char *qapi_enum_lookup(const QEnumLookup *lookup, int val);

/* The value named @name, or -1. */
int qapi_enum_find(const QEnumLookup *lookup, const char *name);

/*
 * Parse @buf as a value of @lookup.  NULL @buf gives @def.  An unknown
 * name gives @def and sets @errp ("invalid parameter value: %s").
 */
int qapi_enum_parse(const QEnumLookup *lookup, const char *buf, int def,
                    Error **errp);

/*
 * Parse an on/off style boolean ("on", "yes", "true", "y" and "off",
 * "no", "false", "n").  Error: "Parameter '@name' expects 'on' or 'off'".
 */
bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);

#endif /* QAPI_UTIL_H */
