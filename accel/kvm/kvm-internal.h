/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What accel/accel.c needs from the KVM accelerator.  Main thread,
 * start-up only.  Owner: accel/kvm/kvm-all.c.
 */
#ifndef ACCEL_KVM_INTERNAL_H
#define ACCEL_KVM_INTERNAL_H

#include "system/ramblock.h"

/*
 * Open /dev/kvm, check the API version and create the VM.  Prints QEMU's
 * message ("Could not access KVM kernel module: %s", ...) and returns a
 * negative errno on failure.
 */
int kvm_init(void);

/* One memory slot for each guest-physical window of @rb. */
bool kvm_map_ram(RAMBlock *rb, Error **errp);

#endif /* ACCEL_KVM_INTERNAL_H */
