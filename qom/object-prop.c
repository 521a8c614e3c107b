/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Object and class properties: lookup, typed get/set/parse, children, links. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-builtin-types.h"
#include "qapi/qobject-conv.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom/object.h"
#include "qom-internal.h"

/* Storage for one value of any scalar QAPI type. */
typedef union PropSlot {
    bool b;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int64_t i64;
    int e;
    char *s;
} PropSlot;

static ObjectProperty *prop_new(const char *name, const char *type,
                                const QapiTypeInfo *info,
                                ObjectPropertyGet *get,
                                ObjectPropertySet *set,
                                ObjectPropertyRelease *release, void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type ? type : info ? info->name : NULL);
    prop->info = info;
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

static void prop_free(ObjectProperty *prop)
{
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    qobject_unref(prop->defval);
    g_free(prop);
}

static ObjectProperty *props_find(GPtrArray *props, const char *name)
{
    for (guint i = 0; i < props->len; i++) {
        ObjectProperty *prop = g_ptr_array_index(props, i);

        if (!strcmp(prop->name, name)) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_class_property_find(ObjectClass *oc, const char *name)
{
    for (; oc; oc = object_class_get_parent(oc)) {
        ObjectProperty *prop = props_find(oc->properties, name);

        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = props_find(obj->properties, name);

    return prop ? prop : object_class_property_find(obj->class, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name);
    }
    return prop;
}

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        const QapiTypeInfo *info,
                                        ObjectPropertyGet *get,
                                        ObjectPropertySet *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    ObjectProperty *prop;

    if (object_property_find(obj, name)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type '%s')", name, object_get_typename(obj));
        return NULL;
    }
    prop = prop_new(name, type, info, get, set, release, opaque);
    g_ptr_array_add(obj->properties, prop);
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    const QapiTypeInfo *info,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    return object_property_try_add(obj, name, type, info, get, set, release,
                                   opaque, &error_abort);
}

ObjectProperty *object_class_property_add(ObjectClass *oc, const char *name,
                                          const char *type,
                                          const QapiTypeInfo *info,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(oc, name)) {
        g_error("class '%s' already has property '%s'",
                object_class_get_name(oc), name);
    }
    prop = prop_new(name, type, info, get, set, release, opaque);
    g_ptr_array_add(oc->properties, prop);
    return prop;
}

void object_property_set_enum_lookup(ObjectProperty *prop,
                                     const char *enum_name,
                                     const QEnumLookup *lookup)
{
    prop->enum_info = (QapiTypeInfo) {
        .name = enum_name,
        .kind = QAPI_KIND_ENUM,
        .lookup = lookup,
    };
    prop->info = &prop->enum_info;
    if (!prop->type) {
        prop->type = g_strdup(enum_name);
    }
}

void object_property_set_description(ObjectProperty *prop,
                                     const char *description)
{
    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_property_set_default(ObjectProperty *prop, QObject *defval)
{
    qobject_unref(prop->defval);
    prop->defval = defval;
}

bool object_property_del(Object *obj, const char *name)
{
    for (guint i = 0; i < obj->properties->len; i++) {
        ObjectProperty *prop = g_ptr_array_index(obj->properties, i);

        if (!strcmp(prop->name, name)) {
            g_ptr_array_remove_index(obj->properties, i);
            if (prop->release) {
                prop->release(obj, prop);
            }
            prop_free(prop);
            return true;
        }
    }
    return false;
}

void object_property_del_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    while (obj->properties->len) {
        prop = g_ptr_array_steal_index(obj->properties,
                                       obj->properties->len - 1);
        if (prop->release) {
            prop->release(obj, prop);
        }
        prop_free(prop);
    }
    object_class_property_iter_init(&iter, obj->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->release) {
            prop->release(obj, prop);
        }
    }
}

/*
 * Get and set
 */

QObject *object_property_get(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    PropSlot slot = { 0 };
    QObject *ret;

    if (!prop) {
        return NULL;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return NULL;
    }
    if (!prop->get(obj, prop, &slot, errp)) {
        qapi_free_slot(prop->info, &slot);
        return NULL;
    }
    ret = qapi_to_qobject(prop->info, &slot);
    qapi_free_slot(prop->info, &slot);
    return ret;
}

static ObjectProperty *find_writable(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (prop && !prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return NULL;
    }
    return prop;
}

/* Call the setter with *@slot, then free what it did not take. */
static bool prop_store(Object *obj, ObjectProperty *prop, PropSlot *slot,
                       Error **errp)
{
    bool ok = prop->set(obj, prop, slot, errp);

    qapi_free_slot(prop->info, slot);
    return ok;
}

