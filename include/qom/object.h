/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The object model (QOM): named types with single inheritance and
 * interfaces, reference-counted objects arranged in a composition tree,
 * and typed properties readable and writable as QObjects or strings.
 *
 * Locking: everything here runs under the BQL (or, in unit tests, on the
 * one test thread); nothing is thread-safe on its own.
 *
 * See docs/devel/qom.md for the whole picture.
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "qapi/type-info.h"

typedef struct TypeImpl *Type;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

/* One interface a type implements (arrays end with { NULL }). */
typedef struct InterfaceInfo {
    const char *type;
} InterfaceInfo;

/*
 * Description of a type, registered with type_register_static().
 * Everything but @name is optional; a type without @parent derives from
 * "object" (interfaces name "interface" as parent).  Sizes of 0 inherit
 * the parent's.
 */
typedef struct TypeInfo {
    const char *name;
    const char *parent;

    size_t instance_size;
    /* Runs root type first; fields are zeroed before. */
    void (*instance_init)(Object *obj);
    /* Runs most derived type first, after properties are released. */
    void (*instance_finalize)(Object *obj);

    bool abstract;

    size_t class_size;
    /*
     * Runs once, lazily, after every ancestor's class_init; the class
     * starts as a copy of the parent class, so methods are inherited.
     */
    void (*class_init)(ObjectClass *oc, const void *data);
    /* Runs for this type and for every subtype, before its class_init. */
    void (*class_base_init)(ObjectClass *oc, const void *data);
    const void *class_data;

    const InterfaceInfo *interfaces;
} TypeInfo;

/* The head of every class struct. */
struct ObjectClass {
    Type type;
    GSList *interfaces;         /* InterfaceClass *, one per interface */
    GPtrArray *properties;      /* ObjectProperty *, this class's own */
};

/* The head of every object struct. */
struct Object {
    ObjectClass *class;
    GPtrArray *properties;      /* ObjectProperty *, this object's own */
    uint32_t ref;
    Object *parent;             /* not a reference: the parent holds ours */
};

/*
 * The head of every interface class.  A class implementing an interface
 * owns its own copy of the interface class (so it can fill in methods);
 * casting the class to the interface name returns that copy.
 */
typedef struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;
    Type interface_type;
} InterfaceClass;

/* Checked casts for subsystem macros such as USER_CREATABLE_CLASS(). */
#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(oc) ((ObjectClass *)(oc))
#define OBJECT_CHECK(type, obj, name)                                         \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name)))
#define OBJECT_CLASS_CHECK(class_type, oc, name)                              \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(oc),        \
                                                     (name)))
#define OBJECT_GET_CLASS(class_type, obj, name)                               \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/*
 * Type registration
 */

/*
 * Register @info (copied; its strings must live forever).  Registering
 * a name twice aborts.  Returns the new type.
 */
Type type_register_static(const TypeInfo *info);

/* Register @n types from the array @infos. */
void type_register_static_array(const TypeInfo *infos, int n);

/*
 * Register the types the object model itself needs ("object",
 * "interface", "container", "user-creatable").  Idempotent; every
 * lookup function calls it, so callers rarely need to.
 */
void qom_register_builtin_types(void);

/*
 * type_init(fn): queue @fn to run from module_call_init().  It uses a
 * constructor, which only runs if the object file is linked in: files
 * inside libqemuutil that nothing references are dropped by the linker,
 * so library types must be registered by an explicit call instead (as
 * qom_register_builtin_types() does).  Use type_init() only in files
 * linked directly into a program.
 */
#define type_init(fn)                                                         \
    static void __attribute__((constructor)) glue(qom_ctor_, fn)(void)       \
    {                                                                         \
        module_add_init(fn);                                                  \
    }

/* Queue @fn for module_call_init() (used by type_init()). */
void module_add_init(void (*fn)(void));

/* Run every queued init function once, in queueing order. */
void module_call_init(void);

/*
 * Classes
 */

/* The class of type @typename (initialising it), or NULL if unknown. */
ObjectClass *object_class_by_name(const char *typename);

const char *object_class_get_name(ObjectClass *oc);

/* The parent class, or NULL for a root type. */
ObjectClass *object_class_get_parent(ObjectClass *oc);

bool object_class_is_abstract(ObjectClass *oc);

/*
 * @oc seen as @typename: @oc itself if it is @typename or derives from
 * it, the interface class if @typename is an interface @oc implements,
 * else NULL (also for an unknown @typename).
 */
ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename);

