/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Start-up and the main loop of the emulator process, and the settings
 * of the command line other subsystems read.
 * Owner: system/vl.c, system/globals.c.
 */
#ifndef SYSTEM_SYSTEM_H
#define SYSTEM_SYSTEM_H

#include "qemu/uuid.h"

typedef struct Chardev Chardev;

/* Parse the command line and set everything up; exits on bad options. */
void qemu_init(int argc, char **argv);

/* Run until asked to quit; returns the process exit status. */
int qemu_main_loop(void);

/*
 * Settings made once by qemu_init() before any other thread exists,
 * read-only afterwards.
 */
extern const char *qemu_name;   /* -name guest=, or NULL */
extern QemuUUID qemu_uuid;      /* -uuid, or all zero */
extern bool qemu_uuid_set;      /* -uuid given */

/*
 * The chardev of the @i-th -serial option (its id is "serialN" unless
 * given as chardev:ID), or NULL.  For the machine code that has UARTs.
 */
Chardev *serial_hd(int i);

#endif /* SYSTEM_SYSTEM_H */
