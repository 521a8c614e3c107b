/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "memory-backend-memfd": memory from memfd_create() (shared by default,
 * so another process given the fd sees guest RAM), optionally on huge
 * pages and sealed against resizing.  Threads: main thread, BQL.
 */
#include "qemu/osdep.h"

#include <sys/mman.h>

#include "hostmem-internal.h"
#include "qapi/error.h"

#ifndef MFD_HUGETLB
#define MFD_HUGETLB 0x0004U
#endif
#ifndef MFD_HUGE_SHIFT
#define MFD_HUGE_SHIFT 26
#endif

typedef struct HostMemoryBackendMemfd {
    HostMemoryBackend parent_obj;

    bool hugetlb;
    uint64_t hugetlbsize;
    bool seal;
} HostMemoryBackendMemfd;

#define MEMORY_BACKEND_MEMFD(obj)                                             \
    OBJECT_CHECK(HostMemoryBackendMemfd, (obj), TYPE_MEMORY_BACKEND_MEMFD)

static bool memfd_backend_alloc(HostMemoryBackend *be, Error **errp)
{
    HostMemoryBackendMemfd *m = MEMORY_BACKEND_MEMFD(be);
    unsigned int flags = MFD_CLOEXEC;
    uint64_t size;
    int fd;

    if (!be->size) {
        /* size=0 is refused by the setter: 0 here means never set. */
        error_setg(errp, "Parameter 'size' is missing");
        return false;
    }
    if (m->hugetlbsize && !m->hugetlb) {
        error_setg(errp, "hugetlbsize requires hugetlb=on");
        return false;
    }
    if (m->hugetlb) {
        flags |= MFD_HUGETLB;
        if (m->hugetlbsize) {
            if (m->hugetlbsize & (m->hugetlbsize - 1)) {
                error_setg(errp, "hugetlbsize 0x%" PRIx64
                           " is not a power of two", m->hugetlbsize);
                return false;
            }
            flags |= (unsigned int)ctz64(m->hugetlbsize) << MFD_HUGE_SHIFT;
        }
    }
    if (m->seal) {
        flags |= MFD_ALLOW_SEALING;
    }
    fd = memfd_create(TYPE_MEMORY_BACKEND_MEMFD, flags);
    if (fd < 0) {
        error_setg_errno(errp, errno, "failed to create memfd");
        return false;
    }
    be->page_size = host_memory_backend_fd_page_size(fd);
    size = QEMU_ALIGN_UP(be->size, MAX(be->page_size, TARGET_PAGE_SIZE));
    if (size < be->size || ftruncate(fd, size) < 0) {
        error_setg_errno(errp, size < be->size ? EFBIG : errno,
                         "failed to resize memfd to %" PRIu64, size);
        close(fd);
        return false;
    }
    if (m->seal &&
        fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL)) {
        error_setg_errno(errp, errno, "failed to add seals");
        close(fd);
        return false;
    }
    be->fd = fd;
    be->ram_flags |= RAM_FILE | (be->share ? RAM_SHARED : 0);
    if (!host_memory_backend_mmap(be, fd, 0, size, false, be->page_size,
                                  errp)) {
        close(fd);
        be->fd = -1;
        return false;
    }
    return true;
}

static void memfd_backend_init(Object *obj)
{
    HostMemoryBackendMemfd *m = MEMORY_BACKEND_MEMFD(obj);

    /* QEMU's memfd backend is shared unless told otherwise. */
    m->parent_obj.share = true;
    m->seal = true;
}

static void memfd_backend_class_init(ObjectClass *oc, const void *data)
{
    MEMORY_BACKEND_CLASS(oc)->alloc = memfd_backend_alloc;
    host_memory_backend_class_add_bool(
        oc, "hugetlb", offsetof(HostMemoryBackendMemfd, hugetlb), false,
        "Use huge pages");
    host_memory_backend_class_add_size(
        oc, "hugetlbsize", offsetof(HostMemoryBackendMemfd, hugetlbsize),
        "Huge pages size (ex: 2M, 1G)");
    host_memory_backend_class_add_bool(
        oc, "seal", offsetof(HostMemoryBackendMemfd, seal), true,
        "Seal growing & shrinking");
}

static const TypeInfo memfd_backend_info = {
    .name = TYPE_MEMORY_BACKEND_MEMFD,
    .parent = TYPE_MEMORY_BACKEND,
    .instance_size = sizeof(HostMemoryBackendMemfd),
    .instance_init = memfd_backend_init,
    .class_init = memfd_backend_class_init,
};

void memory_backend_memfd_register_type(void)
{
    type_register_static(&memfd_backend_info);
}
