/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Converting QAPI values: QObject -> C (QMP input, with QEMU's error
 * texts), C -> QObject (QMP output), string -> C scalar (-global, HMP),
 * deep free and deep copy.  Generated code wraps these per type
 * (qapi-conv-<module>.h); see docs/devel/qapi.md.
 *
 * @slot always points at storage of the type's C type as a member
 * holds it (see qapi/type-info.h).
 */
#ifndef QAPI_QOBJECT_CONV_H
#define QAPI_QOBJECT_CONV_H

#include "qapi/type-info.h"

/*
 * Convert @obj (borrowed) to the C value of @type in *@slot, which must
 * be zeroed.  On failure sets @errp, leaves *@slot zeroed and returns
 * false.  Error texts name members by path ("a.b", "a[2].c").
 */
bool qapi_from_qobject(const QapiTypeInfo *type, QObject *obj, void *slot,
                       Error **errp);

/*
 * Fill the members of the struct @obj (zeroed, of struct type @type)
 * from @dict: the arguments of a command.  On failure the members set
 * so far are freed again.
 */
bool qapi_members_from_qdict(const QapiTypeInfo *type, QDict *dict,
                             void *obj, Error **errp);

/*
 * The arguments of a command without parameters: fail with "Parameter
 * '%s' is unexpected" unless @args is empty.
 */
bool qapi_args_empty(QDict *args, Error **errp);

/* A new QObject for the value in *@slot. */
QObject *qapi_to_qobject(const QapiTypeInfo *type, const void *slot);

/* Insert the members of struct @obj into @dict, in schema order. */
void qapi_members_to_qdict(const QapiTypeInfo *type, const void *obj,
                           QDict *dict);

/* Free what *@slot owns and zero it. */
void qapi_free_slot(const QapiTypeInfo *type, void *slot);

/* Free what the members of struct @obj own (not @obj itself). */
void qapi_free_members(const QapiTypeInfo *type, void *obj);

/* Deep copy *@src into *@dst (which is overwritten). */
void qapi_clone_slot(const QapiTypeInfo *type, const void *src, void *dst);

/*
 * Parse the string @str as a scalar of @type (integers, size with
 * suffixes, number, bool as on/off/yes/no/true/false, str, enum) into
 * *@slot.  @name is the member name used in error messages.
 */
bool qapi_from_string(const QapiTypeInfo *type, const char *name,
                      const char *str, void *slot, Error **errp);

/* Generic deep copy of a pointer-typed value, e.g. QAPI_CLONE(Foo, f). */
#define QAPI_CLONE(type, obj) qapi_clone_##type(obj)

#endif /* QAPI_QOBJECT_CONV_H */
