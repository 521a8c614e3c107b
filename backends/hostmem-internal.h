/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory backend object and class, shared by backends/hostmem*.c
 * only (everyone else goes through include/system/hostmem.h).
 * Threads: main thread, BQL.
 */
#ifndef BACKENDS_HOSTMEM_INTERNAL_H
#define BACKENDS_HOSTMEM_INTERNAL_H

#include "system/hostmem.h"

struct HostMemoryBackend {
    Object parent_obj;

    /* Properties: set before completion (most are frozen after it). */
    uint64_t size;
    bool share;
    bool prealloc;
    bool dump;
    bool merge;
    bool reserve;
    uint32_t prealloc_threads;

    /*
     * Set by the class's alloc hook at completion: the mapping the
     * backend owns (@map_size bytes at @host, page-size aligned), its
     * fd or -1, the host page size, extra RAM_* flags.
     */
    uint8_t *host;
    uint64_t map_size;
    int fd;
    uint64_t page_size;
    uint32_t ram_flags;

    /* Set at completion, freed at finalize. */
    RAMBlock *rb;
    /* Whether a machine (or device) uses the memory. */
    bool is_mapped;
};

typedef struct HostMemoryBackendClass {
    ObjectClass parent_class;
    /*
     * Map be->size bytes (rounded up to the page size): fill in host,
     * map_size, fd, page_size, ram_flags.  Runs once, at completion.
     */
    bool (*alloc)(HostMemoryBackend *be, Error **errp);
    /* Undo alloc (munmap, close); runs at finalize or a failed completion. */
    void (*free)(HostMemoryBackend *be);
} HostMemoryBackendClass;

#define MEMORY_BACKEND(obj)                                                   \
    OBJECT_CHECK(HostMemoryBackend, (obj), TYPE_MEMORY_BACKEND)
#define MEMORY_BACKEND_CLASS(oc)                                              \
    OBJECT_CLASS_CHECK(HostMemoryBackendClass, (oc), TYPE_MEMORY_BACKEND)
#define MEMORY_BACKEND_GET_CLASS(obj)                                         \
    OBJECT_GET_CLASS(HostMemoryBackendClass, (obj), TYPE_MEMORY_BACKEND)

/* True once completion mapped the memory (properties are then frozen). */
static inline bool host_memory_backend_allocated(HostMemoryBackend *be)
{
    return be->host != NULL;
}

/*
 * Class property helpers for the subtypes: a bool or size member at
 * @offset of the instance, frozen once the memory is allocated ("cannot
 * change property value", QEMU's text).
 */
void host_memory_backend_class_add_bool(ObjectClass *oc, const char *name,
                                        size_t offset, bool defval,
                                        const char *desc);
void host_memory_backend_class_add_size(ObjectClass *oc, const char *name,
                                        size_t offset, const char *desc);

/*
 * Map @fd (or anonymous memory when @fd is -1) for @be: @size bytes
 * from @offset, shared or private per be->share, read-only if
 * @readonly.  Sets be->host and be->map_size.
 */
bool host_memory_backend_mmap(HostMemoryBackend *be, int fd, uint64_t offset,
                              uint64_t size, bool readonly, uint64_t align,
                              Error **errp);
/* Unmap what host_memory_backend_mmap() mapped and close be->fd. */
void host_memory_backend_munmap(HostMemoryBackend *be);

/* Host page size of the filesystem holding @fd (hugetlbfs aware). */
uint64_t host_memory_backend_fd_page_size(int fd);

/* Registration of the concrete types (memory_backend_register_types()). */
void memory_backend_ram_register_type(void);
void memory_backend_file_register_type(void);
void memory_backend_memfd_register_type(void);

#endif /* BACKENDS_HOSTMEM_INTERNAL_H */
