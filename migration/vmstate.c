/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmstate engine: walks a VMStateDescription to save or load a
 * device's state, with versions, subsections and the JSON description;
 * and the small ordered JSON writer that description is written with.
 * Wire rules: docs/devel/vmstate.md.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/trace.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "migration/vmstate.h"

TRACE_EVENT_DEFINE(vmstate_load_state)
TRACE_EVENT_DEFINE(vmstate_load_state_end)
TRACE_EVENT_DEFINE(vmstate_save_state_top)
TRACE_EVENT_DEFINE(vmstate_subsection_load_bad)

/* JSON writer */

struct JSONWriter {
    GString *contents;
    /* One byte per open container: whether a member was written yet. */
    GByteArray *need_comma;
};

JSONWriter *json_writer_new(void)
{
    JSONWriter *writer = g_new0(JSONWriter, 1);

    writer->contents = g_string_new(NULL);
    writer->need_comma = g_byte_array_new();
    return writer;
}

void json_writer_free(JSONWriter *writer)
{
    if (writer) {
        g_string_free(writer->contents, true);
        g_byte_array_free(writer->need_comma, true);
        g_free(writer);
    }
}

const char *json_writer_get(JSONWriter *writer)
{
    return writer->contents->str;
}

GString *json_writer_get_and_free(JSONWriter *writer)
{
    GString *contents = writer->contents;

    g_byte_array_free(writer->need_comma, true);
    g_free(writer);
    return contents;
}

/* Escape as the tree's QObject JSON output does (QEMU's quoting). */
static void json_writer_quote(JSONWriter *writer, const char *str)
{
    QString *qstr = qstring_from_str(str);
    GString *json = qobject_to_json(QOBJECT(qstr));

    g_string_append_len(writer->contents, json->str, json->len);
    g_string_free(json, true);
    qobject_unref(qstr);
}

static void json_writer_member(JSONWriter *writer, const char *name)
{
    guint depth = writer->need_comma->len;

    if (depth) {
        if (writer->need_comma->data[depth - 1]) {
            g_string_append(writer->contents, ", ");
        }
        writer->need_comma->data[depth - 1] = 1;
    }
    if (name) {
        json_writer_quote(writer, name);
        g_string_append(writer->contents, ": ");
    }
}

static void json_writer_open(JSONWriter *writer, const char *name, char c)
{
    static const guint8 none;

    json_writer_member(writer, name);
    g_string_append_c(writer->contents, c);
    g_byte_array_append(writer->need_comma, &none, 1);
}

static void json_writer_close(JSONWriter *writer, char c)
{
    g_assert(writer->need_comma->len > 0);
    g_byte_array_set_size(writer->need_comma, writer->need_comma->len - 1);
    g_string_append_c(writer->contents, c);
}

void json_writer_start_object(JSONWriter *writer, const char *name)
{
    json_writer_open(writer, name, '{');
}

void json_writer_end_object(JSONWriter *writer)
{
    json_writer_close(writer, '}');
}

void json_writer_start_array(JSONWriter *writer, const char *name)
{
    json_writer_open(writer, name, '[');
}

void json_writer_end_array(JSONWriter *writer)
{
    json_writer_close(writer, ']');
}

void json_writer_bool(JSONWriter *writer, const char *name, bool val)
{
    json_writer_member(writer, name);
    g_string_append(writer->contents, val ? "true" : "false");
}

void json_writer_null(JSONWriter *writer, const char *name)
{
    json_writer_member(writer, name);
    g_string_append(writer->contents, "null");
}

void json_writer_int64(JSONWriter *writer, const char *name, int64_t val)
{
    json_writer_member(writer, name);
    g_string_append_printf(writer->contents, "%" PRId64, val);
}

void json_writer_uint64(JSONWriter *writer, const char *name, uint64_t val)
{
    json_writer_member(writer, name);
    g_string_append_printf(writer->contents, "%" PRIu64, val);
}

void json_writer_str(JSONWriter *writer, const char *name, const char *str)
{
    json_writer_member(writer, name);
    json_writer_quote(writer, str);
}

/* Field geometry */

static bool vmstate_field_exists(const VMStateField *field, void *opaque,
                                 int version_id)
{
    if (field->field_exists) {
        return field->field_exists(opaque, version_id);
    }
    return field->version_id <= version_id;
}

