/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command line and start-up of qemu-system-x86_64.
 *
 * For now the tree has only its foundation (util, QObject, QAPI): this
 * file answers --version and -h and rejects every other option the way
 * QEMU does.  The full command line arrives with the machine and monitor
 * work.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "system/system.h"

#define QEMU_COPYRIGHT                                                        \
    "Copyright (c) 2026 the qemu-mig developers "                            \
    "(a QEMU-compatible migration engine)"

static void version(void)
{
    printf("QEMU emulator version " QEMU_VERSION " (" QEMU_PKGVERSION ")\n"
           QEMU_COPYRIGHT "\n");
}

static void help(void)
{
    version();
    printf("usage: qemu-system-x86_64 [options]\n"
           "\n"
           "Standard options:\n"
           "-h or -help     display this help and exit\n"
           "-version        display version information and exit\n");
}

void qemu_init(int argc, char **argv)
{
    error_init(argv[0]);

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (opt[0] != '-') {
            error_report("%s: drive files are not supported", opt);
            exit(1);
        }
        /* QEMU accepts both -opt and --opt. */
        if (opt[1] == '-') {
            opt++;
        }
        if (!strcmp(opt, "-version")) {
            version();
            exit(0);
        }
        if (!strcmp(opt, "-h") || !strcmp(opt, "-help")) {
            help();
            exit(0);
        }
        error_report("%s: invalid option", argv[i]);
        exit(1);
    }
    error_report("no machine to run yet: this build only answers "
                 "-version and -help");
    exit(1);
}

int qemu_main_loop(void)
{
    return 0;
}