bool object_property_set(Object *obj, const char *name, QObject *value,
                         Error **errp)
{
    ObjectProperty *prop = find_writable(obj, name, errp);
    QapiMemberInfo members[2] = { { 0 } };
    QapiTypeInfo wrapper = {
        .name = "property",
        .kind = QAPI_KIND_STRUCT,
        .size = sizeof(PropSlot),
        .members = members,
    };
    g_autoptr(QDict) dict = qdict_new();
    PropSlot slot = { 0 };

    if (!prop) {
        return false;
    }
    /*
     * Convert through a one-member struct named after the property so
     * that the errors are QMP's and name the property, as QEMU's do.
     */
    members[0] = (QapiMemberInfo) { .name = name, .type = prop->info };
    qdict_put_obj(dict, name, qobject_ref(value));
    if (!qapi_members_from_qdict(&wrapper, dict, &slot, errp)) {
        return false;
    }
    return prop_store(obj, prop, &slot, errp);
}

bool object_property_parse(Object *obj, const char *name, const char *str,
                           Error **errp)
{
    ObjectProperty *prop = find_writable(obj, name, errp);
    PropSlot slot = { 0 };

    if (!prop) {
        return false;
    }
    if (!qapi_from_string(prop->info, name, str, &slot, errp)) {
        return false;
    }
    return prop_store(obj, prop, &slot, errp);
}

static void prop_type_error(const char *name, const char *expected,
                            Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s", name,
               expected);
}

/* The value of property @name if it is of type @type, else NULL + error. */
static QObject *prop_get_typed(Object *obj, const char *name, QType type,
                               const char *expected, Error **errp)
{
    QObject *ret = object_property_get(obj, name, errp);

    if (ret && qobject_type(ret) != type) {
        prop_type_error(name, expected, errp);
        qobject_unref(ret);
        return NULL;
    }
    return ret;
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) ret =
        prop_get_typed(obj, name, QTYPE_QBOOL, "boolean", errp);

    return ret && qbool_get_bool(qobject_to(QBool, ret));
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) ret = prop_get_typed(obj, name, QTYPE_QNUM, "int", errp);
    int64_t val;

    if (!ret) {
        return -1;
    }
    if (!qnum_get_try_int(qobject_to(QNum, ret), &val)) {
        prop_type_error(name, "int", errp);
        return -1;
    }
    return val;
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp)
{
    g_autoptr(QObject) ret =
        prop_get_typed(obj, name, QTYPE_QNUM, "uint", errp);
    uint64_t val;

    if (!ret) {
        return 0;
    }
    if (!qnum_get_try_uint(qobject_to(QNum, ret), &val)) {
        prop_type_error(name, "uint", errp);
        return 0;
    }
    return val;
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) ret =
        prop_get_typed(obj, name, QTYPE_QSTRING, "string", errp);

    return ret ? g_strdup(qstring_get_str(qobject_to(QString, ret))) : NULL;
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    g_autoptr(QBool) qb = qbool_from_bool(value);

    return object_property_set(obj, name, QOBJECT(qb), errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    g_autoptr(QNum) qn = qnum_from_int(value);

    return object_property_set(obj, name, QOBJECT(qn), errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    g_autoptr(QNum) qn = qnum_from_uint(value);

    return object_property_set(obj, name, QOBJECT(qn), errp);
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    g_autoptr(QString) qs = qstring_from_str(value);

    return object_property_set(obj, name, QOBJECT(qs), errp);
}

/*
 * Iteration and qom-list
 */

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *oc)
{
    memset(iter, 0, sizeof(*iter));
    for (; oc; oc = object_class_get_parent(oc)) {
        assert(iter->nclasses < (int)ARRAY_SIZE(iter->classes));
        iter->classes[iter->nclasses++] = oc;
    }
    iter->class_idx = iter->nclasses;
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    object_class_property_iter_init(iter, obj->class);
    iter->obj = obj;
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    while (!iter->props || iter->idx >= iter->props->len) {
        iter->idx = 0;
        if (iter->class_idx > 0) {
            iter->props = iter->classes[--iter->class_idx]->properties;
        } else if (iter->obj) {
            iter->props = iter->obj->properties;
            iter->obj = NULL;
        } else {
            return NULL;
        }
    }
    return g_ptr_array_index(iter->props, iter->idx++);
}

QDict *object_property_info(ObjectProperty *prop)
{
    QDict *info = qdict_new();

    qdict_put_str(info, "name", prop->name);
    qdict_put_str(info, "type", prop->type);
    if (prop->description) {
        qdict_put_str(info, "description", prop->description);
    }
    if (prop->defval) {
        qdict_put_obj(info, "default-value", qobject_ref(prop->defval));
    }
    return info;
}

QList *object_property_info_list(Object *obj)
{
    QList *list = qlist_new();
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        qlist_append_obj(list, QOBJECT(object_property_info(prop)));
    }
    return list;
}

/*
 * Callback-backed bool and string properties
 */

typedef struct CallbackProp {
    bool (*get_bool)(Object *, Error **);
    bool (*set_bool)(Object *, bool, Error **);
    char *(*get_str)(Object *, Error **);
    bool (*set_str)(Object *, const char *, Error **);
} CallbackProp;

static bool bool_prop_get(Object *obj, ObjectProperty *prop, void *slot,
                          Error **errp)
{
    ERRP_GUARD();
    CallbackProp *cb = prop->opaque;

    *(bool *)slot = cb->get_bool(obj, errp);
    return !*errp;
}