static bool vmstate_field_is_variable(const VMStateField *field)
{
    return field->flags & (VMS_VARRAY_ANY | VMS_VBUFFER);
}

/*
 * Element count and element size of @field in @opaque, checked: counts
 * and sizes read from the struct may come from the stream.
 */
static bool vmstate_field_geometry(const VMStateField *field, void *opaque,
                                   uint32_t *n_elems, size_t *size,
                                   Error **errp)
{
    const char *what = "element count";
    uint8_t *base = opaque;
    int64_t n = 1;
    int64_t sz = field->size;

    if (field->flags & VMS_ARRAY) {
        n = field->num;
    } else if (field->flags & VMS_VARRAY_INT32) {
        n = *(int32_t *)(base + field->num_offset);
    } else if (field->flags & VMS_VARRAY_UINT32) {
        n = *(uint32_t *)(base + field->num_offset);
    } else if (field->flags & VMS_VARRAY_UINT16) {
        n = *(uint16_t *)(base + field->num_offset);
    } else if (field->flags & VMS_VARRAY_UINT8) {
        n = *(uint8_t *)(base + field->num_offset);
    }
    if (field->flags & VMS_MULTIPLY_ELEMENTS) {
        n *= field->num;
    }
    if (field->flags & VMS_VBUFFER) {
        what = "size";
        /* int32_t and uint32_t size fields: a negative int32 is huge */
        n = 1;
        sz = *(uint32_t *)(base + field->size_offset);
        if (field->flags & VMS_MULTIPLY) {
            sz *= field->size;
        }
    }
    if (vmstate_field_is_variable(field)) {
        int64_t val = (field->flags & VMS_VBUFFER) ? sz : n;

        if (field->max == 0 && val != 0) {
            error_setg(errp, "no limit declared for the variable %s", what);
            return false;
        }
        if (val < 0 || val > field->max) {
            error_setg(errp, "%s %" PRId64 " is out of range (maximum %"
                       PRIu32 ")", what, val, field->max);
            return false;
        }
    }
    if (n < 0) {
        error_setg(errp, "negative element count %" PRId64, n);
        return false;
    }
    *n_elems = n;
    *size = sz;
    return true;
}

/*
 * The first element of @field: with VMS_POINTER the pointee, allocated
 * first when loading a VMS_ALLOC field.
 */
static bool vmstate_first_elem(const VMStateField *field, void *opaque,
                               uint32_t n_elems, size_t size, bool load,
                               void **first, Error **errp)
{
    void *elem = (uint8_t *)opaque + field->offset;

    if (field->flags & VMS_POINTER) {
        void **ptr = elem;

        if (load && (field->flags & VMS_ALLOC)) {
            g_free(*ptr);
            *ptr = (n_elems && size) ? g_malloc0_n(n_elems, size) : NULL;
        }
        elem = *ptr;
        if (!elem && n_elems && size) {
            error_setg(errp, "no storage for %" PRIu32
                       " elements of %zu bytes", n_elems, size);
            return false;
        }
    }
    *first = elem;
    return true;
}

/* Loading */

static int vmstate_subsection_load(QEMUFile *f,
                                   const VMStateDescription *vmsd,
                                   void *opaque, Error **errp);

static int vmstate_load_elem(QEMUFile *f, const VMStateField *field,
                             void *elem, size_t size, Error **errp)
{
    if ((field->flags & VMS_VBUFFER) && size == 0) {
        return 0;           /* an empty variable buffer: nothing to move */
    }
    if (!elem && size) {
        /* NULL slot of an array of pointers: its marker byte */
        return vmstate_info_nullptr.get(f, NULL, size, field, errp);
    }
    if (field->flags & VMS_STRUCT) {
        return vmstate_load_state(f, field->vmsd, elem,
                                  field->vmsd->version_id, errp);
    }
    if (field->flags & VMS_VSTRUCT) {
        return vmstate_load_state(f, field->vmsd, elem,
                                  field->struct_version_id, errp);
    }
    return field->info->get(f, elem, size, field, errp);
}

