/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Postcopy over userfaultfd; today the host capability probes. */
#include "qemu/osdep.h"
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "qapi/error.h"
#include "system/ramblock.h"
#include "postcopy-ram.h"

/*
 * A new userfaultfd, or -1 with errno set.  The syscall may be refused
 * to unprivileged users (vm.unprivileged_userfaultfd=0); /dev/userfaultfd
 * is the other way in where its permissions allow.
 */
static int uffd_open(void)
{
    int fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
#ifdef USERFAULTFD_IOC_NEW
    int saved_errno = errno;

    if (fd < 0) {
        int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);

        if (dev >= 0) {
            fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
            saved_errno = errno;
            close(dev);
        }
        errno = saved_errno;
    }
#endif
    return fd;
}

/* UFFDIO_API handshake asking for @features; the offered set on success. */
static bool uffd_api(int fd, uint64_t features, uint64_t *offered)
{
    struct uffdio_api api = { .api = UFFD_API, .features = features };

    if (ioctl(fd, UFFDIO_API, &api) < 0) {
        return false;
    }
    *offered = api.features;
    return true;
}

/* Register [@addr, @addr + @len) with @mode; the ioctls offered, or 0. */
static uint64_t uffd_register(int fd, void *addr, uint64_t len, uint64_t mode)
{
    struct uffdio_register reg = {
        .range = { .start = (uintptr_t)addr, .len = len },
        .mode = mode,
    };
    struct uffdio_range range = reg.range;

    if (ioctl(fd, UFFDIO_REGISTER, &reg) < 0) {
        return 0;
    }
    ioctl(fd, UFFDIO_UNREGISTER, &range);
    return reg.ioctls;
}

bool postcopy_ram_supported_by_host(Error **errp)
{
    uint64_t want = (1ULL << _UFFDIO_COPY) | (1ULL << _UFFDIO_ZEROPAGE);
    uint64_t features, ioctls;
    long pagesize = sysconf(_SC_PAGESIZE);
    void *area;
    int fd;

    if (TARGET_PAGE_SIZE > (uint64_t)pagesize) {
        error_setg(errp, "Target page size bigger than host page size");
        return false;
    }
    fd = uffd_open();
    if (fd < 0) {
        error_setg(errp, "Userfaultfd not available: %s", strerror(errno));
        return false;
    }
    if (!uffd_api(fd, 0, &features)) {
        error_setg_errno(errp, errno, "UFFDIO_API failed");
        close(fd);
        return false;
    }
    area = mmap(NULL, pagesize, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) {
        error_setg_errno(errp, errno, "Failed to map a test page");
        close(fd);
        return false;
    }
    ioctls = uffd_register(fd, area, pagesize, UFFDIO_REGISTER_MODE_MISSING);
    munmap(area, pagesize);
    close(fd);
    if ((ioctls & want) != want) {
        error_setg(errp, "Missing userfault map features: %" PRIx64,
                   want & ~ioctls);
        return false;
    }
    return true;
}

bool postcopy_ram_write_tracking_available(void)
{
    uint64_t features = 0;
    int fd = uffd_open();
    bool ok;

    if (fd < 0) {
        return false;
    }
    ok = uffd_api(fd, 0, &features) &&
         (features & UFFD_FEATURE_PAGEFAULT_FLAG_WP);
    close(fd);
    return ok;
}

bool postcopy_ram_write_tracking_compatible(void)
{
    uint64_t want = 1ULL << _UFFDIO_WRITEPROTECT;
    uint64_t features;
    RAMBlock *rb;
    bool ok;
    int fd = uffd_open();

    if (fd < 0) {
        return false;
    }
    ok = uffd_api(fd, UFFD_FEATURE_PAGEFAULT_FLAG_WP, &features);
    RAMBLOCK_FOREACH(rb) {
        if (!ok) {
            break;
        }
        ok = (uffd_register(fd, rb->host, rb->used_length,
                            UFFDIO_REGISTER_MODE_WP) & want) == want;
    }
    close(fd);
    return ok;
}
