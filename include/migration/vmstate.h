/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmstate engine: tables that describe a device's migratable state,
 * and the functions that write and read them on the migration stream.
 *
 * A VMStateDescription lists fields (offset, size, type, count, version)
 * ending with VMSTATE_END_OF_LIST(), plus optional subsections.  The wire
 * format is QEMU's (docs/devel/vmstate.md, wire-format.md section 2): the
 * fields in declaration order with no tags or lengths, then each needed
 * subsection as 0x05, counted name, be32 version, its fields.
 *
 * Loading treats the stream as hostile: every count and length taken
 * from the stream is checked against the field's declared limit before
 * it is used, and every error names the vmsd, the field and the value.
 *
 * Threads: the engine has no state of its own; a save or load runs in
 * the thread that owns the QEMUFile (with the BQL, for device state).
 * Owner: migration/vmstate.c (engine, JSON writer) and
 * migration/vmstate-types.c (the VMStateInfo types).
 */
#ifndef MIGRATION_VMSTATE_H
#define MIGRATION_VMSTATE_H

typedef struct QEMUFile QEMUFile;
typedef struct VMStateInfo VMStateInfo;
typedef struct VMStateField VMStateField;
typedef struct VMStateDescription VMStateDescription;
typedef struct JSONWriter JSONWriter;

/*
 * JSON writer for the VMDESCRIPTION trailer (wire-format.md 1.7):
 * members come out in the order they are written, compact form
 * (", " between members, ": " after names), strings escaped as the
 * tree's QObject JSON output does.  @name is NULL for an array element
 * or the top-level value.  Single-threaded; the caller owns the writer.
 */
JSONWriter *json_writer_new(void);
void json_writer_free(JSONWriter *writer);
/* The text so far (borrowed, valid until the next write). */
const char *json_writer_get(JSONWriter *writer);
/* Free the writer, returning its text (caller frees). */
GString *json_writer_get_and_free(JSONWriter *writer);
void json_writer_start_object(JSONWriter *writer, const char *name);
void json_writer_end_object(JSONWriter *writer);
void json_writer_start_array(JSONWriter *writer, const char *name);
void json_writer_end_array(JSONWriter *writer);
void json_writer_bool(JSONWriter *writer, const char *name, bool val);
void json_writer_null(JSONWriter *writer, const char *name);
void json_writer_int64(JSONWriter *writer, const char *name, int64_t val);
void json_writer_uint64(JSONWriter *writer, const char *name, uint64_t val);
void json_writer_str(JSONWriter *writer, const char *name, const char *str);

/*
 * One wire type.  get() loads one element of @size bytes at @pv, put()
 * saves it.  Both return 0 or a negative errno and then set @errp with
 * the cause (the engine prepends the vmsd and field names).  QEMUFile
 * errors are sticky: a short read need not be checked by get(), the
 * engine checks the file after every element.
 */
struct VMStateInfo {
    const char *name;           /* type name in the JSON description */
    int (*get)(QEMUFile *f, void *pv, size_t size,
               const VMStateField *field, Error **errp);
    int (*put)(QEMUFile *f, void *pv, size_t size,
               const VMStateField *field, JSONWriter *vmdesc, Error **errp);
};

/* Field flags; QEMU's names and meanings. */
enum VMStateFlags {
    VMS_SINGLE = 0x001,         /* one element */
    VMS_POINTER = 0x002,        /* the field holds a pointer to the data */
    VMS_ARRAY = 0x004,          /* @num elements */
    VMS_STRUCT = 0x008,         /* element is a nested @vmsd */
    VMS_VARRAY_INT32 = 0x010,   /* count: int32_t at @num_offset */
    VMS_BUFFER = 0x020,         /* raw bytes of @size */
    VMS_ARRAY_OF_POINTER = 0x040, /* elements are pointers (NULL: 0x30) */
    VMS_VARRAY_UINT16 = 0x080,  /* count: uint16_t at @num_offset */
    VMS_VBUFFER = 0x100,        /* size: 32-bit field at @size_offset */
    VMS_MULTIPLY = 0x200,       /* VBUFFER size is multiplied by @size */
    VMS_VARRAY_UINT8 = 0x400,   /* count: uint8_t at @num_offset */
    VMS_VARRAY_UINT32 = 0x800,  /* count: uint32_t at @num_offset */
    VMS_MUST_EXIST = 0x1000,    /* absent field is a validation error */
    VMS_ALLOC = 0x2000,         /* POINTER: allocate on load */
    VMS_MULTIPLY_ELEMENTS = 0x4000, /* VARRAY count is multiplied by @num */
    VMS_VSTRUCT = 0x8000,       /* STRUCT loaded at @struct_version_id */
    VMS_END = 0x10000,          /* VMSTATE_END_OF_LIST() */
};