/* Turn a latched QEMUFile error into ret and an Error. */
static int vmstate_file_error(QEMUFile *f, Error **errp)
{
    Error *ferr = NULL;
    int ret = qemu_file_get_error_obj(f, &ferr);

    if (ret < 0) {
        if (ferr) {
            error_setg(errp, "%s", error_get_pretty(ferr));
        } else {
            error_setg(errp, "stream error: %s", strerror(-ret));
        }
    }
    return ret;
}

static int vmstate_load_field(QEMUFile *f, const VMStateDescription *vmsd,
                              const VMStateField *field, void *opaque,
                              Error **errp)
{
    uint32_t i, n_elems;
    size_t size;
    void *first;
    int ret;

    if (!vmstate_field_geometry(field, opaque, &n_elems, &size, errp) ||
        !vmstate_first_elem(field, opaque, n_elems, size, true, &first,
                            errp)) {
        error_prepend(errp, "Failed to load %s:%s: ", vmsd->name,
                      field->name);
        return -EINVAL;
    }
    for (i = 0; i < n_elems; i++) {
        /* NULL: an empty allocated buffer (no arithmetic on NULL) */
        void *elem = first ? (uint8_t *)first + size * i : NULL;

        if (field->flags & VMS_ARRAY_OF_POINTER) {
            elem = *(void **)elem;
        }
        ret = vmstate_load_elem(f, field, elem, size, errp);
        if (ret >= 0) {
            ret = vmstate_file_error(f, errp);
        }
        if (ret < 0) {
            error_prepend(errp, "Failed to load %s:%s: ", vmsd->name,
                          field->name);
            return ret;
        }
    }
    return 0;
}

static int vmstate_pre_load(const VMStateDescription *vmsd, void *opaque,
                            int version_id, Error **errp)
{
    int ret = 0;

    if (vmsd->pre_load_errp) {
        if (!vmsd->pre_load_errp(opaque, errp)) {
            error_prepend(errp, "pre load hook failed for: '%s', "
                          "version_id: %d, minimum version_id: %d: ",
                          vmsd->name, vmsd->version_id,
                          vmsd->minimum_version_id);
            return -EINVAL;
        }
    } else if (vmsd->pre_load) {
        ret = vmsd->pre_load(opaque);
        if (ret) {
            error_setg(errp, "pre load hook failed for: '%s', "
                       "version_id: %d, minimum version_id: %d, ret: %d",
                       vmsd->name, vmsd->version_id,
                       vmsd->minimum_version_id, ret);
        }
    }
    return ret;
}

static int vmstate_post_load(const VMStateDescription *vmsd, void *opaque,
                             int version_id, Error **errp)
{
    int ret = 0;

    if (vmsd->post_load_errp) {
        if (!vmsd->post_load_errp(opaque, version_id, errp)) {
            error_prepend(errp, "post load hook failed for: %s, "
                          "version_id: %d, minimum_version: %d: ",
                          vmsd->name, vmsd->version_id,
                          vmsd->minimum_version_id);
            return -EINVAL;
        }
    } else if (vmsd->post_load) {
        ret = vmsd->post_load(opaque, version_id);
        if (ret < 0) {
            error_setg(errp, "post load hook failed for: %s, "
                       "version_id: %d, minimum_version: %d, ret: %d",
                       vmsd->name, vmsd->version_id,
                       vmsd->minimum_version_id, ret);
        }
    }
    return ret;
}

static int vmstate_load_vmsd(QEMUFile *f, const VMStateDescription *vmsd,
                             void *opaque, int version_id, Error **errp)
{
    const VMStateField *field;
    int ret;

    trace_event(vmstate_load_state, "%s v%d", vmsd->name, version_id);
    if (version_id > vmsd->version_id) {
        error_setg(errp, "%s: incoming version_id %d is too new "
                   "for local version_id %d",
                   vmsd->name, version_id, vmsd->version_id);
        return -EINVAL;
    }
    if (version_id < vmsd->minimum_version_id) {
        error_setg(errp, "%s: incoming version_id %d is too old "
                   "for local minimum version_id %d",
                   vmsd->name, version_id, vmsd->minimum_version_id);
        return -EINVAL;
    }
    ret = vmstate_pre_load(vmsd, opaque, version_id, errp);
    if (ret) {
        return ret;
    }
    for (field = vmsd->fields; field && field->name; field++) {
        if (vmstate_field_exists(field, opaque, version_id)) {
            ret = vmstate_load_field(f, vmsd, field, opaque, errp);
            if (ret < 0) {
                return ret;
            }
        } else if (field->flags & VMS_MUST_EXIST) {
            error_setg(errp, "Input validation failed: %s/%s",
                       vmsd->name, field->name);
            return -EINVAL;
        }
    }
    ret = vmstate_subsection_load(f, vmsd, opaque, errp);
    if (ret) {
        return ret;
    }
    return vmstate_post_load(vmsd, opaque, version_id, errp);
}

