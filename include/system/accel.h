/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Accelerators: kvm, qtest (tcg is known but not built: "tcg" is
 * reported unavailable).  -accel / -machine accel= pick the first that
 * initialises.  Owner: accel/accel.c, accel/kvm/kvm-all.c,
 * accel/qtest/qtest.c.
 */
#ifndef SYSTEM_ACCEL_H
#define SYSTEM_ACCEL_H

#include "system/ramblock.h"

typedef enum AccelKind {
    ACCEL_NONE,
    ACCEL_KVM,
    ACCEL_QTEST,
} AccelKind;

/* The accelerator in use (ACCEL_NONE before accel_init()). */
AccelKind current_accel(void);
const char *current_accel_name(void);

/* Whether /dev/kvm can be opened and speaks KVM_API_VERSION 12. */
bool kvm_available(void);
bool kvm_enabled(void);
bool qtest_enabled(void);

/*
 * Key of an accel option QDict holding the option's command-line text
 * ("-accel nosuch"), which prefixes its "invalid accelerator" message as
 * QEMU's location does.  Absent for -machine accel=.
 */
#define ACCEL_OPT_LOCATION "_location"

/*
 * Try each accelerator of @accel_opts (QDicts of strings: "accel" names
 * it, ACCEL_OPT_LOCATION optionally says where it came from) in order;
 * the first to initialise wins.  Failures print QEMU's messages
 * ("invalid accelerator %s", "failed to initialize %s: %s", then
 * "falling back to %s" once one works).  Returns false when none works:
 * with @errp set ("no accelerator found") only if no failure was
 * reported already (QEMU then exits 1 without another message).
 */
bool accel_init(GPtrArray *accel_opts, Error **errp);

/*
 * Tell the accelerator that guest RAM block @rb is mapped at its
 * windows (KVM: one memory slot per window; qtest: nothing).  Called by
 * machine_run_init().
 */
bool accel_map_ram(RAMBlock *rb, Error **errp);

/*
 * Print "invalid accelerator @name" for a name of -machine accel= that
 * vl.c filtered out before accel_init() (QEMU checks that list up
 * front); accel_init() then reports the fall-back like its own failures.
 */
void accel_report_invalid(const char *name);

/* Whether @name is an accelerator of this binary (kvm, qtest). */
bool accel_known(const char *name);

/* `-accel help`: "Accelerators supported in QEMU binary:" and the names. */
void accel_list_names(FILE *out);

#endif /* SYSTEM_ACCEL_H */