/* object_class_dynamic_cast() that aborts on failure (for macros). */
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *oc,
                                              const char *typename);

/*
 * Every registered class that can be cast to @implements_type (all of
 * them when NULL), abstract ones only if @include_abstract.  Sorted by
 * type name.  Free the list (not the classes) with g_slist_free().
 */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);

/*
 * Objects
 */

/*
 * A new object of type @typename with one reference held by the caller.
 * The type must exist and not be abstract (aborts otherwise: check
 * with object_class_by_name() first for user input).  Instance init
 * runs and field properties get their defaults; compat and -global
 * properties are *not* applied (see object_apply_compat_props()).
 */
Object *object_new(const char *typename);

/*
 * object_new(), then object_apply_compat_props(), then set the
 * NULL-terminated list of (name, string value) pairs with
 * object_property_parse(), complete it if it is user-creatable, and
 * add it as child @id of @parent (when @parent is not NULL).  Returns
 * the object (the reference is the caller's; the parent holds its own),
 * or NULL with @errp set.
 */
Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
    QEMU_SENTINEL;

/* Take a reference; returns @obj. */
Object *object_ref(void *obj);

/*
 * Drop a reference.  The last one releases every property (children
 * are unparented, links dropped, field strings freed), then runs
 * instance_finalize from the most derived type up, then frees.
 */
void object_unref(void *obj);

ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(Object *obj);

/* @obj if it is (or implements) @typename, else NULL. */
Object *object_dynamic_cast(Object *obj, const char *typename);

/* object_dynamic_cast() that aborts on failure (for macros). */
Object *object_dynamic_cast_assert(Object *obj, const char *typename);

/*
 * The composition tree
 */

/* The root container "/" (created on first use). */
Object *object_get_root(void);

/* The container "/objects" holding -object / object-add objects. */
Object *object_get_objects_root(void);

/*
 * The container child @name of @parent, created if missing.
 */
Object *object_get_container(Object *parent, const char *name);

/*
 * Add @child as child property @name (type "child<T>") of @parent.
 * The parent takes a reference.  Fails if @child already has a parent
 * or @name is taken: "attempt to add duplicate property '%s' to object
 * (type '%s')".
 */
bool object_property_try_add_child(Object *parent, const char *name,
                                   Object *child, Error **errp);

/* object_property_try_add_child() that aborts on failure. */
void object_property_add_child(Object *parent, const char *name,
                               Object *child);

/* Remove @obj from its parent (dropping the parent's reference). */
void object_unparent(Object *obj);

/* The child or link named @name of @parent, or NULL. */
Object *object_resolve_path_component(Object *parent, const char *name);

/*
 * Resolve @path.  Absolute paths ("/objects/mem0") walk child and link
 * properties from the root.  Partial paths ("mem0", "objects/mem0")
 * match anywhere in the tree; if more than one object matches, returns
 * NULL and sets *@ambiguous (when not NULL) to true.  With @typename,
 * only objects of that type count.
 */
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);

/* object_resolve_path_type() for any type. */
Object *object_resolve_path(const char *path, bool *ambiguous);

/*
 * "/a/b/c" for an object in the tree ("/" for the root), or NULL if it
 * is not attached to the root.  g_free() the result.
 */
char *object_get_canonical_path(Object *obj);

/* The name of @obj in its parent, or NULL. */
const char *object_get_canonical_path_component(Object *obj);

/*
 * Properties
 *
 * A property has a name, a type string shown by qom-list ("bool",
 * "uint8", "size", "str", an enum's name, "child<T>", "link<T>"), and a
 * value type (@info): the QAPI type its accessors exchange as a C value
 * in a "slot" (bool, uint8_t ... uint64_t, int64_t, char *, int for an
 * enum; see qapi/type-info.h).  The generic layer converts between that
 * slot and QObjects (QMP, with QMP's type checks and error texts) or
 * strings (-global, -object, HMP, with the string parsing rules).
 *
 * Class properties are shared by every instance; object properties
 * belong to one object.  An object's properties shadow none of its
 * class's (adding a duplicate name fails).
 */

/*
 * Read the property into @slot (zeroed; strings are g_malloc'ed and
 * become the caller's).  Returns false with @errp set on failure.
 */
typedef bool ObjectPropertyGet(Object *obj, ObjectProperty *prop, void *slot,
                               Error **errp);

/*
 * Store the value in @slot.  A string setter may take the string by
 * setting *(char **)slot to NULL; whatever is left is freed after.
 */
typedef bool ObjectPropertySet(Object *obj, ObjectProperty *prop, void *slot,
                               Error **errp);

