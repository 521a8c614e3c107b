/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The abstract "memory-backend" type: common properties (size, share,
 * prealloc, dump, merge, reserve, prealloc-threads), allocation at
 * completion, the RAMBlock it becomes, and the in-use rule of object-del.
 * Threads: main thread, BQL.
 */
#include "qemu/osdep.h"

#include <sys/mman.h>
#include <sys/vfs.h>

#include "hostmem-internal.h"
#include "hw/boards.h"
#include "qapi/error.h"
#include "qapi/qapi-builtin-types.h"
#include "qobject/qbool.h"
#include "qom/object_interfaces.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef HUGETLBFS_MAGIC
#define HUGETLBFS_MAGIC 0x958458f6
#endif

/* Anonymous memory is aligned for transparent huge pages. */
#define HOSTMEM_ANON_ALIGN (2 * 1024 * 1024ULL)

/* Whether the backend types are registered (main thread). */
static bool hostmem_types_registered;

HostMemoryBackend *memory_backend_from_object(Object *obj)
{
    return obj ? (HostMemoryBackend *)object_dynamic_cast(
        obj, TYPE_MEMORY_BACKEND) : NULL;
}

uint64_t host_memory_backend_get_size(HostMemoryBackend *be)
{
    return be->size;
}

bool host_memory_backend_is_mapped(HostMemoryBackend *be)
{
    return be->is_mapped;
}

void host_memory_backend_set_mapped(HostMemoryBackend *be, bool mapped)
{
    be->is_mapped = mapped;
}

RAMBlock *host_memory_backend_get_ramblock(HostMemoryBackend *be,
                                           const char *idstr, Error **errp)
{
    const char *id = object_get_canonical_path_component(OBJECT(be));

    if (!be->rb) {
        error_setg(errp, "memory backend %s is not initialized",
                   id ? id : object_get_typename(OBJECT(be)));
        return NULL;
    }
    if (be->is_mapped) {
        /* QEMU's text (no quotes around the id). */
        error_setg(errp, "memory backend %s can't be used multiple times.",
                   id ? id : be->rb->idstr);
        return NULL;
    }
    if (idstr && strcmp(idstr, be->rb->idstr) &&
        !qemu_ram_set_idstr(be->rb, idstr, errp)) {
        return NULL;
    }
    be->is_mapped = true;
    return be->rb;
}

/*
 * Mapping helpers for the subtypes
 */

uint64_t host_memory_backend_fd_page_size(int fd)
{
    struct statfs fs;

    if (fd >= 0 && fstatfs(fd, &fs) == 0 &&
        (uint32_t)fs.f_type == HUGETLBFS_MAGIC) {
        return fs.f_bsize;
    }
    return getpagesize();
}