#define VMS_VARRAY_ANY                                                        \
    (VMS_VARRAY_INT32 | VMS_VARRAY_UINT32 | VMS_VARRAY_UINT16 |               \
     VMS_VARRAY_UINT8)

/* Wire marker of a NULL element in an array of pointers. */
#define VMS_NULLPTR_MARKER 0x30

struct VMStateField {
    const char *name;           /* NULL ends the list */
    size_t offset;              /* of the field in the opaque struct */
    size_t size;                /* element size (VBUFFER: multiplier) */
    int num;                    /* ARRAY count, MULTIPLY_ELEMENTS factor */
    size_t num_offset;          /* VARRAY: offset of the count field */
    size_t size_offset;         /* VBUFFER: offset of the size field */
    /*
     * Limit for values taken from the state (and so from the stream):
     * VARRAY: maximum element count (after MULTIPLY_ELEMENTS); VBUFFER:
     * maximum byte size.  Must be set for those fields: a larger value
     * fails the save or load instead of overrunning memory.
     */
    uint32_t max;
    const VMStateInfo *info;
    enum VMStateFlags flags;
    const VMStateDescription *vmsd;     /* STRUCT / VSTRUCT */
    int version_id;             /* first version that has the field */
    int struct_version_id;      /* VSTRUCT */
    /* If set, alone decides whether the field exists at @version_id. */
    bool (*field_exists)(void *opaque, int version_id);
};

/* Save order: higher first (wire-format.md 1.4). */
typedef enum MigrationPriority {
    MIG_PRI_UNINITIALIZED = 0,  /* treated as MIG_PRI_DEFAULT */
    MIG_PRI_LOW,
    MIG_PRI_DEFAULT,
    MIG_PRI_IOMMU,
    MIG_PRI_PCI_BUS,
    MIG_PRI_VIRTIO_MEM,
    MIG_PRI_APIC,
    MIG_PRI_GICV3_ITS,
    MIG_PRI_GICV3,
    MIG_PRI_MAX,
} MigrationPriority;

/*
 * A device's state.  Hooks: the int ones return 0 or a negative errno;
 * the _errp ones return false and set @errp.  Give at most one of each
 * pair.  post_save runs even when the save failed.
 */
struct VMStateDescription {
    const char *name;
    bool unmigratable;          /* registering blocks migration */
    bool early_setup;           /* saved in the setup phase */
    int version_id;
    int minimum_version_id;
    MigrationPriority priority;
    int (*pre_load)(void *opaque);
    bool (*pre_load_errp)(void *opaque, Error **errp);
    int (*post_load)(void *opaque, int version_id);
    bool (*post_load_errp)(void *opaque, int version_id, Error **errp);
    int (*pre_save)(void *opaque);
    bool (*pre_save_errp)(void *opaque, Error **errp);
    int (*post_save)(void *opaque);
    /* Subsections: sent only if true; sections: saved only if true. */
    bool (*needed)(void *opaque);
    const VMStateField *fields;
    const VMStateDescription *const *subsections;   /* NULL-terminated */
};

