/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Type descriptors: what the generator tells the runtime about each QAPI
 * type so that one hand-written walker can convert, free and copy every
 * type (qapi/qobject-input.c, qapi/qobject-output.c, qapi/qapi-dealloc.c,
 * qapi/string-input.c).
 *
 * A "slot" is the memory holding one value of a type as a struct member
 * or list element does: an int64_t for 'int', a char * for 'str', a
 * T * for a struct T, a TList * for ['T'], an int for an enum.
 */
#ifndef QAPI_TYPE_INFO_H
#define QAPI_TYPE_INFO_H

#include "qapi/util.h"

typedef enum QapiKind {
    QAPI_KIND_INT8,
    QAPI_KIND_INT16,
    QAPI_KIND_INT32,
    QAPI_KIND_INT64,
    QAPI_KIND_UINT8,
    QAPI_KIND_UINT16,
    QAPI_KIND_UINT32,
    QAPI_KIND_UINT64,
    QAPI_KIND_SIZE,
    QAPI_KIND_NUMBER,       /* double */
    QAPI_KIND_BOOL,         /* bool */
    QAPI_KIND_STR,          /* char * */
    QAPI_KIND_ANY,          /* QObject * */
    QAPI_KIND_NULL,         /* QNull * */
    QAPI_KIND_ENUM,         /* the C enum (int-sized) */
    QAPI_KIND_STRUCT,       /* T * */
    QAPI_KIND_UNION,        /* T * */
    QAPI_KIND_ALTERNATE,    /* T * */
    QAPI_KIND_LIST,         /* TList * */
} QapiKind;

typedef struct QapiTypeInfo QapiTypeInfo;

/* One member of a struct or union; arrays end with a NULL @name. */
typedef struct QapiMemberInfo {
    const char *name;               /* wire name */
    const QapiTypeInfo *type;
    size_t offset;                  /* of the value in the C struct */
    size_t has_offset;              /* of the has_<name> flag */
    bool optional;
    bool has_flag;                  /* optional and tracked by has_<name> */
    unsigned char special_features;
} QapiMemberInfo;

/*
 * One branch of a union (@tag: the discriminator's enum value; the
 * branch struct is stored by value at variants_offset) or of an
 * alternate (@tag: the QType choosing it; the branch value is stored at
 * variants_offset, by value for structs and scalars, as a pointer for
 * strings, lists and null).  Arrays end with a NULL @type.
 */
typedef struct QapiVariantInfo {
    int tag;
    const QapiTypeInfo *type;
} QapiVariantInfo;

struct QapiTypeInfo {
    const char *name;               /* schema name */
    QapiKind kind;
    size_t size;                    /* C size of a struct / list node */
    const QEnumLookup *lookup;      /* ENUM */
    const QapiMemberInfo *members;  /* STRUCT, UNION: base members first */
    size_t tag_offset;              /* UNION: the discriminator member */
    size_t variants_offset;         /* UNION, ALTERNATE: offsetof(T, u) */
    const QapiVariantInfo *variants;
    const QapiTypeInfo *element;    /* LIST */
    size_t value_offset;            /* LIST: offsetof(TList, value) */
};

#endif /* QAPI_TYPE_INFO_H */
