/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Postcopy and userfaultfd.  Today: the host probes that the capability
 * checks need (postcopy-ram on the destination, background-snapshot).
 * Threads: any; the probes open and close their own userfaultfd.
 * Owner: migration/postcopy-ram.c.
 */
#ifndef MIGRATION_POSTCOPY_RAM_H
#define MIGRATION_POSTCOPY_RAM_H

/*
 * Whether this host can receive a postcopy migration: a userfaultfd can
 * be opened, speaks the API, and can register anonymous memory for
 * missing-page faults resolved with UFFDIO_COPY / UFFDIO_ZEROPAGE.
 * On failure @errp says why (the caller prefixes "Postcopy is not
 * supported: ").
 */
bool postcopy_ram_supported_by_host(Error **errp);

/* Whether the kernel offers userfaultfd write-protect faults. */
bool postcopy_ram_write_tracking_available(void);

/*
 * Whether every RAMBlock can be registered for write-protect tracking
 * (background-snapshot).  Call with the BQL after machine init.
 */
bool postcopy_ram_write_tracking_compatible(void);

#endif /* MIGRATION_POSTCOPY_RAM_H */
