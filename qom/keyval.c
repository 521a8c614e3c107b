/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for "key=value,..." option strings and -global arguments. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qemu/keyval.h"

#define KEYVAL_KEY_MAX 127

/*
 * Read a value starting at *@s up to a single ',' (or the end), turning
 * ",," into ','.  Leaves *@s at the terminating ',' or NUL.
 */
static char *parse_value(const char **s)
{
    GString *val = g_string_new("");
    const char *p = *s;

    for (;;) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(val, ',');
            p += 2;
        } else if (*p == ',' || !*p) {
            break;
        } else {
            g_string_append_c(val, *p++);
        }
    }
    *s = p;
    return g_string_free(val, false);
}

static bool key_char_ok(char c)
{
    return g_ascii_isalnum(c) || c == '-' || c == '_' || c == '.';
}

static bool check_key(const char *key, size_t len, Error **errp)
{
    bool ok = g_ascii_isalnum(key[0]) || key[0] == '_';

    for (size_t i = 1; ok && i < len; i++) {
        ok = key_char_ok(key[i]);
    }
    if (!ok) {
        error_setg(errp, "Invalid parameter '%.*s'", (int)len, key);
        return false;
    }
    if (len > KEYVAL_KEY_MAX) {
        error_setg(errp, "Parameter '%.*s' is too long", (int)len, key);
        return false;
    }
    return true;
}

QDict *keyval_parse(const char *params, const char *implied_key,
                    unsigned flags, Error **errp)
{
    g_autoptr(QDict) dict = qdict_new();
    const char *s = params;
    bool first = true;

    while (*s) {
        const char *key = s;
        size_t len = strcspn(s, "=,");
        g_autofree char *keystr = NULL;
        g_autofree char *val = NULL;

        s += len;
        if (first && implied_key && *s != '=' &&
            (len || (s[0] == ',' && s[1] == ','))) {
            /* "name,..." : the whole item is the implied key's value */
            s = key;
            val = parse_value(&s);
            qdict_put_str(dict, implied_key, val);
        } else if (!len) {
            error_setg(errp, "Expected parameter before '%c'", *s);
            return NULL;
        } else if (!check_key(key, len, errp)) {
            return NULL;
        } else if (*s == '=') {
            keystr = g_strndup(key, len);
            s++;
            val = parse_value(&s);
            qdict_put_str(dict, keystr, val);
        } else if (flags & KEYVAL_BARE_ON) {
            keystr = g_strndup(key, len);
            qdict_put_str(dict, keystr, "on");
        } else {
            error_setg(errp, "Expected '=' after parameter '%.*s'", (int)len,
                       key);
            return NULL;
        }
        first = false;
        if (*s == ',') {
            s++;
        }
    }
    return g_steal_pointer(&dict);
}

/* The long form "driver=D,property=P,value=V". */
static bool split_global_long(const char *str, char **driver,
                              char **property, char **value, Error **errp)
{
    static const char *const keys[] = { "driver", "property", "value" };
    char **out[] = { driver, property, value };
    g_autoptr(QDict) dict = keyval_parse(str, NULL, 0, errp);

    if (!dict) {
        return false;
    }
    for (const QDictEntry *e = qdict_first(dict); e;
         e = qdict_next(dict, e)) {
        if (strcmp(e->key, "driver") && strcmp(e->key, "property") &&
            strcmp(e->key, "value")) {
            error_setg(errp, "Invalid parameter '%s'", e->key);
            return false;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (!qdict_haskey(dict, keys[i])) {
            error_setg(errp, "Parameter '%s' is missing", keys[i]);
            return false;
        }
    }
    for (int i = 0; i < 3; i++) {
        *out[i] = g_strdup(qdict_get_str(dict, keys[i]));
    }
    return true;
}

bool keyval_split_global(const char *str, char **driver, char **property,
                         char **value, Error **errp)
{
    const char *eq = strchr(str, '=');
    const char *dot = strchr(str, '.');

    *driver = *property = *value = NULL;
    if (eq && (!dot || dot > eq)) {
        return split_global_long(str, driver, property, value, errp);
    }
    if (!eq || dot == str || dot + 1 == eq) {
        error_setg(errp, "expected 'driver.property=value', got '%s'", str);
        return false;
    }
    *driver = g_strndup(str, dot - str);
    *property = g_strndup(dot + 1, eq - dot - 1);
    *value = g_strdup(eq + 1);
    return true;
}
