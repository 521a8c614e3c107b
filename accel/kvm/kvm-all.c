/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVM accelerator: /dev/kvm, the VM file descriptor and one memory
 * slot per guest RAM block.  vCPUs and the dirty log come later.
 *
 * Threads: everything here runs in the main thread during start-up
 * (accel_init(), machine_run_init()); the fds are fixed afterwards.
 */
#include "qemu/osdep.h"
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/trace.h"
#include "accel/kvm/kvm-internal.h"
#include "system/accel.h"

TRACE_EVENT_DEFINE(kvm_set_user_memory)

#define KVM_DEVICE "/dev/kvm"
/* The only KVM API version there has ever been. */
#define KVM_EXPECTED_API_VERSION 12

typedef struct KVMSlot {
    uint32_t slot;
    uint64_t gpa;
    uint64_t size;
    void *host;
    RAMBlock *rb;
} KVMSlot;

/* Set by kvm_init() (main thread, start-up); read-only afterwards. */
static int kvm_fd = -1;
static int kvm_vm_fd = -1;
static GArray *kvm_slots;           /* of KVMSlot, in slot order */

static int kvm_ioctl_retry(int fd, unsigned long req, void *arg)
{
    int ret;

    do {
        ret = ioctl(fd, req, arg);
    } while (ret < 0 && errno == EINTR);
    return ret < 0 ? -errno : ret;
}

bool kvm_available(void)
{
    int fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
    bool ok;

    if (fd < 0) {
        return false;
    }
    ok = ioctl(fd, KVM_GET_API_VERSION, 0) == KVM_EXPECTED_API_VERSION;
    close(fd);
    return ok;
}

bool kvm_enabled(void)
{
    return kvm_vm_fd >= 0;
}

int kvm_init(void)
{
    int ret, version;

    kvm_fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
    if (kvm_fd < 0) {
        ret = -errno;
        error_report("Could not access KVM kernel module: %s", strerror(-ret));
        return ret;
    }
    version = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
    if (version < KVM_EXPECTED_API_VERSION) {
        ret = -EINVAL;
        error_report("kvm version too old");
        goto fail;
    }
    if (version > KVM_EXPECTED_API_VERSION) {
        ret = -EINVAL;
        error_report("kvm version not supported");
        goto fail;
    }
    /* Machine type 0: the default VM type on x86. */
    ret = kvm_ioctl_retry(kvm_fd, KVM_CREATE_VM, 0);
    if (ret < 0) {
        error_report("ioctl(KVM_CREATE_VM) failed: %d %s", -ret,
                     strerror(-ret));
        goto fail;
    }
    kvm_vm_fd = ret;
    kvm_slots = g_array_new(false, true, sizeof(KVMSlot));
    return 0;

fail:
    close(kvm_fd);
    kvm_fd = -1;
    return ret;
}

bool kvm_map_ram(RAMBlock *rb, Error **errp)
{
    assert(kvm_enabled());
    /* One slot per guest-physical window (x86 splits RAM at 4 GiB). */
    for (unsigned i = 0; i < rb->nr_windows; i++) {
        const RAMWindow *w = &rb->windows[i];
        struct kvm_userspace_memory_region region = { 0 };
        KVMSlot s = {
            .slot = kvm_slots->len,
            .gpa = w->gpa,
            .size = w->len,
            .host = rb->host + w->offset,
            .rb = rb,
        };
        int ret;

        region.slot = s.slot;
        region.flags = rb->flags & RAM_READONLY ? KVM_MEM_READONLY : 0;
        region.guest_phys_addr = s.gpa;
        region.memory_size = s.size;
        region.userspace_addr = (uintptr_t)s.host;
        ret = kvm_ioctl_retry(kvm_vm_fd, KVM_SET_USER_MEMORY_REGION, &region);
        trace_event(kvm_set_user_memory, "Slot#%u flags=0x%x gpa=0x%" PRIx64
                    " size=0x%" PRIx64 " ua=0x%" PRIx64 " ret=%d", s.slot,
                    region.flags, s.gpa, s.size,
                    (uint64_t)(uintptr_t)s.host, ret);
        if (ret < 0) {
            error_setg(errp, "kvm_set_phys_mem: error registering slot: %s",
                       strerror(-ret));
            return false;
        }
        g_array_append_val(kvm_slots, s);
    }
    return true;
}
