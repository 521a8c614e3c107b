/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The accelerator registry and its selection from -accel / -machine
 * accel=: try each requested accelerator in order, keep the first that
 * initialises.  Known: kvm (accel/kvm/kvm-all.c) and qtest (no guest
 * execution, no memory slots).  tcg is not built.
 *
 * Threads: main thread at start-up; current_accel() is read-only after.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qobject/qdict.h"
#include "accel/kvm/kvm-internal.h"
#include "system/accel.h"

typedef struct AccelOps {
    const char *name;       /* -accel name */
    const char *display;    /* QEMU's AccelClass name ("falling back to") */
    AccelKind kind;
    int (*init)(void);      /* 0 or a negative errno (message printed) */
} AccelOps;

static int qtest_accel_init(void)
{
    return 0;
}

static const AccelOps accel_ops[] = {
    { "kvm", "KVM", ACCEL_KVM, kvm_init },
    { "qtest", "QTest", ACCEL_QTEST, qtest_accel_init },
};

/* Set once by accel_init(). */
static const AccelOps *accel_current;
/* An accelerator was rejected before accel_init() (accel_report_invalid()). */
static bool accel_rejected;

static const AccelOps *accel_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(accel_ops); i++) {
        if (!strcmp(accel_ops[i].name, name)) {
            return &accel_ops[i];
        }
    }
    return NULL;
}

bool accel_known(const char *name)
{
    return accel_find(name) != NULL;
}

AccelKind current_accel(void)
{
    return accel_current ? accel_current->kind : ACCEL_NONE;
}

const char *current_accel_name(void)
{
    return accel_current ? accel_current->name : "none";
}

bool qtest_enabled(void)
{
    return current_accel() == ACCEL_QTEST;
}

void accel_list_names(FILE *out)
{
    /* QEMU's `-accel help` does not list qtest. */
    fprintf(out, "Accelerators supported in QEMU binary:\n");
    for (size_t i = 0; i < ARRAY_SIZE(accel_ops); i++) {
        if (accel_ops[i].kind != ACCEL_QTEST) {
            fprintf(out, "%s\n", accel_ops[i].name);
        }
    }
}

/*
 * Only the name is accepted: neither accelerator has properties yet, and
 * QEMU rejects unknown ones as "Property '<name>-accel.<prop>' not found".
 */
static bool accel_check_props(const char *name, QDict *opts, Error **errp)
{
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        if (strcmp(qdict_entry_key(e), "accel") &&
            strcmp(qdict_entry_key(e), ACCEL_OPT_LOCATION)) {
            error_setg(errp, "Property '%s-accel.%s' not found", name,
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

void accel_report_invalid(const char *name)
{
    error_report("invalid accelerator %s", name);
    accel_rejected = true;
}

bool accel_init(GPtrArray *accel_opts, Error **errp)
{
    bool init_failed = accel_rejected;

    assert(!accel_current);
    for (guint i = 0; i < accel_opts->len && !accel_current; i++) {
        QDict *opts = g_ptr_array_index(accel_opts, i);
        const char *name = qdict_get_try_str(opts, "accel");
        const AccelOps *ops = name ? accel_find(name) : NULL;
        int ret;

        if (!ops) {
            /* tcg included: it is not built into this binary. */
            const char *loc = qdict_get_try_str(opts, ACCEL_OPT_LOCATION);

            if (loc) {
                error_report("%s: invalid accelerator %s", loc,
                             name ? name : "");
            } else {
                error_report("invalid accelerator %s", name ? name : "");
            }
            init_failed = true;
            continue;
        }
        if (!accel_check_props(name, opts, errp)) {
            return false;
        }
        ret = ops->init();
        if (ret < 0) {
            error_report("failed to initialize %s: %s", name, strerror(-ret));
            init_failed = true;
            continue;
        }
        accel_current = ops;
    }
    if (!accel_current) {
        /* QEMU says nothing more when each failure was reported. */
        if (!init_failed) {
            error_setg(errp, "no accelerator found");
        }
        return false;
    }
    if (init_failed) {
        error_report("falling back to %s", accel_current->display);
    }
    return true;
}

bool accel_map_ram(RAMBlock *rb, Error **errp)
{
    switch (current_accel()) {
    case ACCEL_KVM:
        return kvm_map_ram(rb, errp);
    case ACCEL_QTEST:
    case ACCEL_NONE:
        /* qtest reaches guest memory through address_space_*() only. */
        return true;
    }
    g_assert_not_reached();
}
