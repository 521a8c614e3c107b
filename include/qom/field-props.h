/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Field-backed class properties: a table of Property entries, each
 * naming a member of the instance struct, its QAPI type and default.
 *
 *   static const Property foo_props[] = {
 *       DEFINE_PROP_BOOL("send-configuration", FooState, send_config, true),
 *       DEFINE_PROP_UINT8("x-clear-bitmap-shift", FooState, shift, 18),
 *       DEFINE_PROP_SIZE("x-max-bandwidth", FooState, max_bw, 128 * MiB),
 *       DEFINE_PROP_STRING("tls-creds", FooState, tls_creds),
 *       DEFINE_PROP_ENUM("mode", FooState, mode, MIG_MODE_NORMAL, MigMode),
 *   };
 *   ... in class_init: object_class_add_field_props(oc, foo_props);
 *
 * Every new object gets the defaults before its instance_init runs; the
 * strings are freed when it is finalized.  qom-list shows the default as
 * "default-value" (strings have none).
 */
#ifndef QOM_FIELD_PROPS_H
#define QOM_FIELD_PROPS_H

#include "qom/object.h"
#include "qapi/qapi-builtin-types.h"

typedef struct Property {
    const char *name;
    const QapiTypeInfo *info;   /* NULL for an enum: see @lookup */
    const char *enum_name;
    const QEnumLookup *lookup;
    size_t offset;
    bool set_default;
    union {
        int64_t i;              /* signed integers, enums */
        uint64_t u;             /* bool, unsigned integers, size */
    } defval;
    const char *description;
} Property;

/* Compile-time check that member @field of @state has C type @type. */
#define PROP_FIELD_OFFSET(state, field, type)                                \
    (offsetof(state, field) +                                                 \
     0 * sizeof((type *)0 == &((state *)0)->field))

#define DEFINE_PROP_SCALAR_(_name, _state, _field, _type, _info, _def)      \
    {                                                                         \
        .name = (_name),                                                      \
        .info = &(_info),                                                     \
        .offset = PROP_FIELD_OFFSET(_state, _field, _type),                   \
        .set_default = true,                                                  \
        .defval.u = (uint64_t)(_def),                                         \
    }

#define DEFINE_PROP_BOOL(_n, _s, _f, _d)                                      \
    DEFINE_PROP_SCALAR_(_n, _s, _f, bool, qapi_type_bool, _d)
#define DEFINE_PROP_UINT8(_n, _s, _f, _d)                                     \
    DEFINE_PROP_SCALAR_(_n, _s, _f, uint8_t, qapi_type_uint8, _d)
#define DEFINE_PROP_UINT16(_n, _s, _f, _d)                                    \
    DEFINE_PROP_SCALAR_(_n, _s, _f, uint16_t, qapi_type_uint16, _d)
#define DEFINE_PROP_UINT32(_n, _s, _f, _d)                                    \
    DEFINE_PROP_SCALAR_(_n, _s, _f, uint32_t, qapi_type_uint32, _d)
#define DEFINE_PROP_UINT64(_n, _s, _f, _d)                                    \
    DEFINE_PROP_SCALAR_(_n, _s, _f, uint64_t, qapi_type_uint64, _d)
#define DEFINE_PROP_SIZE(_n, _s, _f, _d)                                      \
    DEFINE_PROP_SCALAR_(_n, _s, _f, uint64_t, qapi_type_size, _d)
#define DEFINE_PROP_INT64(_n, _s, _f, _d)                                     \
    DEFINE_PROP_SCALAR_(_n, _s, _f, int64_t, qapi_type_int64, _d)

/* A char * member; NULL and no default-value unless set elsewhere. */
#define DEFINE_PROP_STRING(_n, _s, _f)                                        \
    {                                                                         \
        .name = (_n),                                                         \
        .info = &qapi_type_str,                                               \
        .offset = PROP_FIELD_OFFSET(_s, _f, char *),                          \
    }

/*
 * A member of the QAPI enum type @_enum (its values named by the
 * generated _enum##_lookup); qom-list shows the type as "@_enum".
 */
#define DEFINE_PROP_ENUM(_n, _s, _f, _d, _enum)                               \
    {                                                                         \
        .name = (_n),                                                         \
        .enum_name = #_enum,                                                  \
        .lookup = &_enum##_lookup,                                            \
        .offset = PROP_FIELD_OFFSET(_s, _f, _enum),                           \
        .set_default = true,                                                  \
        .defval.i = (_d),                                                     \
    }

/*
 * Add the @n entries of @props as class properties of @oc.  @props must
 * outlive the class (use static const tables).
 */
void object_class_add_field_props_n(ObjectClass *oc, const Property *props,
                                    size_t n);

/* object_class_add_field_props_n() for a whole array. */
#define object_class_add_field_props(oc, props)                               \
    object_class_add_field_props_n((oc), (props), ARRAY_SIZE(props))

#endif /* QOM_FIELD_PROPS_H */
