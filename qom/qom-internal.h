/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the files of qom/ and nothing else. */
#ifndef QOM_INTERNAL_H
#define QOM_INTERNAL_H

#include "qom/object.h"

/*
 * Release every property of @obj (object properties newest first, then
 * class properties), as the last reference goes.
 */
void object_property_del_all(Object *obj);

/* True if @prop is a child<T> property (its opaque is the child). */
bool object_property_is_child(ObjectProperty *prop);

/* The object a child or link property points to, else NULL. */
Object *object_property_target(Object *obj, ObjectProperty *prop);

/* Register the "user-creatable" interface type. */
void user_creatable_register_type(void);

#endif /* QOM_INTERNAL_H */