/* Free what the property holds for @obj (the object is going away). */
typedef void ObjectPropertyRelease(Object *obj, ObjectProperty *prop);

/* Set the property's initial value in a new @obj (class properties). */
typedef void ObjectPropertyInit(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;
    char *description;
    QObject *defval;            /* default for qom-list, or NULL */
    const QapiTypeInfo *info;   /* value type of get/set */
    ObjectPropertyGet *get;     /* NULL: write-only */
    ObjectPropertySet *set;     /* NULL: read-only */
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    QapiTypeInfo enum_info;     /* @info of enum properties points here */
};

/*
 * Add a property to @obj.  @info is the value type (for an enum, pass
 * NULL and use object_property_set_enum_lookup()), @type the qom-list
 * type (NULL: @info's name).  Fails if the name is taken: "attempt to
 * add duplicate property '%s' to object (type '%s')".
 */
ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        const QapiTypeInfo *info,
                                        ObjectPropertyGet *get,
                                        ObjectPropertySet *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);

/* object_property_try_add() that aborts on failure. */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    const QapiTypeInfo *info,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);

/* The same for a class property (a duplicate name aborts). */
ObjectProperty *object_class_property_add(ObjectClass *oc, const char *name,
                                          const char *type,
                                          const QapiTypeInfo *info,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);

/* Make @prop an enum property whose values are named by @lookup. */
void object_property_set_enum_lookup(ObjectProperty *prop,
                                     const char *enum_name,
                                     const QEnumLookup *lookup);

/* A bool property backed by two callbacks (either may be NULL). */
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         bool (*set)(Object *, bool,
                                                     Error **));

/*
 * A string property (qom-list type "string") backed by callbacks; @get
 * returns a g_malloc'ed string.
 */
ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        bool (*set)(Object *, const char *,
                                                    Error **));

/*
 * A link<@type> property: reads as the target's canonical path ("" when
 * unset), written with a path ("" clears).  The object holds a reference
 * to the target in *@targetp, dropped on release.
 */
ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp);

/* Set the description shown by qom-list (copied). */
void object_property_set_description(ObjectProperty *prop,
                                     const char *description);

/* Set the default shown by qom-list; takes ownership of @defval. */
void object_property_set_default(ObjectProperty *prop, QObject *defval);

/* The property @name of @obj or its classes, or NULL. */
ObjectProperty *object_property_find(Object *obj, const char *name);

/* object_property_find() failing with "Property '%s.%s' not found". */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);

/* The class property @name of @oc or its ancestors, or NULL. */
ObjectProperty *object_class_property_find(ObjectClass *oc,
                                           const char *name);

/* Remove object property @name (running its release); false if absent. */
bool object_property_del(Object *obj, const char *name);

/*
 * The value as a new QObject (bool -> QBool, integers -> QNum, strings,
 * enums and paths -> QString), or NULL with @errp set.
 */
QObject *object_property_get(Object *obj, const char *name, Error **errp);

/*
 * Set from @value (borrowed), checked as QMP input would be: "Invalid
 * parameter type for '%s', expected: integer", "Parameter '%s' expects
 * uint8_t", "Parameter '%s' does not accept value '%s'", ...
 */
bool object_property_set(Object *obj, const char *name, QObject *value,
                         Error **errp);

/*
 * Set from the string @str as -global and -object do: bools as
 * on/off/yes/no/true/false, sizes with suffixes, integers with range
 * checks, enums by name, links by path.
 */
bool object_property_parse(Object *obj, const char *name, const char *str,
                           Error **errp);

/* Typed conveniences over object_property_get() / _set(). */
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);
/* g_free() the result; NULL on error. */
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);

/*
 * Iteration: class properties from the root type down, then the
 * object's own, each in the order they were added.
 */
typedef struct ObjectPropertyIterator {
    ObjectClass *classes[32];   /* root type last */
    int nclasses;
    int class_idx;
    GPtrArray *props;
    guint idx;
    Object *obj;
} ObjectPropertyIterator;

/* Start iterating @obj's properties. */
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);

/* Start iterating the class properties of @oc (no object properties). */
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *oc);

/* The next property, or NULL at the end. */
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/*
 * One qom-list entry: {"name", "type", "description"?, "default-value"?}
 * as a new QDict.
 */
QDict *object_property_info(ObjectProperty *prop);

/* qom-list of @obj: a new QList of object_property_info() dicts. */
QList *object_property_info_list(Object *obj);

#endif /* QOM_OBJECT_H */
