/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "memory-backend-file": guest RAM mapped from a file (or from a
 * temporary file in a directory, e.g. a hugetlbfs mount), shared with
 * share=on so that other processes see guest memory.
 * Threads: main thread, BQL.
 */
#include "qemu/osdep.h"

#include <sys/mman.h>

#include "hostmem-internal.h"
#include "qapi/error.h"
#include "qapi/qapi-builtin-types.h"

typedef struct HostMemoryBackendFile {
    HostMemoryBackend parent_obj;

    char *mem_path;
    bool discard_data;
    bool readonly;
    uint64_t align;
    uint64_t offset;
} HostMemoryBackendFile;

#define MEMORY_BACKEND_FILE(obj)                                              \
    OBJECT_CHECK(HostMemoryBackendFile, (obj), TYPE_MEMORY_BACKEND_FILE)

/*
 * Open @path for guest RAM: an existing file, a new one (created unless
 * read-only; *@created tells the caller to unlink it on failure), or an
 * unlinked temporary file inside the directory @path.
 */
static int file_backend_open(const char *path, const char *id, bool readonly,
                             bool *created, Error **errp)
{
    struct stat st;
    int fd;

    *created = false;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        g_autofree char *templ = g_strdup_printf("%s/qemu_back_mem.%s.XXXXXX",
                                                 path, id);

        fd = mkstemp(templ);
        if (fd < 0) {
            error_setg_errno(errp, errno,
                             "unable to create backing store for guest RAM");
            return -1;
        }
        unlink(templ);
        return fd;
    }
    fd = open(path, readonly ? O_RDONLY : O_RDWR);
    if (fd < 0 && errno == ENOENT && !readonly) {
        fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
        *created = fd >= 0;
    }
    if (fd < 0) {
        error_setg_errno(errp, errno,
                         "can't open backing store %s for guest RAM", path);
        return -1;
    }
    return fd;
}

static bool file_backend_alloc(HostMemoryBackend *be, Error **errp)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(be);
    const char *id = object_get_canonical_path_component(OBJECT(be));
    bool created;
    off_t file_size;
    uint64_t size;
    int fd;

    if (!be->size) {
        /* size=0 is refused by the setter: 0 here means never set. */
        error_setg(errp, "Parameter 'size' is missing");
        return false;
    }
    if (!fb->mem_path) {
        error_setg(errp, "Parameter 'mem-path' is missing");
        return false;
    }
    if (fb->align & (fb->align - 1)) {
        error_setg(errp, "align 0x%" PRIx64 " is not a power of two",
                   fb->align);
        return false;
    }
    fd = file_backend_open(fb->mem_path, id ? id : "mem", fb->readonly,
                           &created, errp);
    if (fd < 0) {
        return false;
    }
    be->page_size = host_memory_backend_fd_page_size(fd);
    size = QEMU_ALIGN_UP(be->size, MAX(be->page_size, TARGET_PAGE_SIZE));
    if (be->size < be->page_size) {
        error_setg(errp, "memory size 0x%" PRIx64 " must be equal to or "
                   "larger than page size 0x%" PRIx64, be->size,
                   be->page_size);
        goto fail;
    }
    if (fb->offset % be->page_size) {
        error_setg(errp, "offset 0x%" PRIx64 " is not a multiple of the "
                   "page size 0x%" PRIx64, fb->offset, be->page_size);
        goto fail;
    }
    if (fb->align && fb->align < be->page_size) {
        error_setg(errp, "align 0x%" PRIx64 " is smaller than the page size "
                   "0x%" PRIx64, fb->align, be->page_size);
        goto fail;
    }

    file_size = lseek(fd, 0, SEEK_END);
    if (file_size < 0) {
        error_setg_errno(errp, errno, "can't get size of backing store %s",
                         fb->mem_path);
        goto fail;
    }
    if (file_size > 0 && (uint64_t)file_size < fb->offset + size) {
        error_setg(errp, "backing store size 0x%" PRIx64
                   " does not match 'size' option 0x%" PRIx64,
                   (uint64_t)file_size, size);
        goto fail;
    }
    if (file_size == 0) {
        if (fb->readonly) {
            error_setg(errp, "backing store size 0x0 does not match 'size' "
                       "option 0x%" PRIx64, size);
            goto fail;
        }
        /* Grow a new or empty file; a failure shows up at mmap time. */
        if (ftruncate(fd, fb->offset + size) < 0) {
            error_setg_errno(errp, errno, "ftruncate of backing store %s "
                             "failed", fb->mem_path);
            goto fail;
        }
    }

    be->fd = fd;
    be->ram_flags |= RAM_FILE | (be->share ? RAM_SHARED : 0);
    if (!host_memory_backend_mmap(be, fd, fb->offset, size, fb->readonly,
                                  fb->align, errp)) {
        be->fd = -1;
        goto fail;
    }
    return true;

