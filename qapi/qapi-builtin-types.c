/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Descriptors and free functions of the built-in QAPI types. */
#include "qemu/osdep.h"
#include "qapi/qapi-builtin-types.h"
#include "qapi/qobject-conv.h"

const QEnumLookup QType_lookup = {
    .array = qtype_names,
    .size = QTYPE__MAX,
};

const QapiTypeInfo qapi_type_str = {
    .name = "str",
    .kind = QAPI_KIND_STR,
};

const QapiTypeInfo qapi_type_number = {
    .name = "number",
    .kind = QAPI_KIND_NUMBER,
};

const QapiTypeInfo qapi_type_int = {
    .name = "int",
    .kind = QAPI_KIND_INT64,
};

const QapiTypeInfo qapi_type_int8 = {
    .name = "int8",
    .kind = QAPI_KIND_INT8,
};

const QapiTypeInfo qapi_type_int16 = {
    .name = "int16",
    .kind = QAPI_KIND_INT16,
};

const QapiTypeInfo qapi_type_int32 = {
    .name = "int32",
    .kind = QAPI_KIND_INT32,
};

const QapiTypeInfo qapi_type_int64 = {
    .name = "int64",
    .kind = QAPI_KIND_INT64,
};

const QapiTypeInfo qapi_type_uint8 = {
    .name = "uint8",
    .kind = QAPI_KIND_UINT8,
};

const QapiTypeInfo qapi_type_uint16 = {
    .name = "uint16",
    .kind = QAPI_KIND_UINT16,
};

const QapiTypeInfo qapi_type_uint32 = {
    .name = "uint32",
    .kind = QAPI_KIND_UINT32,
};

const QapiTypeInfo qapi_type_uint64 = {
    .name = "uint64",
    .kind = QAPI_KIND_UINT64,
};

const QapiTypeInfo qapi_type_size = {
    .name = "size",
    .kind = QAPI_KIND_SIZE,
};

const QapiTypeInfo qapi_type_bool = {
    .name = "bool",
    .kind = QAPI_KIND_BOOL,
};

const QapiTypeInfo qapi_type_any = {
    .name = "any",
    .kind = QAPI_KIND_ANY,
};

const QapiTypeInfo qapi_type_null = {
    .name = "null",
    .kind = QAPI_KIND_NULL,
};

const QapiTypeInfo qapi_type_QType = {
    .name = "QType",
    .kind = QAPI_KIND_ENUM,
    .lookup = &QType_lookup,
};

const QapiTypeInfo qapi_type_strList = {
    .name = "strList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(strList),
    .element = &qapi_type_str,
    .value_offset = offsetof(strList, value),
};

void qapi_free_strList(strList *obj)
{
    qapi_free_slot(&qapi_type_strList, &obj);
}

const QapiTypeInfo qapi_type_numberList = {
    .name = "numberList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(numberList),
    .element = &qapi_type_number,
    .value_offset = offsetof(numberList, value),
};

void qapi_free_numberList(numberList *obj)
{
    qapi_free_slot(&qapi_type_numberList, &obj);
}

const QapiTypeInfo qapi_type_intList = {
    .name = "intList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(intList),
    .element = &qapi_type_int,
    .value_offset = offsetof(intList, value),
};

void qapi_free_intList(intList *obj)
{
    qapi_free_slot(&qapi_type_intList, &obj);
}

const QapiTypeInfo qapi_type_int8List = {
    .name = "int8List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(int8List),
    .element = &qapi_type_int8,
    .value_offset = offsetof(int8List, value),
};

void qapi_free_int8List(int8List *obj)
{
    qapi_free_slot(&qapi_type_int8List, &obj);
}

const QapiTypeInfo qapi_type_int16List = {
    .name = "int16List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(int16List),
    .element = &qapi_type_int16,
    .value_offset = offsetof(int16List, value),
};

void qapi_free_int16List(int16List *obj)
{
    qapi_free_slot(&qapi_type_int16List, &obj);
}

const QapiTypeInfo qapi_type_int32List = {
    .name = "int32List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(int32List),
    .element = &qapi_type_int32,
    .value_offset = offsetof(int32List, value),
};

void qapi_free_int32List(int32List *obj)
{
    qapi_free_slot(&qapi_type_int32List, &obj);
}

const QapiTypeInfo qapi_type_int64List = {
    .name = "int64List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(int64List),
    .element = &qapi_type_int64,
    .value_offset = offsetof(int64List, value),
};

void qapi_free_int64List(int64List *obj)
{
    qapi_free_slot(&qapi_type_int64List, &obj);
}

const QapiTypeInfo qapi_type_uint8List = {
    .name = "uint8List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(uint8List),
    .element = &qapi_type_uint8,
    .value_offset = offsetof(uint8List, value),
};

void qapi_free_uint8List(uint8List *obj)
{
    qapi_free_slot(&qapi_type_uint8List, &obj);
}

const QapiTypeInfo qapi_type_uint16List = {
    .name = "uint16List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(uint16List),
    .element = &qapi_type_uint16,
    .value_offset = offsetof(uint16List, value),
};

void qapi_free_uint16List(uint16List *obj)
{
    qapi_free_slot(&qapi_type_uint16List, &obj);
}

const QapiTypeInfo qapi_type_uint32List = {
    .name = "uint32List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(uint32List),
    .element = &qapi_type_uint32,
    .value_offset = offsetof(uint32List, value),
};

void qapi_free_uint32List(uint32List *obj)
{
    qapi_free_slot(&qapi_type_uint32List, &obj);
}

const QapiTypeInfo qapi_type_uint64List = {
    .name = "uint64List",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(uint64List),
    .element = &qapi_type_uint64,
    .value_offset = offsetof(uint64List, value),
};

void qapi_free_uint64List(uint64List *obj)
{
    qapi_free_slot(&qapi_type_uint64List, &obj);
}

const QapiTypeInfo qapi_type_sizeList = {
    .name = "sizeList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(sizeList),
    .element = &qapi_type_size,
    .value_offset = offsetof(sizeList, value),
};

void qapi_free_sizeList(sizeList *obj)
{
    qapi_free_slot(&qapi_type_sizeList, &obj);
}

const QapiTypeInfo qapi_type_boolList = {
    .name = "boolList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(boolList),
    .element = &qapi_type_bool,
    .value_offset = offsetof(boolList, value),
};

void qapi_free_boolList(boolList *obj)
{
    qapi_free_slot(&qapi_type_boolList, &obj);
}

const QapiTypeInfo qapi_type_anyList = {
    .name = "anyList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(anyList),
    .element = &qapi_type_any,
    .value_offset = offsetof(anyList, value),
};

void qapi_free_anyList(anyList *obj)
{
    qapi_free_slot(&qapi_type_anyList, &obj);
}

const QapiTypeInfo qapi_type_nullList = {
    .name = "nullList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(nullList),
    .element = &qapi_type_null,
    .value_offset = offsetof(nullList, value),
};

void qapi_free_nullList(nullList *obj)
{
    qapi_free_slot(&qapi_type_nullList, &obj);
}

const QapiTypeInfo qapi_type_QTypeList = {
    .name = "QTypeList",
    .kind = QAPI_KIND_LIST,
    .size = sizeof(QTypeList),
    .element = &qapi_type_QType,
    .value_offset = offsetof(QTypeList, value),
};

void qapi_free_QTypeList(QTypeList *obj)
{
    qapi_free_slot(&qapi_type_QTypeList, &obj);
}
