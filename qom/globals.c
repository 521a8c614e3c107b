/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Machine compat properties and -global settings, applied to new objects. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "qom/globals.h"

/*
 * Registered compat arrays (GlobalProperty tables, each with its length)
 * and -global entries (GlobalProperty *, strings owned); BQL.
 */
typedef struct CompatArray {
    GlobalProperty *props;
    size_t n;
} CompatArray;

static GArray *compat_arrays;
static GPtrArray *user_globals;

void object_register_compat_props(GlobalProperty *props, size_t n)
{
    CompatArray ca = { props, n };

    if (!compat_arrays) {
        compat_arrays = g_array_new(false, false, sizeof(CompatArray));
    }
    g_array_append_val(compat_arrays, ca);
}

static void user_global_free(gpointer p)
{
    GlobalProperty *g = p;

    g_free((char *)g->driver);
    g_free((char *)g->property);
    g_free((char *)g->value);
    g_free(g);
}

void qdev_add_global(const char *driver, const char *property,
                     const char *value)
{
    GlobalProperty *g = g_new0(GlobalProperty, 1);

    if (!user_globals) {
        user_globals = g_ptr_array_new_with_free_func(user_global_free);
    }
    g->driver = g_strdup(driver);
    g->property = g_strdup(property);
    g->value = g_strdup(value);
    g_ptr_array_add(user_globals, g);
}

bool qemu_global_option(const char *str, Error **errp)
{
    g_autofree char *driver = NULL;
    g_autofree char *property = NULL;
    g_autofree char *value = NULL;

    if (!keyval_split_global(str, &driver, &property, &value, errp)) {
        error_prepend(errp, "-global: ");
        return false;
    }
    qdev_add_global(driver, property, value);
    return true;
}

static bool apply_one(Object *obj, GlobalProperty *g, Error **errp)
{
    Error *err = NULL;

    if (!object_dynamic_cast(obj, g->driver)) {
        return true;
    }
    if (g->optional && !object_property_find(obj, g->property)) {
        return true;
    }
    g->used = true;
    if (!object_property_parse(obj, g->property, g->value, &err)) {
        error_propagate_prepend(errp, err, "can't apply global %s.%s=%s: ",
                                g->driver, g->property, g->value);
        return false;
    }
    return true;
}

bool object_apply_compat_props(Object *obj, Error **errp)
{
    for (guint i = 0; compat_arrays && i < compat_arrays->len; i++) {
        CompatArray *ca = &g_array_index(compat_arrays, CompatArray, i);

        for (size_t j = 0; j < ca->n; j++) {
            if (!apply_one(obj, &ca->props[j], errp)) {
                return false;
            }
        }
    }
    for (guint i = 0; user_globals && i < user_globals->len; i++) {
        if (!apply_one(obj, g_ptr_array_index(user_globals, i), errp)) {
            return false;
        }
    }
    return true;
}

bool qdev_prop_check_globals(void)
{
    bool ok = true;

    for (guint i = 0; user_globals && i < user_globals->len; i++) {
        GlobalProperty *g = g_ptr_array_index(user_globals, i);

        if (g->used) {
            continue;
        }
        ok = false;
        if (!object_class_by_name(g->driver)) {
            warn_report("global %s.%s has invalid class name", g->driver,
                        g->property);
        } else {
            warn_report("global %s.%s=%s not used", g->driver, g->property,
                        g->value);
        }
    }
    return ok;
}

void object_reset_globals(void)
{
    if (compat_arrays) {
        g_array_set_size(compat_arrays, 0);
    }
    if (user_globals) {
        g_ptr_array_set_size(user_globals, 0);
    }
}