/* Types (migration/vmstate-types.c). */
extern const VMStateInfo vmstate_info_bool;
extern const VMStateInfo vmstate_info_int8;
extern const VMStateInfo vmstate_info_int16;
extern const VMStateInfo vmstate_info_int32;
extern const VMStateInfo vmstate_info_int64;
extern const VMStateInfo vmstate_info_uint8;
extern const VMStateInfo vmstate_info_uint16;
extern const VMStateInfo vmstate_info_uint32;
extern const VMStateInfo vmstate_info_uint64;
extern const VMStateInfo vmstate_info_int32_equal;
extern const VMStateInfo vmstate_info_int32_le;
extern const VMStateInfo vmstate_info_uint8_equal;
extern const VMStateInfo vmstate_info_uint16_equal;
extern const VMStateInfo vmstate_info_uint32_equal;
extern const VMStateInfo vmstate_info_uint64_equal;
extern const VMStateInfo vmstate_info_float64;
extern const VMStateInfo vmstate_info_buffer;
extern const VMStateInfo vmstate_info_unused_buffer;
extern const VMStateInfo vmstate_info_nullptr;
extern const VMStateInfo vmstate_info_bitmap;
extern const VMStateInfo vmstate_info_counted_string;

/*
 * Save @vmsd's fields and needed subsections from @opaque at the vmsd's
 * own version.  With @vmdesc, also append its description (members
 * "vmsd_name", "version", "fields", "subsections") to the JSON object
 * the caller has opened.  Returns 0 or a negative errno with @errp set.
 */
int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, JSONWriter *vmdesc, Error **errp);
/*
 * Load @vmsd into @opaque from data written at @version_id (from the
 * section header; subsections carry their own).  Returns 0 or a
 * negative errno with @errp set; the QEMUFile error is latched too.
 */
int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, int version_id, Error **errp);
/* Whether @vmsd (a section or subsection) is to be saved for @opaque. */
bool vmstate_section_needed(const VMStateDescription *vmsd, void *opaque);

/* Compile-time checks that a field has the declared type. */
#define type_check(t1, t2) ((t1 *)0 - (t2 *)0)
#define type_check_array(t1, t2, n) ((t1(*)[n])0 - (t2 *)0)
#define typeof_field(type, field) typeof(((type *)0)->field)
#define vmstate_offset_value(_state, _field, _type)                           \
    (offsetof(_state, _field) + type_check(_type, typeof_field(_state, _field)))
#define vmstate_offset_pointer(_state, _field, _type)                         \
    (offsetof(_state, _field) +                                               \
     type_check(_type *, typeof_field(_state, _field)))
#define vmstate_offset_array(_state, _field, _type, _num)                     \
    (offsetof(_state, _field) +                                               \
     type_check_array(_type, typeof_field(_state, _field), _num))
#define vmstate_offset_buffer(_state, _field)                                 \
    vmstate_offset_array(_state, _field, uint8_t,                             \
                         sizeof(typeof_field(_state, _field)))
#define vmstate_array_len(_state, _field)                                     \
    (sizeof(typeof_field(_state, _field)) /                                   \
     sizeof(((_state *)0)->_field[0]))

/* Scalars */

#define VMSTATE_SINGLE_TEST(_field, _state, _test, _version, _info, _type) { \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .field_exists = (_test),                                                  \
    .size = sizeof(_type),                                                    \
    .info = &(_info),                                                         \
    .flags = VMS_SINGLE,                                                      \
    .offset = vmstate_offset_value(_state, _field, _type),                    \
}
#define VMSTATE_SINGLE(_field, _state, _version, _info, _type)                \
    VMSTATE_SINGLE_TEST(_field, _state, NULL, _version, _info, _type)

#define VMSTATE_BOOL_V(_f, _s, _v)                                            \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_bool, bool)
#define VMSTATE_INT8_V(_f, _s, _v)                                            \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_V(_f, _s, _v)                                           \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_V(_f, _s, _v)                                           \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_V(_f, _s, _v)                                           \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int64, int64_t)
#define VMSTATE_UINT8_V(_f, _s, _v)                                           \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_V(_f, _s, _v)                                          \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_V(_f, _s, _v)                                          \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_V(_f, _s, _v)                                          \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_FLOAT64_V(_f, _s, _v)                                         \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_float64, double)

