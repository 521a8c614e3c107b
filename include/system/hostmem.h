/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory backends: user-creatable objects (-object memory-backend-*)
 * that own host memory and become a RAMBlock when a machine uses them.
 *
 * Types: "memory-backend" (abstract; properties size, share, prealloc,
 * dump, merge, prealloc-threads... as far as we implement them),
 * "memory-backend-ram", "memory-backend-file" (mem-path, discard-data,
 * align, readonly), "memory-backend-memfd" (hugetlb, seal).
 * Threads: main thread, BQL.  Owner: backends/hostmem*.c.
 */
#ifndef SYSTEM_HOSTMEM_H
#define SYSTEM_HOSTMEM_H

#include "qom/object.h"
#include "system/ramblock.h"

#define TYPE_MEMORY_BACKEND "memory-backend"
#define TYPE_MEMORY_BACKEND_RAM "memory-backend-ram"
#define TYPE_MEMORY_BACKEND_FILE "memory-backend-file"
#define TYPE_MEMORY_BACKEND_MEMFD "memory-backend-memfd"

typedef struct HostMemoryBackend HostMemoryBackend;

/*
 * Register the memory-backend types (idempotent).  The library's types
 * are registered by explicit calls (see docs/devel/qom.md): vl.c calls
 * this before the first -object.
 */
void memory_backend_register_types(void);

/* @obj as a backend, or NULL if it is not one. */
HostMemoryBackend *memory_backend_from_object(Object *obj);

/*
 * The backend's RAMBlock, created (memory allocated or mapped) at the
 * backend's completion and named by the backend's id, as QEMU names
 * every backend's block (x-use-canonical-path-for-ramblock-id is off
 * since 4.1), used or not: an unused backend's block still migrates.
 * A non-NULL @idstr different from the id renames the block.  Marks
 * the backend mapped (in use: object-del refuses, "object '%s' is in
 * use, can not be deleted").  Used-once rule: a second user gets
 * "memory backend %s can't be used multiple times." (QEMU's text).
 */
RAMBlock *host_memory_backend_get_ramblock(HostMemoryBackend *be,
                                           const char *idstr, Error **errp);
uint64_t host_memory_backend_get_size(HostMemoryBackend *be);
bool host_memory_backend_is_mapped(HostMemoryBackend *be);
void host_memory_backend_set_mapped(HostMemoryBackend *be, bool mapped);

#endif /* SYSTEM_HOSTMEM_H */
