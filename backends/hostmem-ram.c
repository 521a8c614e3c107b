/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "memory-backend-ram": anonymous host memory (private, or shared with
 * share=on).  Threads: main thread, BQL.
 */
#include "qemu/osdep.h"

#include "hostmem-internal.h"
#include "qapi/error.h"

static bool ram_backend_alloc(HostMemoryBackend *be, Error **errp)
{
    uint64_t size;

    if (!be->size) {
        /* size=0 is refused by the setter: 0 here means never set. */
        error_setg(errp, "Parameter 'size' is missing");
        return false;
    }
    be->page_size = getpagesize();
    size = QEMU_ALIGN_UP(be->size, MAX(be->page_size, TARGET_PAGE_SIZE));
    if (size < be->size) {
        error_setg(errp, "backend size 0x%" PRIx64 " is too large", be->size);
        return false;
    }
    if (be->share) {
        be->ram_flags |= RAM_SHARED;
    }
    return host_memory_backend_mmap(be, -1, 0, size, false, 0, errp);
}

static void ram_backend_class_init(ObjectClass *oc, const void *data)
{
    MEMORY_BACKEND_CLASS(oc)->alloc = ram_backend_alloc;
}

static const TypeInfo ram_backend_info = {
    .name = TYPE_MEMORY_BACKEND_RAM,
    .parent = TYPE_MEMORY_BACKEND,
    .class_init = ram_backend_class_init,
};

void memory_backend_ram_register_type(void)
{
    type_register_static(&ram_backend_info);
}