static bool bool_prop_set(Object *obj, ObjectProperty *prop, void *slot,
                          Error **errp)
{
    CallbackProp *cb = prop->opaque;

    return cb->set_bool(obj, *(bool *)slot, errp);
}

static bool str_prop_get(Object *obj, ObjectProperty *prop, void *slot,
                         Error **errp)
{
    CallbackProp *cb = prop->opaque;

    *(char **)slot = cb->get_str(obj, errp);
    return *(char **)slot != NULL;
}

static bool str_prop_set(Object *obj, ObjectProperty *prop, void *slot,
                         Error **errp)
{
    CallbackProp *cb = prop->opaque;

    return cb->set_str(obj, *(char **)slot, errp);
}

static void callback_prop_release(Object *obj, ObjectProperty *prop)
{
    g_free(prop->opaque);
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         bool (*set)(Object *, bool,
                                                     Error **))
{
    CallbackProp *cb = g_new0(CallbackProp, 1);

    cb->get_bool = get;
    cb->set_bool = set;
    return object_property_add(obj, name, "bool", &qapi_type_bool,
                               get ? bool_prop_get : NULL,
                               set ? bool_prop_set : NULL,
                               callback_prop_release, cb);
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        bool (*set)(Object *, const char *,
                                                    Error **))
{
    CallbackProp *cb = g_new0(CallbackProp, 1);

    cb->get_str = get;
    cb->set_str = set;
    return object_property_add(obj, name, "string", &qapi_type_str,
                               get ? str_prop_get : NULL,
                               set ? str_prop_set : NULL,
                               callback_prop_release, cb);
}

/*
 * Children and links
 */

/* The canonical path of @target, or "" (a new string in *@slot). */
static void path_to_slot(Object *target, void *slot)
{
    char *path = target ? object_get_canonical_path(target) : NULL;

    *(char **)slot = path ? path : g_strdup("");
}

static bool child_prop_get(Object *obj, ObjectProperty *prop, void *slot,
                           Error **errp)
{
    path_to_slot(prop->opaque, slot);
    return true;
}

static void child_prop_release(Object *obj, ObjectProperty *prop)
{
    Object *child = prop->opaque;

    /* The parent's reference goes with the property. */
    child->parent = NULL;
    object_unref(child);
}

bool object_property_is_child(ObjectProperty *prop)
{
    return prop->get == child_prop_get;
}

bool object_property_try_add_child(Object *parent, const char *name,
                                   Object *child, Error **errp)
{
    g_autofree char *type = NULL;

    assert(!child->parent);
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    if (!object_property_try_add(parent, name, type, &qapi_type_str,
                                 child_prop_get, NULL, child_prop_release,
                                 child, errp)) {
        return false;
    }
    object_ref(child);
    child->parent = parent;
    return true;
}

void object_property_add_child(Object *parent, const char *name,
                               Object *child)
{
    object_property_try_add_child(parent, name, child, &error_abort);
}

void object_unparent(Object *obj)
{
    if (obj->parent) {
        object_property_del(obj->parent,
                            object_get_canonical_path_component(obj));
    }
}

typedef struct LinkProp {
    Object **targetp;
    char *type;
} LinkProp;

static bool link_prop_get(Object *obj, ObjectProperty *prop, void *slot,
                          Error **errp)
{
    LinkProp *link = prop->opaque;

    path_to_slot(*link->targetp, slot);
    return true;
}

static bool link_prop_set(Object *obj, ObjectProperty *prop, void *slot,
                          Error **errp)
{
    LinkProp *link = prop->opaque;
    const char *path = *(char **)slot;
    Object *target = NULL;
    Object *old = *link->targetp;
    bool ambiguous;

    if (*path) {
        target = object_resolve_path(path, &ambiguous);
        if (!target && ambiguous) {
            error_setg(errp, "Path '%s' does not uniquely identify an object",
                       path);
            return false;
        }
        if (!target) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
            return false;
        }
        if (!object_dynamic_cast(target, link->type)) {
            prop_type_error(prop->name, link->type, errp);
            return false;
        }
        object_ref(target);
    }
    *link->targetp = target;
    object_unref(old);
    return true;
}

static void link_prop_release(Object *obj, ObjectProperty *prop)
{
    LinkProp *link = prop->opaque;

    object_unref(*link->targetp);
    *link->targetp = NULL;
    g_free(link->type);
    g_free(link);
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp)
{
    LinkProp *link = g_new0(LinkProp, 1);
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);

    link->targetp = targetp;
    link->type = g_strdup(type);
    return object_property_add(obj, name, full_type, &qapi_type_str,
                               link_prop_get, link_prop_set,
                               link_prop_release, link);
}

Object *object_property_target(Object *obj, ObjectProperty *prop)
{
    if (prop->get == child_prop_get) {
        return prop->opaque;
    }
    if (prop->get == link_prop_get) {
        return *((LinkProp *)prop->opaque)->targetp;
    }
    return NULL;
}