#define VMSTATE_BOOL(_f, _s) VMSTATE_BOOL_V(_f, _s, 0)
#define VMSTATE_INT8(_f, _s) VMSTATE_INT8_V(_f, _s, 0)
#define VMSTATE_INT16(_f, _s) VMSTATE_INT16_V(_f, _s, 0)
#define VMSTATE_INT32(_f, _s) VMSTATE_INT32_V(_f, _s, 0)
#define VMSTATE_INT64(_f, _s) VMSTATE_INT64_V(_f, _s, 0)
#define VMSTATE_UINT8(_f, _s) VMSTATE_UINT8_V(_f, _s, 0)
#define VMSTATE_UINT16(_f, _s) VMSTATE_UINT16_V(_f, _s, 0)
#define VMSTATE_UINT32(_f, _s) VMSTATE_UINT32_V(_f, _s, 0)
#define VMSTATE_UINT64(_f, _s) VMSTATE_UINT64_V(_f, _s, 0)
#define VMSTATE_FLOAT64(_f, _s) VMSTATE_FLOAT64_V(_f, _s, 0)

#define VMSTATE_BOOL_TEST(_f, _s, _t)                                         \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_bool, bool)
#define VMSTATE_UINT8_TEST(_f, _s, _t)                                        \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_TEST(_f, _s, _t)                                       \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_TEST(_f, _s, _t)                                       \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_INT32_TEST(_f, _s, _t)                                        \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int32, int32_t)

/* Encoded like the plain type; loading fails unless equal to ours. */
#define VMSTATE_UINT8_EQUAL(_f, _s)                                           \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint8_equal, uint8_t)
#define VMSTATE_UINT16_EQUAL(_f, _s)                                          \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint16_equal, uint16_t)
#define VMSTATE_UINT32_EQUAL(_f, _s)                                          \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint32_equal, uint32_t)
#define VMSTATE_UINT64_EQUAL(_f, _s)                                          \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint64_equal, uint64_t)
#define VMSTATE_INT32_EQUAL(_f, _s)                                           \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_int32_equal, int32_t)
/* Loading requires 0 <= incoming <= ours, then takes the incoming value. */
#define VMSTATE_INT32_POSITIVE_LE(_f, _s)                                     \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_int32_le, int32_t)

/* Fixed arrays: @_num elements, no count on the wire. */

#define VMSTATE_ARRAY(_field, _state, _num, _version, _info, _type) {         \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .num = (_num),                                                            \
    .info = &(_info),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_ARRAY,                                                       \
    .offset = vmstate_offset_array(_state, _field, _type, _num),              \
}
#define VMSTATE_BOOL_ARRAY(_f, _s, _n)                                        \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_bool, bool)
#define VMSTATE_UINT8_ARRAY(_f, _s, _n)                                       \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_ARRAY(_f, _s, _n)                                      \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_ARRAY(_f, _s, _n)                                      \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_ARRAY(_f, _s, _n)                                      \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_uint64, uint64_t)
#define VMSTATE_INT32_ARRAY(_f, _s, _n)                                       \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_int32, int32_t)
#define VMSTATE_UINT32_ARRAY_V(_f, _s, _n, _v)                                \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint32, uint32_t)

/*
 * Variable arrays: the count is another field of the struct (already
 * loaded when this one is, if it travels at all); no count on the wire.
 * The pointer variants point at caller storage of at least @_max
 * elements; the _ALLOC ones allocate it on load (any previous buffer
 * is freed: the field owns it).  The count is checked against @_max.
 */
#define VMSTATE_VARRAY_FIELD(_field, _state, _nfield, _ntype, _nflag, _v,     \
                             _info, _type, _max, _extra) {                    \
    .name = (stringify(_field)),                                              \
    .version_id = (_v),                                                       \
    .num_offset = vmstate_offset_value(_state, _nfield, _ntype),              \
    .info = &(_info),                                                         \
    .size = sizeof(_type),                                                    \
    .max = (_max),                                                            \
    .flags = (_nflag) | VMS_POINTER | (_extra),                               \
    .offset = vmstate_offset_pointer(_state, _field, _type),                  \
}
#define VMSTATE_VARRAY_INT32(_f, _s, _n, _v, _info, _type, _max)              \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, int32_t, VMS_VARRAY_INT32, _v, _info,    \
                         _type, _max, 0)