fail:
    close(fd);
    if (created) {
        unlink(fb->mem_path);
    }
    return false;
}

/* discard-data: drop the file's pages instead of writing them back. */
static void file_backend_free(HostMemoryBackend *be)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(be);

    if (fb->discard_data && be->host) {
        madvise(be->host, be->map_size, MADV_REMOVE);
    }
    host_memory_backend_munmap(be);
}

static char *file_get_mem_path(Object *obj, Error **errp)
{
    return g_strdup(MEMORY_BACKEND_FILE(obj)->mem_path);
}

static bool file_set_mem_path(Object *obj, const char *value, Error **errp)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(obj);

    if (host_memory_backend_allocated(MEMORY_BACKEND(obj))) {
        error_setg(errp, "cannot change property 'mem-path' of %s",
                   object_get_typename(obj));
        return false;
    }
    g_free(fb->mem_path);
    fb->mem_path = g_strdup(value);
    return true;
}

static bool file_prop_get_str(Object *obj, ObjectProperty *prop, void *slot,
                              Error **errp)
{
    *(char **)slot = file_get_mem_path(obj, errp);
    return true;
}

static bool file_prop_set_str(Object *obj, ObjectProperty *prop, void *slot,
                              Error **errp)
{
    return file_set_mem_path(obj, *(char **)slot, errp);
}

static void file_backend_finalize(Object *obj)
{
    g_free(MEMORY_BACKEND_FILE(obj)->mem_path);
}

static void file_backend_class_init(ObjectClass *oc, const void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);
    ObjectProperty *prop;

    bc->alloc = file_backend_alloc;
    bc->free = file_backend_free;

    prop = object_class_property_add(oc, "mem-path", "string", &qapi_type_str,
                                     file_prop_get_str, file_prop_set_str,
                                     NULL, NULL);
    object_property_set_description(prop, "File to be used as backing "
                                    "storage (or a directory for a "
                                    "temporary file)");
    host_memory_backend_class_add_bool(
        oc, "discard-data", offsetof(HostMemoryBackendFile, discard_data),
        false, "Discard the data in the file when the backend goes away");
    host_memory_backend_class_add_size(
        oc, "align", offsetof(HostMemoryBackendFile, align),
        "Alignment of the mapping");
    host_memory_backend_class_add_size(
        oc, "offset", offsetof(HostMemoryBackendFile, offset),
        "Offset into the file to map from");
    host_memory_backend_class_add_bool(
        oc, "readonly", offsetof(HostMemoryBackendFile, readonly), false,
        "Map the file read-only (guest writes are ignored)");
}

static const TypeInfo file_backend_info = {
    .name = TYPE_MEMORY_BACKEND_FILE,
    .parent = TYPE_MEMORY_BACKEND,
    .instance_size = sizeof(HostMemoryBackendFile),
    .instance_finalize = file_backend_finalize,
    .class_init = file_backend_class_init,
};

void memory_backend_file_register_type(void)
{
    type_register_static(&file_backend_info);
}
