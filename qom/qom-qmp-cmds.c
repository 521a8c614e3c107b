/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QOM QMP commands: qom-list, qom-get, qom-set, qom-list-types,
 * qom-list-properties, device-list-properties, object-add (hand-written
 * marshaller: the schema says 'gen': false) and object-del.
 *
 * Error texts and classes are QEMU's.  Main loop thread, BQL held.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-qom.h"
#include "qom/object_interfaces.h"

/* QEMU's base type of devices; no device type is registered here yet. */
#define TYPE_DEVICE "device"

static Object *qom_resolve(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

/* The ObjectPropertyInfo of @prop, prepended to @list (QEMU's order). */
static void qom_prepend_prop(ObjectPropertyInfoList **list,
                             ObjectProperty *prop)
{
    ObjectPropertyInfoList *entry = g_new0(ObjectPropertyInfoList, 1);

    entry->value = g_new0(ObjectPropertyInfo, 1);
    entry->value->name = g_strdup(prop->name);
    entry->value->type = g_strdup(prop->type);
    entry->value->description = g_strdup(prop->description);
    entry->value->default_value = qobject_ref(prop->defval);
    entry->next = *list;
    *list = entry;
}

static ObjectPropertyInfoList *qom_list_iter(ObjectPropertyIterator *iter)
{
    ObjectPropertyInfoList *list = NULL;
    ObjectProperty *prop;

    while ((prop = object_property_iter_next(iter))) {
        qom_prepend_prop(&list, prop);
    }
    return list;
}

ObjectPropertyInfoList *qmp_qom_list(const char *path, Error **errp)
{
    Object *obj = qom_resolve(path, errp);
    ObjectPropertyIterator iter;

    if (!obj) {
        return NULL;
    }
    object_property_iter_init(&iter, obj);
    return qom_list_iter(&iter);
}

QObject *qmp_qom_get(const char *path, const char *property, Error **errp)
{
    Object *obj = object_resolve_path(path, NULL);

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  path);
        return NULL;
    }
    return object_property_get(obj, property, errp);
}

void qmp_qom_set(const char *path, const char *property, QObject *value,
                 Error **errp)
{
    Object *obj = object_resolve_path(path, NULL);

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  path);
        return;
    }
    object_property_set(obj, property, value, errp);
}

ObjectTypeInfoList *qmp_qom_list_types(const char *implements,
                                       bool has_abstract, bool abstract,
                                       Error **errp)
{
    GSList *classes = object_class_get_list(implements, abstract);
    ObjectTypeInfoList *list = NULL, **tail = &list;

    /* QEMU's order is its hash table's; ours is by name. */
    for (GSList *l = classes; l; l = l->next) {
        ObjectClass *oc = l->data;
        ObjectClass *parent = object_class_get_parent(oc);
        ObjectTypeInfoList *entry = g_new0(ObjectTypeInfoList, 1);

        entry->value = g_new0(ObjectTypeInfo, 1);
        entry->value->name = g_strdup(object_class_get_name(oc));
        entry->value->abstract = object_class_is_abstract(oc);
        entry->value->has_abstract = entry->value->abstract;
        entry->value->parent =
            parent ? g_strdup(object_class_get_name(parent)) : NULL;
        *tail = entry;
        tail = &entry->next;
    }
    g_slist_free(classes);
    return list;
}

ObjectPropertyInfoList *qmp_qom_list_properties(const char *q_typename,
                                                Error **errp)
{
    ObjectClass *oc = object_class_by_name(q_typename);
    ObjectPropertyInfoList *list;
    ObjectPropertyIterator iter;
    Object *obj;

    if (!oc) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Class '%s' not found",
                  q_typename);
        return NULL;
    }
    if (!object_class_dynamic_cast(oc, TYPE_OBJECT)) {
        error_setg(errp, "Parameter '%s' expects %s", "typename",
                   TYPE_OBJECT);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        object_class_property_iter_init(&iter, oc);
        return qom_list_iter(&iter);
    }
    /* As QEMU: a temporary instance shows the object properties too. */
    obj = object_new(q_typename);
    object_property_iter_init(&iter, obj);
    list = qom_list_iter(&iter);
    object_unref(obj);
    return list;
}

/* Properties device-list-properties leaves out, as QEMU. */
static bool qom_device_prop_hidden(const char *name)
{
    static const char *const hidden[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(hidden); i++) {
        if (!strcmp(name, hidden[i])) {
            return true;
        }
    }
    /* String shadows of other properties. */
    return g_str_has_prefix(name, "legacy-");
}

ObjectPropertyInfoList *qmp_device_list_properties(const char *q_typename,
                                                   Error **errp)
{
    ObjectClass *oc = object_class_by_name(q_typename);
    ObjectPropertyInfoList *list = NULL;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj;

    if (!oc) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  q_typename);
        return NULL;
    }
    /* No "device" type is registered yet: every existing type ends here. */
    if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "Parameter '%s' expects %s", "typename",
                   TYPE_DEVICE);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter '%s' expects %s", "typename",
                   "non-abstract device type");
        return NULL;
    }
    obj = object_new(q_typename);
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        if (!qom_device_prop_hidden(prop->name)) {
            qom_prepend_prop(&list, prop);
        }
    }
    object_unref(obj);
    return list;
}

void qmp_object_add(QDict *args, QObject **ret, Error **errp)
{
    /*
     * The arguments are the object's description as they are:
     * "qom-type", "id" and the properties with their JSON types.
     */
    user_creatable_add_qdict(args, errp);
}

void qmp_object_del(const char *id, Error **errp)
{
    user_creatable_del(id, errp);
}
