/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The object model's types, classes, object lifetime and composition tree. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"
#include "qom/globals.h"
#include "qapi/qapi-builtin-types.h"
#include "qom-internal.h"

typedef struct TypeImpl TypeImpl;

struct TypeImpl {
    char *name;
    char *parent_name;
    TypeImpl *parent;           /* resolved on first use */
    size_t instance_size;
    size_t class_size;
    void (*instance_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    void (*class_init)(ObjectClass *oc, const void *data);
    void (*class_base_init)(ObjectClass *oc, const void *data);
    const void *class_data;
    bool abstract;
    char **interfaces;          /* NULL-terminated names */
    ObjectClass *class;         /* NULL until initialised */
};

/* All registered types by name; BQL. */
static GHashTable *type_table;
static bool builtin_types_registered;
/* Queued type_init() functions; run once by module_call_init(). */
static GSList *module_inits;
static Object *qom_root;

/* Every object's read-only "type" property: its type name, as QEMU's. */
static bool object_get_type_prop(Object *obj, ObjectProperty *prop,
                                 void *slot, Error **errp)
{
    *(char **)slot = g_strdup(object_get_typename(obj));
    return true;
}

static void object_class_init_root(ObjectClass *oc, const void *data)
{
    object_class_property_add(oc, "type", "string", &qapi_type_str,
                              object_get_type_prop, NULL, NULL, NULL);
}

static const TypeInfo builtin_types[] = {
    {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_size = sizeof(ObjectClass),
        .class_init = object_class_init_root,
        .abstract = true,
    },
    {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    },
    {
        .name = TYPE_CONTAINER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    },
};

static TypeImpl *type_table_lookup(const char *name)
{
    if (!type_table) {
        return NULL;
    }
    return g_hash_table_lookup(type_table, name);
}

Type type_register_static(const TypeInfo *info)
{
    TypeImpl *ti = g_new0(TypeImpl, 1);
    int n = 0;

    assert(info->name);
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    if (type_table_lookup(info->name)) {
        g_error("QOM type '%s' registered twice", info->name);
    }
    ti->name = g_strdup(info->name);
    if (info->parent) {
        ti->parent_name = g_strdup(info->parent);
    } else if (strcmp(info->name, TYPE_OBJECT) &&
               strcmp(info->name, TYPE_INTERFACE)) {
        ti->parent_name = g_strdup(TYPE_OBJECT);
    }
    ti->instance_size = info->instance_size;
    ti->class_size = info->class_size;
    ti->instance_init = info->instance_init;
    ti->instance_finalize = info->instance_finalize;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->abstract = info->abstract;
    while (info->interfaces && info->interfaces[n].type) {
        n++;
    }
    ti->interfaces = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        ti->interfaces[i] = g_strdup(info->interfaces[i].type);
    }
    g_hash_table_insert(type_table, ti->name, ti);
    return ti;
}

void type_register_static_array(const TypeInfo *infos, int n)
{
    for (int i = 0; i < n; i++) {
        type_register_static(&infos[i]);
    }
}

void qom_register_builtin_types(void)
{
    if (builtin_types_registered) {
        return;
    }
    builtin_types_registered = true;
    type_register_static_array(builtin_types, ARRAY_SIZE(builtin_types));
    user_creatable_register_type();
}

void module_add_init(void (*fn)(void))
{
    module_inits = g_slist_append(module_inits, fn);
}

void module_call_init(void)
{
    qom_register_builtin_types();
    while (module_inits) {
        void (*fn)(void) = module_inits->data;

        module_inits = g_slist_delete_link(module_inits, module_inits);
        fn();
    }
}

static TypeImpl *type_get_by_name(const char *name)
{
    qom_register_builtin_types();
    return name ? type_table_lookup(name) : NULL;
}

static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (ti->parent_name && !ti->parent) {
        ti->parent = type_get_by_name(ti->parent_name);
        if (!ti->parent) {
            g_error("QOM type '%s' has unknown parent '%s'", ti->name,
                    ti->parent_name);
        }
    }
    return ti->parent;
}

static bool type_is_ancestor(TypeImpl *ti, TypeImpl *ancestor)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti == ancestor) {
            return true;
        }
    }
    return false;
}

static bool type_is_interface(TypeImpl *ti)
{
    return type_is_ancestor(ti, type_get_by_name(TYPE_INTERFACE));
}

static size_t type_class_size(TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->class_size) {
            return ti->class_size;
        }
    }
    return sizeof(ObjectClass);
}

static size_t type_instance_size(TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_size) {
            return ti->instance_size;
        }
    }
    return sizeof(Object);
}

static void type_initialize(TypeImpl *ti);

/* The class (not interface-cast) of @oc's copy of interface @iface. */
static InterfaceClass *class_find_interface(ObjectClass *oc, TypeImpl *iface)
{
    for (GSList *l = oc->interfaces; l; l = l->next) {
        InterfaceClass *ic = l->data;

        if (type_is_ancestor(ic->interface_type, iface)) {
            return ic;
        }
    }
    return NULL;
}