#define VMSTATE_VARRAY_UINT32(_f, _s, _n, _v, _info, _type, _max)             \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, uint32_t, VMS_VARRAY_UINT32, _v, _info,  \
                         _type, _max, 0)
#define VMSTATE_VARRAY_UINT16(_f, _s, _n, _v, _info, _type, _max)             \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, uint16_t, VMS_VARRAY_UINT16, _v, _info,  \
                         _type, _max, 0)
#define VMSTATE_VARRAY_UINT8(_f, _s, _n, _v, _info, _type, _max)              \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, uint8_t, VMS_VARRAY_UINT8, _v, _info,    \
                         _type, _max, 0)
#define VMSTATE_VARRAY_INT32_ALLOC(_f, _s, _n, _v, _info, _type, _max)        \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, int32_t, VMS_VARRAY_INT32, _v, _info,    \
                         _type, _max, VMS_ALLOC)
#define VMSTATE_VARRAY_UINT32_ALLOC(_f, _s, _n, _v, _info, _type, _max)       \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, uint32_t, VMS_VARRAY_UINT32, _v, _info,  \
                         _type, _max, VMS_ALLOC)
#define VMSTATE_VARRAY_UINT16_ALLOC(_f, _s, _n, _v, _info, _type, _max)       \
    VMSTATE_VARRAY_FIELD(_f, _s, _n, uint16_t, VMS_VARRAY_UINT16, _v, _info,  \
                         _type, _max, VMS_ALLOC)

/* An in-struct array of which only the first @_nfield elements travel. */
#define VMSTATE_VARRAY_IN_ARRAY(_field, _state, _nfield, _ntype, _nflag, _v,  \
                                _info, _type) {                               \
    .name = (stringify(_field)),                                              \
    .version_id = (_v),                                                       \
    .num_offset = vmstate_offset_value(_state, _nfield, _ntype),              \
    .info = &(_info),                                                         \
    .size = sizeof(_type),                                                    \
    .max = vmstate_array_len(_state, _field),                                 \
    .flags = (_nflag),                                                        \
    .offset = vmstate_offset_array(_state, _field, _type,                     \
                                   vmstate_array_len(_state, _field)),        \
}
#define VMSTATE_UINT32_SUB_VARRAY_UINT32(_f, _s, _n)                          \
    VMSTATE_VARRAY_IN_ARRAY(_f, _s, _n, uint32_t, VMS_VARRAY_UINT32, 0,       \
                            vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT8_SUB_VARRAY_UINT32(_f, _s, _n)                           \
    VMSTATE_VARRAY_IN_ARRAY(_f, _s, _n, uint32_t, VMS_VARRAY_UINT32, 0,       \
                            vmstate_info_uint8, uint8_t)

/* Buffers: raw bytes. */

#define VMSTATE_BUFFER_V(_field, _state, _version) {                          \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .size = sizeof(typeof_field(_state, _field)),                             \
    .info = &vmstate_info_buffer,                                             \
    .flags = VMS_BUFFER,                                                      \
    .offset = vmstate_offset_buffer(_state, _field),                          \
}
#define VMSTATE_BUFFER(_f, _s) VMSTATE_BUFFER_V(_f, _s, 0)

/*
 * Variable buffers: the byte count is the 32-bit field @_field_size
 * (uint32_t, or int32_t for VMSTATE_VBUFFER), checked against @_max.
 * @_field is a uint8_t * to storage of at least @_max bytes, or, with
 * _ALLOC, allocated on load (previous buffer freed).
 */
#define VMSTATE_VBUFFER_FIELD(_field, _state, _version, _test, _field_size,  \
                              _stype, _max, _extra) {                         \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .field_exists = (_test),                                                  \
    .size_offset = vmstate_offset_value(_state, _field_size, _stype),        \
    .max = (_max),                                                            \
    .info = &vmstate_info_buffer,                                             \
    .flags = VMS_VBUFFER | VMS_POINTER | (_extra),                            \
    .offset = offsetof(_state, _field),                                       \
}
#define VMSTATE_VBUFFER(_f, _s, _v, _t, _fs, _max)                            \
    VMSTATE_VBUFFER_FIELD(_f, _s, _v, _t, _fs, int32_t, _max, 0)
