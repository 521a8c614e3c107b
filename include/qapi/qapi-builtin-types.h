/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in QAPI types: lists of every built-in type, the QType enum
 * table and the descriptors of all of them.  Written by hand once (the
 * set is fixed) so that several generated schemas can share it.
 */
#ifndef QAPI_BUILTIN_TYPES_H
#define QAPI_BUILTIN_TYPES_H

#include "qobject/qobject.h"
#include "qapi/type-info.h"

extern const QEnumLookup QType_lookup;
typedef struct strList strList;
typedef struct numberList numberList;
typedef struct intList intList;
typedef struct int8List int8List;
typedef struct int16List int16List;
typedef struct int32List int32List;
typedef struct int64List int64List;
typedef struct uint8List uint8List;
typedef struct uint16List uint16List;
typedef struct uint32List uint32List;
typedef struct uint64List uint64List;
typedef struct sizeList sizeList;
typedef struct boolList boolList;
typedef struct anyList anyList;
typedef struct nullList nullList;
typedef struct QTypeList QTypeList;

struct strList {
    strList *next;
    char *value;
};

struct numberList {
    numberList *next;
    double value;
};

struct intList {
    intList *next;
    int64_t value;
};

struct int8List {
    int8List *next;
    int8_t value;
};

struct int16List {
    int16List *next;
    int16_t value;
};

struct int32List {
    int32List *next;
    int32_t value;
};

struct int64List {
    int64List *next;
    int64_t value;
};

struct uint8List {
    uint8List *next;
    uint8_t value;
};

struct uint16List {
    uint16List *next;
    uint16_t value;
};

struct uint32List {
    uint32List *next;
    uint32_t value;
};

struct uint64List {
    uint64List *next;
    uint64_t value;
};

struct sizeList {
    sizeList *next;
    uint64_t value;
};

struct boolList {
    boolList *next;
    bool value;
};

struct anyList {
    anyList *next;
    QObject *value;
};

struct nullList {
    nullList *next;
    QNull *value;
};

struct QTypeList {
    QTypeList *next;
    QType value;
};

void qapi_free_strList(strList *obj);
void qapi_free_numberList(numberList *obj);
void qapi_free_intList(intList *obj);
void qapi_free_int8List(int8List *obj);
void qapi_free_int16List(int16List *obj);
void qapi_free_int32List(int32List *obj);
void qapi_free_int64List(int64List *obj);
void qapi_free_uint8List(uint8List *obj);
void qapi_free_uint16List(uint16List *obj);
void qapi_free_uint32List(uint32List *obj);
void qapi_free_uint64List(uint64List *obj);
void qapi_free_sizeList(sizeList *obj);
void qapi_free_boolList(boolList *obj);
void qapi_free_anyList(anyList *obj);
void qapi_free_nullList(nullList *obj);
void qapi_free_QTypeList(QTypeList *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(strList, qapi_free_strList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(numberList, qapi_free_numberList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(intList, qapi_free_intList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(int8List, qapi_free_int8List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(int16List, qapi_free_int16List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(int32List, qapi_free_int32List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(int64List, qapi_free_int64List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(uint8List, qapi_free_uint8List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(uint16List, qapi_free_uint16List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(uint32List, qapi_free_uint32List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(uint64List, qapi_free_uint64List)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sizeList, qapi_free_sizeList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(boolList, qapi_free_boolList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(anyList, qapi_free_anyList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(nullList, qapi_free_nullList)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QTypeList, qapi_free_QTypeList)

/* Descriptors (qapi/type-info.h) of the built-in types and lists. */
extern const QapiTypeInfo qapi_type_str;
extern const QapiTypeInfo qapi_type_number;
extern const QapiTypeInfo qapi_type_int;
extern const QapiTypeInfo qapi_type_int8;
extern const QapiTypeInfo qapi_type_int16;
extern const QapiTypeInfo qapi_type_int32;
extern const QapiTypeInfo qapi_type_int64;
extern const QapiTypeInfo qapi_type_uint8;
extern const QapiTypeInfo qapi_type_uint16;
extern const QapiTypeInfo qapi_type_uint32;
extern const QapiTypeInfo qapi_type_uint64;
extern const QapiTypeInfo qapi_type_size;
extern const QapiTypeInfo qapi_type_bool;
extern const QapiTypeInfo qapi_type_any;
extern const QapiTypeInfo qapi_type_null;
extern const QapiTypeInfo qapi_type_QType;
extern const QapiTypeInfo qapi_type_strList;
extern const QapiTypeInfo qapi_type_numberList;
extern const QapiTypeInfo qapi_type_intList;
extern const QapiTypeInfo qapi_type_int8List;
extern const QapiTypeInfo qapi_type_int16List;
extern const QapiTypeInfo qapi_type_int32List;
extern const QapiTypeInfo qapi_type_int64List;
extern const QapiTypeInfo qapi_type_uint8List;
extern const QapiTypeInfo qapi_type_uint16List;
extern const QapiTypeInfo qapi_type_uint32List;
extern const QapiTypeInfo qapi_type_uint64List;
extern const QapiTypeInfo qapi_type_sizeList;
extern const QapiTypeInfo qapi_type_boolList;
extern const QapiTypeInfo qapi_type_anyList;
extern const QapiTypeInfo qapi_type_nullList;
extern const QapiTypeInfo qapi_type_QTypeList;

#endif /* QAPI_BUILTIN_TYPES_H */