bool host_memory_backend_mmap(HostMemoryBackend *be, int fd, uint64_t offset,
                              uint64_t size, bool readonly, uint64_t align,
                              Error **errp)
{
    int prot = PROT_READ | (readonly ? 0 : PROT_WRITE);
    int flags = be->share ? MAP_SHARED : MAP_PRIVATE;
    uint8_t *resv, *aligned, *ptr;
    uint64_t total;

    if (!align) {
        align = fd < 0 ? HOSTMEM_ANON_ALIGN : be->page_size;
    }
    align = MAX(align, (uint64_t)getpagesize());
    if (!be->reserve) {
        flags |= MAP_NORESERVE;
    }

    /*
     * Reserve size + align of address space, then place the real
     * mapping at an aligned address inside it and give back the rest.
     */
    total = size + align;
    resv = mmap(NULL, total, PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (resv == MAP_FAILED) {
        error_setg_errno(errp, errno, "unable to map backing store for "
                         "guest RAM");
        return false;
    }
    aligned = (uint8_t *)QEMU_ALIGN_UP((uintptr_t)resv, align);
    if (fd < 0) {
        ptr = mmap(aligned, size, prot, flags | MAP_FIXED | MAP_ANONYMOUS,
                   -1, 0);
    } else {
        ptr = mmap(aligned, size, prot, flags | MAP_FIXED, fd, offset);
    }
    if (ptr == MAP_FAILED) {
        int err = errno;

        munmap(resv, total);
        error_setg_errno(errp, err, "unable to map backing store for "
                         "guest RAM");
        return false;
    }
    if (aligned > resv) {
        munmap(resv, aligned - resv);
    }
    if (resv + total > aligned + size) {
        munmap(aligned + size, resv + total - (aligned + size));
    }
    be->host = ptr;
    be->map_size = size;
    if (readonly) {
        be->ram_flags |= RAM_READONLY;
    }
    return true;
}

void host_memory_backend_munmap(HostMemoryBackend *be)
{
    if (be->host) {
        munmap(be->host, be->map_size);
        be->host = NULL;
        be->map_size = 0;
    }
    if (be->fd >= 0) {
        close(be->fd);
        be->fd = -1;
    }
}

/* Touch every page of the backend so that the host allocates it now. */
static bool host_memory_backend_prealloc(HostMemoryBackend *be, Error **errp)
{
    bool readonly = be->ram_flags & RAM_READONLY;
    uint64_t off;

    if (!madvise(be->host, be->map_size,
                 readonly ? MADV_POPULATE_READ : MADV_POPULATE_WRITE)) {
        return true;
    }
    if (errno != EINVAL) {
        error_setg_errno(errp, errno,
                         "qemu_prealloc_mem: preallocating memory failed");
        return false;
    }
    /* Old kernel: touch one byte per page, keeping its contents. */
    for (off = 0; off < be->map_size; off += be->page_size) {
        volatile uint8_t *p = be->host + off;
        uint8_t v = *p;

        if (!readonly) {
            *p = v;
        }
    }
    return true;
}

static void host_memory_backend_apply_madvise(HostMemoryBackend *be)
{
#ifdef MADV_MERGEABLE
    madvise(be->host, be->map_size,
            be->merge ? MADV_MERGEABLE : MADV_UNMERGEABLE);
#endif
#ifdef MADV_DONTDUMP
    madvise(be->host, be->map_size, be->dump ? MADV_DODUMP : MADV_DONTDUMP);
#endif
}

/*
 * Completion: allocate the memory and create its RAMBlock, named by the
 * backend's id (QEMU names backend blocks by id, not by path).
 */
static bool host_memory_backend_complete(UserCreatable *uc, Error **errp)
{
    HostMemoryBackend *be = MEMORY_BACKEND(uc);
    HostMemoryBackendClass *bc = MEMORY_BACKEND_GET_CLASS(be);
    const char *id = object_get_canonical_path_component(OBJECT(be));

    if (!id) {
        error_setg(errp, "memory backend needs an id");
        return false;
    }
    if (!bc->alloc) {
        error_setg(errp, "object type '%s' can't allocate memory",
                   object_get_typename(OBJECT(be)));
        return false;
    }
    if (!bc->alloc(be, errp)) {
        return false;
    }
    host_memory_backend_apply_madvise(be);
    if (be->prealloc && !host_memory_backend_prealloc(be, errp)) {
        goto fail;
    }
    be->rb = qemu_ram_alloc(id, be->map_size, be->host, be->fd,
                            be->ram_flags, be->page_size, errp);
    if (!be->rb) {
        goto fail;
    }
    be->rb->mr_owner = OBJECT(be);
    return true;

fail:
    bc->free(be);
    return false;
}

static bool host_memory_backend_can_be_deleted(UserCreatable *uc)
{
    return !MEMORY_BACKEND(uc)->is_mapped;
}

/*
 * Properties
 */

static bool hostmem_get_size(Object *obj, ObjectProperty *prop, void *slot,
                             Error **errp)
{
    *(uint64_t *)slot = *(uint64_t *)((char *)obj + (size_t)prop->opaque);
    return true;
}

static bool hostmem_set_size(Object *obj, ObjectProperty *prop, void *slot,
                             Error **errp)
{
    uint64_t value = *(uint64_t *)slot;

    if (host_memory_backend_allocated(MEMORY_BACKEND(obj))) {
        /* QEMU's text, trailing space included. */
        error_setg(errp, "cannot change property %s of %s ", prop->name,
                   object_get_typename(obj));
        return false;
    }
    if (!value && !strcmp(prop->name, "size")) {
        error_setg(errp, "property '%s' of %s doesn't take value '%" PRIu64
                   "'", prop->name, object_get_typename(obj), value);
        return false;
    }
    *(uint64_t *)((char *)obj + (size_t)prop->opaque) = value;
    return true;
}

static bool hostmem_get_bool(Object *obj, ObjectProperty *prop, void *slot,
                             Error **errp)
{
    *(bool *)slot = *(bool *)((char *)obj + (size_t)prop->opaque);
    return true;
}

static bool hostmem_set_bool(Object *obj, ObjectProperty *prop, void *slot,
                             Error **errp)
{
    HostMemoryBackend *be = MEMORY_BACKEND(obj);
    size_t off = (size_t)prop->opaque;
    bool value = *(bool *)slot;
    bool *field = (bool *)((char *)obj + off);

    if (!host_memory_backend_allocated(be)) {
        *field = value;
        return true;
    }
    /* dump, merge and prealloc act on live memory; the rest is frozen. */
    if (off == offsetof(HostMemoryBackend, dump) ||
        off == offsetof(HostMemoryBackend, merge)) {
        *field = value;
        host_memory_backend_apply_madvise(be);
        return true;
    }
    if (off == offsetof(HostMemoryBackend, prealloc)) {
        if (value && !be->prealloc &&
            !host_memory_backend_prealloc(be, errp)) {
            return false;
        }
        *field = value || be->prealloc;
        return true;
    }
    error_setg(errp, "cannot change property value");
    return false;
}

void host_memory_backend_class_add_bool(ObjectClass *oc, const char *name,
                                        size_t offset, bool defval,
                                        const char *desc)
{
    ObjectProperty *prop;

    prop = object_class_property_add(oc, name, "bool", &qapi_type_bool,
                                     hostmem_get_bool, hostmem_set_bool,
                                     NULL, (void *)offset);
    object_property_set_description(prop, desc);
    object_property_set_default(prop, QOBJECT(qbool_from_bool(defval)));
}

void host_memory_backend_class_add_size(ObjectClass *oc, const char *name,
                                        size_t offset, const char *desc)
{
    ObjectProperty *prop;

    prop = object_class_property_add(oc, name, "size", &qapi_type_size,
                                     hostmem_get_size, hostmem_set_size,
                                     NULL, (void *)offset);
    object_property_set_description(prop, desc);
}

static bool hostmem_get_threads(Object *obj, ObjectProperty *prop,
                                void *slot, Error **errp)
{
    *(uint32_t *)slot = MEMORY_BACKEND(obj)->prealloc_threads;
    return true;
}

static bool hostmem_set_threads(Object *obj, ObjectProperty *prop,
                                void *slot, Error **errp)
{
    uint32_t value = *(uint32_t *)slot;

    if (!value) {
        error_setg(errp, "property '%s' of %s doesn't take value '%" PRIu32
                   "'", prop->name, object_get_typename(obj), value);
        return false;
    }
    MEMORY_BACKEND(obj)->prealloc_threads = value;
    return true;
}

static void host_memory_backend_init(Object *obj)
{
    HostMemoryBackend *be = MEMORY_BACKEND(obj);

    /* Defaults follow -machine mem-merge / dump-guest-core, as in QEMU. */
    be->merge = current_machine ? current_machine->mem_merge : true;
    be->dump = current_machine ? current_machine->dump_guest_core : true;
    be->reserve = true;
    be->prealloc_threads = 1;
    be->fd = -1;
}

static void host_memory_backend_finalize(Object *obj)
{
    HostMemoryBackend *be = MEMORY_BACKEND(obj);
    HostMemoryBackendClass *bc = MEMORY_BACKEND_GET_CLASS(be);

    if (be->rb) {
        qemu_ram_free(be->rb);
        be->rb = NULL;
    }
    if (host_memory_backend_allocated(be)) {
        bc->free(be);
    }
}

static void host_memory_backend_class_init(ObjectClass *oc, const void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);
    ObjectProperty *prop;

    ucc->complete = host_memory_backend_complete;
    ucc->can_be_deleted = host_memory_backend_can_be_deleted;
    bc->free = host_memory_backend_munmap;

    host_memory_backend_class_add_size(oc, "size",
                                       offsetof(HostMemoryBackend, size),
                                       "Size of the memory region (ex: 500M)");
    host_memory_backend_class_add_bool(oc, "merge",
                                       offsetof(HostMemoryBackend, merge),
                                       true, "Mark memory as mergeable");
    host_memory_backend_class_add_bool(oc, "dump",
                                       offsetof(HostMemoryBackend, dump),
                                       true, "Set to 'off' to exclude from "
                                       "core dump");
    host_memory_backend_class_add_bool(oc, "prealloc",
                                       offsetof(HostMemoryBackend, prealloc),
                                       false, "Preallocate memory");
    host_memory_backend_class_add_bool(oc, "share",
                                       offsetof(HostMemoryBackend, share),
                                       false, "Mark the memory as private to "
                                       "QEMU or shared");
    host_memory_backend_class_add_bool(oc, "reserve",
                                       offsetof(HostMemoryBackend, reserve),
                                       true, "Reserve swap space (or huge "
                                       "pages) if applicable");
    prop = object_class_property_add(oc, "prealloc-threads", "uint32",
                                     &qapi_type_uint32, hostmem_get_threads,
                                     hostmem_set_threads, NULL, NULL);
    object_property_set_description(prop, "Number of CPU threads to use for "
                                    "prealloc");
}

static const TypeInfo host_memory_backend_info = {
    .name = TYPE_MEMORY_BACKEND,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(HostMemoryBackendClass),
    .class_init = host_memory_backend_class_init,
    .instance_size = sizeof(HostMemoryBackend),
    .instance_init = host_memory_backend_init,
    .instance_finalize = host_memory_backend_finalize,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { NULL }
    },
};

void memory_backend_register_types(void)
{
    if (hostmem_types_registered) {
        return;
    }
    hostmem_types_registered = true;
    qom_register_builtin_types();
    type_register_static(&host_memory_backend_info);
    memory_backend_ram_register_type();
    memory_backend_file_register_type();
    memory_backend_memfd_register_type();
}