#define VMSTATE_VBUFFER_UINT32(_f, _s, _v, _t, _fs, _max)                     \
    VMSTATE_VBUFFER_FIELD(_f, _s, _v, _t, _fs, uint32_t, _max, 0)
#define VMSTATE_VBUFFER_ALLOC_UINT32(_f, _s, _v, _t, _fs, _max)               \
    VMSTATE_VBUFFER_FIELD(_f, _s, _v, _t, _fs, uint32_t, _max, VMS_ALLOC)

/*
 * A char * string as u8 length + bytes (no NUL), at most 255 bytes;
 * loaded into a new allocation (the previous string is freed).  Not a
 * QEMU macro: QEMU devices use VBUFFERs or custom types for names.
 */
#define VMSTATE_COUNTED_STRING_V(_field, _state, _version) {                  \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .size = sizeof(char *),                                                   \
    .info = &vmstate_info_counted_string,                                     \
    .flags = VMS_SINGLE,                                                      \
    .offset = vmstate_offset_value(_state, _field, char *),                   \
}
#define VMSTATE_COUNTED_STRING(_f, _s) VMSTATE_COUNTED_STRING_V(_f, _s, 0)

/* Nested structures: the nested vmsd inline, no version on the wire. */

#define VMSTATE_STRUCT_TEST(_field, _state, _test, _version, _vmsd, _type) { \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .field_exists = (_test),                                                  \
    .vmsd = &(_vmsd),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_STRUCT,                                                      \
    .offset = vmstate_offset_value(_state, _field, _type),                    \
}
#define VMSTATE_STRUCT(_f, _s, _v, _vmsd, _type)                              \
    VMSTATE_STRUCT_TEST(_f, _s, NULL, _v, _vmsd, _type)
/* Nested at @_struct_version instead of the nested vmsd's own version. */
#define VMSTATE_VSTRUCT_V(_field, _state, _version, _vmsd, _type,             \
                          _struct_version) {                                  \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .struct_version_id = (_struct_version),                                   \
    .vmsd = &(_vmsd),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_VSTRUCT,                                                     \
    .offset = vmstate_offset_value(_state, _field, _type),                    \
}
/* @_field is a _type * to existing storage. */
#define VMSTATE_STRUCT_POINTER_V(_field, _state, _version, _vmsd, _type) {    \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .vmsd = &(_vmsd),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_STRUCT | VMS_POINTER,                                        \
    .offset = vmstate_offset_pointer(_state, _field, _type),                  \
}
#define VMSTATE_STRUCT_ARRAY(_field, _state, _num, _version, _vmsd, _type) { \
    .name = (stringify(_field)),                                              \
    .num = (_num),                                                            \
    .version_id = (_version),                                                 \
    .vmsd = &(_vmsd),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_STRUCT | VMS_ARRAY,                                          \
    .offset = vmstate_offset_array(_state, _field, _type, _num),              \
}
/* In-struct array of which the first @_nfield elements travel. */
#define VMSTATE_STRUCT_VARRAY_FIELD(_field, _state, _nfield, _ntype, _nflag, \
                                    _version, _vmsd, _type) {                 \
    .name = (stringify(_field)),                                              \
    .num_offset = vmstate_offset_value(_state, _nfield, _ntype),              \
    .version_id = (_version),                                                 \
    .vmsd = &(_vmsd),                                                         \
    .size = sizeof(_type),                                                    \
    .max = vmstate_array_len(_state, _field),                                 \
    .flags = VMS_STRUCT | (_nflag),                                           \
    .offset = vmstate_offset_array(_state, _field, _type,                     \
                                   vmstate_array_len(_state, _field)),        \
}
#define VMSTATE_STRUCT_VARRAY_INT32(_f, _s, _n, _v, _vmsd, _type)             \
    VMSTATE_STRUCT_VARRAY_FIELD(_f, _s, _n, int32_t, VMS_VARRAY_INT32, _v,    \
                                _vmsd, _type)
