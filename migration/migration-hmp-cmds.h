/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text side of the migration HMP commands, usable without a
 * Monitor (the handlers in migration-hmp-cmds.c print it; tests check
 * it).  Main thread, BQL.  Owner: migration/migration-hmp-cmds.c.
 */
#ifndef MIGRATION_HMP_CMDS_H
#define MIGRATION_HMP_CMDS_H

#include "qapi/qapi-types-migration.h"
#include "monitor/monitor.h"

/* `info migrate_parameters` for @p, "\n"-terminated lines. */
char *hmp_format_migrate_parameters(const MigrationParameters *p);

/* `info migrate_capabilities`: "<name>: on|off" per entry of @caps. */
char *hmp_format_migrate_capabilities(
    const MigrationCapabilityStatusList *caps);

/*
 * Parse `migrate_set_parameter @param @value` into a MigrateSetParameters
 * with that one member set (NULL and @errp on a bad name or value).
 */
MigrateSetParameters *hmp_parse_migrate_parameter(const char *param,
                                                  const char *value,
                                                  Error **errp);

/*
 * `info migrate [-a]` for @info (QEMU 10.2 layout, "\n"-terminated
 * lines; @all adds the Globals block and throttle figures).
 */
char *hmp_format_migrate_info(const MigrationInfo *info, bool all);

/* The HMP handlers themselves are declared in include/monitor/hmp.h. */
#endif /* MIGRATION_HMP_CMDS_H */
