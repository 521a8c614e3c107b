/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process-wide settings from the command line that other subsystems
 * read: the VM name and UUID.  Set by vl.c during start-up (main
 * thread) and read-only afterwards, so any thread may read them.
 */
#include "qemu/osdep.h"
#include "qemu/uuid.h"
#include "system/system.h"

const char *qemu_name;
QemuUUID qemu_uuid;
bool qemu_uuid_set;