#define VMSTATE_STRUCT_VARRAY_UINT32(_f, _s, _n, _v, _vmsd, _type)            \
    VMSTATE_STRUCT_VARRAY_FIELD(_f, _s, _n, uint32_t, VMS_VARRAY_UINT32, _v,  \
                                _vmsd, _type)
#define VMSTATE_STRUCT_VARRAY_UINT8(_f, _s, _n, _v, _vmsd, _type)             \
    VMSTATE_STRUCT_VARRAY_FIELD(_f, _s, _n, uint8_t, VMS_VARRAY_UINT8, _v,    \
                                _vmsd, _type)
/* @_field is a _type *, allocated on load with the int32 count @_nfield. */
#define VMSTATE_STRUCT_VARRAY_ALLOC(_field, _state, _nfield, _version,        \
                                    _vmsd, _type, _max) {                     \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .vmsd = &(_vmsd),                                                         \
    .num_offset = vmstate_offset_value(_state, _nfield, int32_t),            \
    .size = sizeof(_type),                                                    \
    .max = (_max),                                                            \
    .flags = VMS_STRUCT | VMS_VARRAY_INT32 | VMS_ALLOC | VMS_POINTER,         \
    .offset = vmstate_offset_pointer(_state, _field, _type),                  \
}

/* Arrays of pointers: a NULL slot is the single byte 0x30 on the wire. */
#define VMSTATE_ARRAY_OF_POINTER(_field, _state, _num, _version, _info,       \
                                 _type) {                                     \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .num = (_num),                                                            \
    .info = &(_info),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_ARRAY | VMS_ARRAY_OF_POINTER,                                \
    .offset = vmstate_offset_array(_state, _field, _type, _num),              \
}
#define VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(_f, _s, _num, _v, _vmsd, _type) { \
    .name = (stringify(_f)),                                                  \
    .version_id = (_v),                                                       \
    .num = (_num),                                                            \
    .vmsd = &(_vmsd),                                                         \
    .size = sizeof(_type),                                                    \
    .flags = VMS_ARRAY | VMS_STRUCT | VMS_ARRAY_OF_POINTER,                   \
    .offset = vmstate_offset_array(_s, _f, _type *, _num),                    \
}

/*
 * Bitmap of @_field_size bits (an int32_t field, checked against
 * @_max_bits); @_field is an unsigned long * to storage of that size.
 */
#define VMSTATE_BITMAP(_field, _state, _version, _field_size, _max_bits) {    \
    .name = (stringify(_field)),                                              \
    .version_id = (_version),                                                 \
    .size_offset = vmstate_offset_value(_state, _field_size, int32_t),       \
    .max = (_max_bits),                                                       \
    .info = &vmstate_info_bitmap,                                             \
    .flags = VMS_VBUFFER | VMS_POINTER,                                       \
    .offset = offsetof(_state, _field),                                       \
}

/* @_size zero bytes on save, skipped on load. */
#define VMSTATE_UNUSED_BUFFER(_test, _version, _size) {                       \
    .name = "unused",                                                         \
    .field_exists = (_test),                                                  \
    .version_id = (_version),                                                 \
    .size = (_size),                                                          \
    .info = &vmstate_info_unused_buffer,                                      \
    .flags = VMS_BUFFER,                                                      \
}
#define VMSTATE_UNUSED_V(_v, _size) VMSTATE_UNUSED_BUFFER(NULL, _v, _size)
#define VMSTATE_UNUSED_TEST(_test, _size) VMSTATE_UNUSED_BUFFER(_test, 0, _size)
#define VMSTATE_UNUSED(_size) VMSTATE_UNUSED_V(0, _size)

/* Nothing on the wire; loading (and saving) fails unless @_test is true. */
#define VMSTATE_VALIDATE(_name, _test) {                                      \
    .name = (_name),                                                          \
    .field_exists = (_test),                                                  \
    .flags = VMS_ARRAY | VMS_MUST_EXIST,                                      \
    .num = 0,                                                                 \
}

#define VMSTATE_END_OF_LIST() { .flags = VMS_END }

#endif /* MIGRATION_VMSTATE_H */