int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, int version_id, Error **errp)
{
    int ret = vmstate_load_vmsd(f, vmsd, opaque, version_id, errp);

    trace_event(vmstate_load_state_end, "%s ret %d", vmsd->name, ret);
    if (ret < 0) {
        /* Later reads of the stream must not go on as if nothing happened */
        qemu_file_set_error(f, ret);
    }
    return ret;
}

static const VMStateDescription *
vmstate_get_subsection(const VMStateDescription *const *sub,
                       const char *idstr)
{
    for (; sub && *sub; sub++) {
        if (strcmp(idstr, (*sub)->name) == 0) {
            return *sub;
        }
    }
    return NULL;
}

/*
 * Subsections: while the next byte is QEMU_VM_SUBSECTION and the name
 * starts with our name, it must be one of ours.  Anything else is left
 * in the stream for the caller (wire-format.md 2.5).
 */
static int vmstate_subsection_load(QEMUFile *f,
                                   const VMStateDescription *vmsd,
                                   void *opaque, Error **errp)
{
    size_t name_len = strlen(vmsd->name);

    while (qemu_peek_byte(f, 0) == QEMU_VM_SUBSECTION) {
        const VMStateDescription *sub;
        char idstr[256];
        uint8_t *peeked;
        uint32_t version_id;
        int len = qemu_peek_byte(f, 1);
        int ret;

        if (len < 0 || (size_t)len < name_len + 1) {
            trace_event(vmstate_subsection_load_bad, "%s (short)",
                        vmsd->name);
            return 0;
        }
        if (qemu_peek_buffer(f, &peeked, len, 2) != (size_t)len) {
            trace_event(vmstate_subsection_load_bad, "%s (peek fail)",
                        vmsd->name);
            return 0;
        }
        memcpy(idstr, peeked, len);
        idstr[len] = '\0';
        if (strncmp(vmsd->name, idstr, name_len) != 0) {
            trace_event(vmstate_subsection_load_bad, "%s %s (prefix)",
                        vmsd->name, idstr);
            return 0;
        }
        sub = vmstate_get_subsection(vmsd->subsections, idstr);
        if (!sub) {
            error_setg(errp, "VM subsection '%s' in '%s' does not exist",
                       idstr, vmsd->name);
            return -ENOENT;
        }
        qemu_file_skip(f, 2 + len);
        version_id = qemu_get_be32(f);
        ret = vmstate_file_error(f, errp);
        if (ret < 0) {
            error_prepend(errp, "Loading VM subsection '%s' in '%s' "
                          "failed: ", idstr, vmsd->name);
            return ret;
        }
        if (version_id > INT32_MAX) {
            error_setg(errp, "Loading VM subsection '%s' in '%s' failed: "
                       "version_id %" PRIu32 " is out of range",
                       idstr, vmsd->name, version_id);
            return -EINVAL;
        }
        ret = vmstate_load_state(f, sub, opaque, version_id, errp);
        if (ret) {
            error_prepend(errp, "Loading VM subsection '%s' in '%s' "
                          "failed: %d: ", idstr, vmsd->name, ret);
            return ret;
        }
    }
    return 0;
}

/* Saving */

static const char *vmfield_get_type_name(const VMStateField *field)
{
    if (field->flags & VMS_STRUCT) {
        return "struct";
    }
    if (field->flags & VMS_VSTRUCT) {
        return "vstruct";
    }
    return field->info && field->info->name ? field->info->name : "unknown";
}

/*
 * An array is described once with "array_len" if all its elements are
 * the same shape; otherwise each element with its "index".
 */
