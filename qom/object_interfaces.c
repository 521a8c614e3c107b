/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The user-creatable interface and the object-add / -object / object-del helpers. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qemu/keyval.h"
#include "qom/globals.h"
#include "qom/object_interfaces.h"
#include "qom-internal.h"

static const TypeInfo user_creatable_info = {
    .name = TYPE_USER_CREATABLE,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(UserCreatableClass),
};

void user_creatable_register_type(void)
{
    type_register_static(&user_creatable_info);
}

bool user_creatable_complete(UserCreatable *uc, Error **errp)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);

    return ucc->complete ? ucc->complete(uc, errp) : true;
}

bool user_creatable_can_be_deleted(UserCreatable *uc)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);

    return ucc->can_be_deleted ? ucc->can_be_deleted(uc) : true;
}

bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

/* A mandatory string member of @qdict, or NULL with @errp set. */
static const char *dict_get_str_arg(QDict *qdict, const char *key,
                                    Error **errp)
{
    QObject *val = qdict_get(qdict, key);

    if (!val) {
        error_setg(errp, "Parameter '%s' is missing", key);
        return NULL;
    }
    if (!qobject_to(QString, val)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   key);
        return NULL;
    }
    return qstring_get_str(qobject_to(QString, val));
}

/* Check @type can be created by the user. */
static bool check_creatable(const char *type, Error **errp)
{
    ObjectClass *oc = object_class_by_name(type);

    /*
     * QEMU checks the type against its ObjectType enum, which lists only
     * the user-creatable types, hence the one text for both cases.
     */
    if (!oc || !object_class_dynamic_cast(oc, TYPE_USER_CREATABLE)) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s'",
                   type);
        return false;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "object type '%s' is abstract", type);
        return false;
    }
    return true;
}

/* Set every member of @qdict but qom-type and id on @obj. */
static bool set_props(Object *obj, QDict *qdict, bool from_strings,
                      Error **errp)
{
    for (const QDictEntry *e = qdict_first(qdict); e;
         e = qdict_next(qdict, e)) {
        const char *key = qdict_entry_key(e);
        QObject *val = qdict_entry_value(e);
        QString *str = qobject_to(QString, val);
        bool ok;

        if (!strcmp(key, "qom-type") || !strcmp(key, "id")) {
            continue;
        }
        if (from_strings && str) {
            ok = object_property_parse(obj, key, qstring_get_str(str), errp);
        } else {
            ok = object_property_set(obj, key, val, errp);
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

static Object *add_qdict(QDict *qdict, bool from_strings, Error **errp)
{
    const char *type, *id;
    Object *obj;

    type = dict_get_str_arg(qdict, "qom-type", errp);
    if (!type || !check_creatable(type, errp)) {
        return NULL;
    }
    id = dict_get_str_arg(qdict, "id", errp);
    if (!id) {
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter '%s' expects %s", "id", "an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }

    obj = object_new(type);
    if (!object_apply_compat_props(obj, errp) ||
        !set_props(obj, qdict, from_strings, errp) ||
        !object_property_try_add_child(object_get_objects_root(), id, obj,
                                       errp)) {
        object_unref(obj);
        return NULL;
    }
    if (!user_creatable_complete(USER_CREATABLE(obj), errp)) {
        object_unparent(obj);
        object_unref(obj);
        return NULL;
    }
    /* /objects holds the object now; drop object_new()'s reference. */
    object_unref(obj);
    return obj;
}

Object *user_creatable_add_qdict(QDict *qdict, Error **errp)
{
    return add_qdict(qdict, false, errp);
}

Object *user_creatable_add_qdict_str(QDict *qdict, Error **errp)
{
    return add_qdict(qdict, true, errp);
}

Object *user_creatable_add_opts_str(const char *optarg, Error **errp)
{
    g_autoptr(QDict) qdict = keyval_parse(optarg, "qom-type", 0, errp);

    if (!qdict) {
        return NULL;
    }
    return user_creatable_add_qdict_str(qdict, errp);
}

bool user_creatable_del(const char *id, Error **errp)
{
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                id);

    if (!obj || !object_dynamic_cast(obj, TYPE_USER_CREATABLE)) {
        error_setg(errp, "object '%s' not found", id);
        return false;
    }
    if (!user_creatable_can_be_deleted(USER_CREATABLE(obj))) {
        error_setg(errp, "object '%s' is in use, can not be deleted", id);
        return false;
    }
    object_unparent(obj);
    return true;
}
