/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the rest of the program needs from migration/.
 * Owner: migration/migration.c, migration/options.c.
 */
#ifndef MIGRATION_MISC_H
#define MIGRATION_MISC_H

#define TYPE_MIGRATION "migration"

/*
 * Create the migration object (QOM type "migration"; not in the QOM
 * tree, not user-creatable) with its 10.2 defaults, then apply the
 * machine compat properties and -global migration.* settings
 * (object_apply_compat_props()).  Call after the machine class
 * registered its compat props and every -global was parsed.  Errors go
 * to @errp (QEMU: fatal at start-up).
 */
bool migration_object_init(Error **errp);

/*
 * Check the capabilities and parameters set by compat and -global as
 * migrate-set-* would (QEMU does this once at start-up; an invalid
 * combination is fatal).
 */
bool migration_object_check(Error **errp);

/* Free the migration object (exit). */
void migration_object_finalize(void);

/* The -incoming URI or "defer" stored by vl.c for later. */
void migration_set_incoming_uri(const char *uri);
const char *migration_incoming_uri(void);

#endif /* MIGRATION_MISC_H */