static bool vmsd_can_compress(const VMStateField *field)
{
    const VMStateField *sfield;

    if (field->field_exists) {
        return false;
    }
    if (field->flags & VMS_STRUCT) {
        for (sfield = field->vmsd->fields; sfield && sfield->name; sfield++) {
            if (!vmsd_can_compress(sfield)) {
                return false;
            }
        }
        if (field->vmsd->subsections) {
            return false;
        }
    }
    return true;
}

/* "name" for the description; "name[k]" for the k-th of equal names. */
static char *vmsd_desc_field_name(const VMStateDescription *vmsd,
                                  const VMStateField *field)
{
    const VMStateField *f;
    int index = -1, count = 0;

    for (f = vmsd->fields; f->name; f++) {
        if (strcmp(f->name, field->name) == 0) {
            if (f == field) {
                index = count;
            }
            count++;
        }
    }
    if (count > 1) {
        return g_strdup_printf("%s[%d]", field->name, index);
    }
    return g_strdup(field->name);
}

static void vmsd_desc_field_start(const VMStateDescription *vmsd,
                                  JSONWriter *vmdesc,
                                  const VMStateField *field, uint32_t i,
                                  uint32_t max)
{
    g_autofree char *name = NULL;

    if (!vmdesc) {
        return;
    }
    name = vmsd_desc_field_name(vmsd, field);
    json_writer_start_object(vmdesc, NULL);
    json_writer_str(vmdesc, "name", name);
    if (max > 1) {
        if (vmsd_can_compress(field)) {
            json_writer_int64(vmdesc, "array_len", max);
        } else {
            json_writer_int64(vmdesc, "index", i);
        }
    }
    json_writer_str(vmdesc, "type", vmfield_get_type_name(field));
    if (field->flags & VMS_STRUCT) {
        json_writer_start_object(vmdesc, "struct");
    }
}

static void vmsd_desc_field_end(JSONWriter *vmdesc,
                                const VMStateField *field, uint64_t size)
{
    if (!vmdesc) {
        return;
    }
    if (field->flags & VMS_STRUCT) {
        json_writer_end_object(vmdesc);
    }
    json_writer_uint64(vmdesc, "size", size);
    json_writer_end_object(vmdesc);
}

static int vmstate_save_state_v(QEMUFile *f, const VMStateDescription *vmsd,
                                void *opaque, JSONWriter *vmdesc,
                                int version_id, Error **errp);

static int vmstate_save_elem(QEMUFile *f, const VMStateField *field,
                             void *elem, size_t size, JSONWriter *vmdesc,
                             Error **errp)
{
    if ((field->flags & VMS_VBUFFER) && size == 0) {
        return 0;
    }
    if (!elem && size) {
        return vmstate_info_nullptr.put(f, NULL, size, field, vmdesc, errp);
    }
    if (field->flags & VMS_STRUCT) {
        return vmstate_save_state(f, field->vmsd, elem, vmdesc, errp);
    }
    if (field->flags & VMS_VSTRUCT) {
        return vmstate_save_state_v(f, field->vmsd, elem, vmdesc,
                                    field->struct_version_id, errp);
    }
    return field->info->put(f, elem, size, field, vmdesc, errp);
}

static int vmstate_save_field(QEMUFile *f, const VMStateDescription *vmsd,
                              const VMStateField *field, void *opaque,
                              JSONWriter *vmdesc, Error **errp)
{
    uint32_t i, n_elems;
    size_t size;
    void *first;
    int ret;

    if (!vmstate_field_geometry(field, opaque, &n_elems, &size, errp) ||
        !vmstate_first_elem(field, opaque, n_elems, size, false, &first,
                            errp)) {
        error_prepend(errp, "Save of field %s/%s failed: ", vmsd->name,
                      field->name);
        return -EINVAL;
    }
    for (i = 0; i < n_elems; i++) {
        /* NULL: an empty allocated buffer (no arithmetic on NULL) */
        void *elem = first ? (uint8_t *)first + size * i : NULL;
        uint64_t start;

        vmsd_desc_field_start(vmsd, vmdesc, field, i, n_elems);
        start = qemu_file_transferred(f);
        if (field->flags & VMS_ARRAY_OF_POINTER) {
            elem = *(void **)elem;
        }
        ret = vmstate_save_elem(f, field, elem, size, vmdesc, errp);
        if (ret) {
            error_prepend(errp, "Save of field %s/%s failed: ",
                          vmsd->name, field->name);
            return ret;
        }
        vmsd_desc_field_end(vmdesc, field, qemu_file_transferred(f) - start);
        /* A compressed array is described by its first element only */
        if (vmdesc && vmsd_can_compress(field)) {
            vmdesc = NULL;
        }
    }
    return 0;
}

