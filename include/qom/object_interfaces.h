/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "user-creatable" interface: objects made by -object and object-add,
 * kept under /objects/<id>, and removed by object-del.
 */
#ifndef QOM_OBJECT_INTERFACES_H
#define QOM_OBJECT_INTERFACES_H

#include "qom/object.h"

#define TYPE_USER_CREATABLE "user-creatable"

typedef struct UserCreatable UserCreatable;     /* never defined: an Object */

typedef struct UserCreatableClass {
    InterfaceClass parent_class;
    /* Called once every property is set; may reject the combination. */
    bool (*complete)(UserCreatable *uc, Error **errp);
    /* False while something uses the object (object-del refuses). */
    bool (*can_be_deleted)(UserCreatable *uc);
} UserCreatableClass;

#define USER_CREATABLE(obj)                                                   \
    ((UserCreatable *)object_dynamic_cast_assert(OBJECT(obj),                 \
                                                 TYPE_USER_CREATABLE))
#define USER_CREATABLE_CLASS(oc)                                              \
    OBJECT_CLASS_CHECK(UserCreatableClass, (oc), TYPE_USER_CREATABLE)
#define USER_CREATABLE_GET_CLASS(obj)                                         \
    OBJECT_GET_CLASS(UserCreatableClass, (obj), TYPE_USER_CREATABLE)

/* Run the class's complete hook, if any. */
bool user_creatable_complete(UserCreatable *uc, Error **errp);

/* The class's can_be_deleted hook, true without one. */
bool user_creatable_can_be_deleted(UserCreatable *uc);

/*
 * object-add: create the object described by @qdict ("qom-type", "id"
 * and the properties, as QMP gives them with JSON types), apply compat
 * and -global properties, set the given ones, add it as /objects/<id>
 * and complete it.  Returns the object (borrowed: /objects holds it) or
 * NULL with @errp set, in which case nothing is left behind.
 * Errors: "Parameter 'qom-type' is missing", "invalid object type: %s",
 * "object type '%s' isn't supported by object-add", "object type '%s'
 * is abstract", "Parameter 'id' expects an identifier", "attempt to add
 * duplicate property '%s' to object (type 'container')", property
 * errors such as "Property '%s.%s' not found".
 */
Object *user_creatable_add_qdict(QDict *qdict, Error **errp);

/*
 * The same for -object: the property values in @qdict are strings
 * (from keyval_parse()) and are parsed as object_property_parse() does.
 */
Object *user_creatable_add_qdict_str(QDict *qdict, Error **errp);

/*
 * -object OPTARG: keyval_parse() @optarg with implied key "qom-type"
 * and create the object with user_creatable_add_qdict_str().
 */
Object *user_creatable_add_opts_str(const char *optarg, Error **errp);

/*
 * object-del: remove /objects/@id.  Errors: "object '%s' not found",
 * "object '%s' is in use, can not be deleted".
 */
bool user_creatable_del(const char *id, Error **errp);

/*
 * True if @id is a well-formed identifier: letters, digits, '-', '.'
 * and '_', starting with a letter.
 */
bool id_wellformed(const char *id);

#endif /* QOM_OBJECT_INTERFACES_H */