/* Give @oc its own copy of @src (an interface class) for @iface. */
static void class_add_interface(ObjectClass *oc, TypeImpl *iface,
                                const InterfaceClass *src)
{
    size_t size = type_class_size(iface);
    InterfaceClass *ic = g_malloc0(size);

    memcpy(ic, src, size);
    ic->parent_class.interfaces = NULL;
    ic->parent_class.properties = g_ptr_array_new();
    ic->concrete_class = oc;
    ic->interface_type = iface;
    oc->interfaces = g_slist_append(oc->interfaces, ic);
}

static void type_call_base_inits(TypeImpl *ti, ObjectClass *oc)
{
    TypeImpl *parent = type_get_parent(ti);

    if (parent) {
        type_call_base_inits(parent, oc);
    }
    if (ti->class_base_init) {
        ti->class_base_init(oc, ti->class_data);
    }
}

static void type_initialize(TypeImpl *ti)
{
    TypeImpl *parent;
    size_t size;

    if (ti->class) {
        return;
    }
    parent = type_get_parent(ti);
    size = type_class_size(ti);
    ti->class = g_malloc0(size);
    if (parent) {
        type_initialize(parent);
        /* Inherit the parent's methods by copying its class. */
        memcpy(ti->class, parent->class, type_class_size(parent));
    }
    ti->class->type = ti;
    /* An interface has no instances of its own (QEMU: abstract too). */
    if (type_is_interface(ti)) {
        ti->abstract = true;
    }
    ti->class->interfaces = NULL;
    ti->class->properties = g_ptr_array_new();

    if (parent) {
        for (GSList *l = parent->class->interfaces; l; l = l->next) {
            InterfaceClass *pic = l->data;

            class_add_interface(ti->class, pic->interface_type, pic);
        }
    }
    for (char **name = ti->interfaces; *name; name++) {
        TypeImpl *iface = type_get_by_name(*name);

        if (!iface || !type_is_interface(iface)) {
            g_error("QOM type '%s' implements unknown interface '%s'",
                    ti->name, *name);
        }
        type_initialize(iface);
        if (!class_find_interface(ti->class, iface)) {
            class_add_interface(ti->class, iface,
                                (InterfaceClass *)iface->class);
        }
    }
    if (parent) {
        type_call_base_inits(parent, ti->class);
    }
    if (ti->class_init) {
        ti->class_init(ti->class, ti->class_data);
    }
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return NULL;
    }
    type_initialize(ti);
    return ti->class;
}

const char *object_class_get_name(ObjectClass *oc)
{
    return oc->type->name;
}

ObjectClass *object_class_get_parent(ObjectClass *oc)
{
    TypeImpl *parent = type_get_parent(oc->type);

    if (!parent) {
        return NULL;
    }
    type_initialize(parent);
    return parent->class;
}

bool object_class_is_abstract(ObjectClass *oc)
{
    return oc->type->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename)
{
    TypeImpl *target;

    if (!oc) {
        return NULL;
    }
    if (!strcmp(oc->type->name, typename)) {
        return oc;
    }
    target = type_get_by_name(typename);
    if (!target) {
        return NULL;
    }
    if (type_is_ancestor(oc->type, target)) {
        return oc;
    }
    if (type_is_interface(target)) {
        return (ObjectClass *)class_find_interface(oc, target);
    }
    return NULL;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *oc,
                                              const char *typename)
{
    ObjectClass *ret = object_class_dynamic_cast(oc, typename);

    if (!ret) {
        g_error("class '%s' is not a '%s'", oc ? oc->type->name : "(null)",
                typename);
    }
    return ret;
}

static gint class_compare_name(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;
    GHashTableIter iter;
    gpointer value;

    qom_register_builtin_types();
    g_hash_table_iter_init(&iter, type_table);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        TypeImpl *ti = value;

        type_initialize(ti);
        if (ti->abstract && !include_abstract) {
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(ti->class, implements_type)) {
            continue;
        }
        list = g_slist_prepend(list, ti->class);
    }
    return g_slist_sort(list, class_compare_name);
}

/* Run instance_init from the root type down to @ti. */
static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    TypeImpl *parent = type_get_parent(ti);

    if (parent) {
        object_init_with_type(obj, parent);
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

Object *object_new(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj;

    if (!ti) {
        g_error("object_new: unknown type '%s'", typename);
    }
    type_initialize(ti);
    if (ti->abstract || type_is_interface(ti)) {
        g_error("object_new: type '%s' is abstract", typename);
    }
    obj = g_malloc0(type_instance_size(ti));
    obj->class = ti->class;
    obj->properties = g_ptr_array_new();
    obj->ref = 1;
    /* Class property defaults first, so instance_init can override. */
    object_class_property_iter_init(&iter, ti->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
    object_init_with_type(obj, ti);
    return obj;
}

Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
{
    ObjectClass *oc = object_class_by_name(typename);
    Object *obj;
    const char *name;
    va_list ap;

    if (!oc) {
        error_setg(errp, "invalid object type: %s", typename);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "object type '%s' is abstract", typename);
        return NULL;
    }
    obj = object_new(typename);
    if (!object_apply_compat_props(obj, errp)) {
        goto fail;
    }
    va_start(ap, errp);
    while ((name = va_arg(ap, const char *))) {
        const char *value = va_arg(ap, const char *);

        if (!object_property_parse(obj, name, value, errp)) {
            va_end(ap);
            goto fail;
        }
    }
    va_end(ap);
    if (parent && !object_property_try_add_child(parent, id, obj, errp)) {
        goto fail;
    }
    if (object_dynamic_cast(obj, TYPE_USER_CREATABLE) &&
        !user_creatable_complete(USER_CREATABLE(obj), errp)) {
        if (parent) {
            object_unparent(obj);
        }
        goto fail;
    }
    return obj;

fail:
    object_unref(obj);
    return NULL;
}

Object *object_ref(void *opaque)
{
    Object *obj = opaque;

    assert(obj && obj->ref);
    obj->ref++;
    return obj;
}

/* Run instance_finalize from @ti up to the root type. */
static void object_deinit(Object *obj, TypeImpl *ti)
{
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_finalize) {
            ti->instance_finalize(obj);
        }
    }
}