static int vmstate_pre_save(const VMStateDescription *vmsd, void *opaque,
                            Error **errp)
{
    int ret;

    if (vmsd->pre_save_errp) {
        if (!vmsd->pre_save_errp(opaque, errp)) {
            error_prepend(errp, "pre-save for %s failed: ", vmsd->name);
            return -EINVAL;
        }
    } else if (vmsd->pre_save) {
        ret = vmsd->pre_save(opaque);
        if (ret) {
            error_setg(errp, "pre-save failed: %s", vmsd->name);
            return ret;
        }
    }
    return 0;
}

static int vmstate_subsection_save(QEMUFile *f,
                                   const VMStateDescription *vmsd,
                                   void *opaque, JSONWriter *vmdesc,
                                   Error **errp)
{
    const VMStateDescription *const *sub;
    bool described = false;
    int ret;

    for (sub = vmsd->subsections; sub && *sub; sub++) {
        size_t len = strlen((*sub)->name);

        if (!vmstate_section_needed(*sub, opaque)) {
            continue;
        }
        if (len > 255) {
            error_setg(errp, "subsection name '%s' is longer than 255 bytes",
                       (*sub)->name);
            return -EINVAL;
        }
        if (vmdesc) {
            if (!described) {
                json_writer_start_array(vmdesc, "subsections");
                described = true;
            }
            json_writer_start_object(vmdesc, NULL);
        }
        qemu_put_byte(f, QEMU_VM_SUBSECTION);
        qemu_put_byte(f, len);
        qemu_put_buffer(f, (const uint8_t *)(*sub)->name, len);
        qemu_put_be32(f, (*sub)->version_id);
        ret = vmstate_save_state(f, *sub, opaque, vmdesc, errp);
        if (ret) {
            return ret;
        }
        if (vmdesc) {
            json_writer_end_object(vmdesc);
        }
    }
    if (described) {
        json_writer_end_array(vmdesc);
    }
    return 0;
}

static int vmstate_save_state_v(QEMUFile *f, const VMStateDescription *vmsd,
                                void *opaque, JSONWriter *vmdesc,
                                int version_id, Error **errp)
{
    const VMStateField *field;
    int ret;

    trace_event(vmstate_save_state_top, "%s", vmsd->name);
    ret = vmstate_pre_save(vmsd, opaque, errp);
    if (ret) {
        return ret;
    }
    if (vmdesc) {
        json_writer_str(vmdesc, "vmsd_name", vmsd->name);
        json_writer_int64(vmdesc, "version", version_id);
        json_writer_start_array(vmdesc, "fields");
    }
    for (field = vmsd->fields; field && field->name; field++) {
        if (vmstate_field_exists(field, opaque, version_id)) {
            ret = vmstate_save_field(f, vmsd, field, opaque, vmdesc, errp);
        } else if (field->flags & VMS_MUST_EXIST) {
            error_setg(errp, "Output state validation failed: %s/%s",
                       vmsd->name, field->name);
            ret = -EINVAL;
        }
        if (ret) {
            goto out;
        }
    }
    if (vmdesc) {
        json_writer_end_array(vmdesc);
    }
    ret = vmstate_subsection_save(f, vmsd, opaque, vmdesc, errp);
out:
    if (vmsd->post_save) {
        int ps_ret = vmsd->post_save(opaque);

        if (!ret && ps_ret) {
            ret = ps_ret;
            error_setg(errp, "post-save failed: %s", vmsd->name);
        }
    }
    return ret;
}

int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, JSONWriter *vmdesc, Error **errp)
{
    return vmstate_save_state_v(f, vmsd, opaque, vmdesc, vmsd->version_id,
                                errp);
}

bool vmstate_section_needed(const VMStateDescription *vmsd, void *opaque)
{
    return !vmsd->needed || vmsd->needed(opaque);
}
