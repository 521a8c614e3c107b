/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Global properties: the machine's compat property arrays
 * (hw_compat_X_Y) and the user's -global driver.prop=value settings,
 * applied to every object whose type is (or derives from) the driver.
 *
 * Order (see docs/devel/qom.md): compat arrays in the order the machine
 * registered them, then -global settings in command-line order; a later
 * entry for the same property overrides an earlier one.  A versioned
 * machine registers its own array last (after the arrays of every newer
 * version, as QEMU's machine class chain does), so the oldest array
 * wins, and -global always beats compat.
 */
#ifndef QOM_GLOBALS_H
#define QOM_GLOBALS_H

#include "qom/object.h"

typedef struct GlobalProperty {
    const char *driver;
    const char *property;
    const char *value;
    bool used;                  /* applied to at least one object */
    bool optional;              /* skip silently if the property is absent */
} GlobalProperty;

/*
 * Register a machine compat array of @n entries (not copied: static
 * tables).  Their "used" flags are updated as they apply.
 */
void object_register_compat_props(GlobalProperty *props, size_t n);

/* Register one -global setting (strings copied). */
void qdev_add_global(const char *driver, const char *property,
                     const char *value);

/*
 * Parse -global @str ("driver.property=value") and register it.
 * Errors name the option: "-global: expected 'driver.property=value',
 * got '%s'" and the like (see keyval_split_global()).
 */
bool qemu_global_option(const char *str, Error **errp);

/*
 * Apply every matching compat entry, then every matching -global entry,
 * to @obj with object_property_parse().  An entry naming a property
 * @obj lacks fails (unless optional) with "can't apply global
 * %s.%s=%s: Property '%s.%s' not found"; bad values fail likewise with
 * the parse error after the prefix.
 */
bool object_apply_compat_props(Object *obj, Error **errp);

/*
 * Warn (warn_report) about every -global entry that was never applied:
 * "global %s.%s has invalid class name" when no such type exists, else
 * "global %s.%s=%s not used".  Returns false if it warned.
 */
bool qdev_prop_check_globals(void);

/* Forget all compat arrays and -global entries (for tests). */
void object_reset_globals(void);

#endif /* QOM_GLOBALS_H */