void object_unref(void *opaque)
{
    Object *obj = opaque;

    if (!obj) {
        return;
    }
    assert(obj->ref);
    if (--obj->ref) {
        return;
    }
    assert(!obj->parent);
    object_property_del_all(obj);
    object_deinit(obj, obj->class->type);
    g_ptr_array_free(obj->properties, true);
    g_free(obj);
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(Object *obj)
{
    return obj->class->type->name;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename)
{
    if (!object_dynamic_cast(obj, typename)) {
        g_error("object of type '%s' is not a '%s'",
                obj ? object_get_typename(obj) : "(null)", typename);
    }
    return obj;
}

/*
 * The composition tree
 */

Object *object_get_root(void)
{
    if (!qom_root) {
        qom_root = object_new(TYPE_CONTAINER);
    }
    return qom_root;
}

Object *object_get_container(Object *parent, const char *name)
{
    Object *child = object_resolve_path_component(parent, name);

    if (!child) {
        child = object_new(TYPE_CONTAINER);
        object_property_add_child(parent, name, child);
        object_unref(child);
    }
    return child;
}

Object *object_get_objects_root(void)
{
    return object_get_container(object_get_root(), "objects");
}

Object *object_resolve_path_component(Object *parent, const char *name)
{
    ObjectProperty *prop = object_property_find(parent, name);

    if (!prop) {
        return NULL;
    }
    return object_property_target(parent, prop);
}

/* Follow @parts (NULL-terminated) from @obj through children and links. */
static Object *resolve_abs(Object *obj, char **parts)
{
    for (; obj && *parts; parts++) {
        if (**parts) {
            obj = object_resolve_path_component(obj, *parts);
        }
    }
    return obj;
}

/*
 * Add to @matches every object of @typename that @parts lead to from
 * @obj or from any object below it in the composition tree.
 */
static void resolve_partial(Object *obj, char **parts, const char *typename,
                            GHashTable *matches)
{
    Object *found = resolve_abs(obj, parts);

    if (found && (!typename || object_dynamic_cast(found, typename))) {
        g_hash_table_add(matches, found);
    }
    for (guint i = 0; i < obj->properties->len; i++) {
        ObjectProperty *prop = g_ptr_array_index(obj->properties, i);

        if (object_property_is_child(prop)) {
            resolve_partial(prop->opaque, parts, typename, matches);
        }
    }
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    g_autoptr(GHashTable) matches = NULL;
    GHashTableIter iter;
    gpointer found = NULL;
    Object *obj;

    if (ambiguous) {
        *ambiguous = false;
    }
    if (path[0] == '/') {
        obj = resolve_abs(object_get_root(), parts);
        if (obj && typename && !object_dynamic_cast(obj, typename)) {
            return NULL;
        }
        return obj;
    }
    if (!path[0]) {
        return NULL;
    }
    matches = g_hash_table_new(NULL, NULL);
    resolve_partial(object_get_root(), parts, typename, matches);
    if (g_hash_table_size(matches) > 1) {
        if (ambiguous) {
            *ambiguous = true;
        }
        return NULL;
    }
    g_hash_table_iter_init(&iter, matches);
    g_hash_table_iter_next(&iter, &found, NULL);
    return found;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, NULL, ambiguous);
}

const char *object_get_canonical_path_component(Object *obj)
{
    if (!obj->parent) {
        return NULL;
    }
    for (guint i = 0; i < obj->parent->properties->len; i++) {
        ObjectProperty *prop = g_ptr_array_index(obj->parent->properties, i);

        if (object_property_is_child(prop) && prop->opaque == obj) {
            return prop->name;
        }
    }
    g_assert_not_reached();
}

char *object_get_canonical_path(Object *obj)
{
    GString *path = g_string_new("");
    Object *root = object_get_root();

    for (; obj != root; obj = obj->parent) {
        if (!obj->parent) {
            g_string_free(path, true);
            return NULL;
        }
        g_string_prepend(path, object_get_canonical_path_component(obj));
        g_string_prepend_c(path, '/');
    }
    if (!path->len) {
        g_string_append_c(path, '/');
    }
    return g_string_free(path, false);
}
