/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target: QMP JSON through the QAPI input conversion (migration). */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-types-migration.h"
#include "qapi/qapi-conv-migration.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "fuzz-target.h"

/*
 * The input is one JSON value.  A dict, and its "arguments" member if
 * that is a dict too (so whole QMP commands work as seeds), is
 * converted as MigrateSetParameters (as a value and as command
 * arguments) and as MigrationChannel; its "channels" and "capabilities"
 * members, whatever their type, as MigrationChannelList and
 * MigrationCapabilityStatusList.  A top-level list is tried as both
 * lists.
 *
 * Checked: a conversion fails exactly when it sets an error (with a
 * text) and then leaves its slot empty; a converted value written back
 * with qapi_to_qobject() converts again, and the copy, the clone and
 * the original all write the same QObject.  Everything is freed, so
 * LeakSanitizer checks the error paths too.
 */

/* Every type converted here is held through a pointer (T * or TList *). */
static void convert(const QapiTypeInfo *type, QObject *obj)
{
    void *value = NULL, *again = NULL, *copy = NULL;
    QObject *out, *out_again, *out_copy;
    Error *err = NULL;
    bool ok;

    ok = qapi_from_qobject(type, obj, &value, &err);
    FUZZ_CHECK(ok == !err);
    if (!ok) {
        FUZZ_CHECK(!value);
        FUZZ_CHECK(*error_get_pretty(err));
        error_free(err);
        return;
    }

    out = qapi_to_qobject(type, &value);
    if (!qapi_from_qobject(type, out, &again, &err)) {
        GString *text = qobject_to_json(out);

        fprintf(stderr, "%s: output does not convert back (%s):\n%s\n",
                type->name, error_get_pretty(err), text->str);
        abort();
    }
    out_again = qapi_to_qobject(type, &again);
    FUZZ_CHECK(qobject_is_equal(out, out_again));

    qapi_clone_slot(type, &value, &copy);
    out_copy = qapi_to_qobject(type, &copy);
    FUZZ_CHECK(qobject_is_equal(out, out_copy));

    qapi_free_slot(type, &value);
    qapi_free_slot(type, &again);
    qapi_free_slot(type, &copy);
    FUZZ_CHECK(!value && !again && !copy);
    qobject_unref(out);
    qobject_unref(out_again);
    qobject_unref(out_copy);
}

/* MigrateSetParameters as migrate-set-parameters receives it. */
static void convert_arguments(QDict *args)
{
    const QapiTypeInfo *type = &qapi_type_MigrateSetParameters;
    MigrateSetParameters *params = NULL;
    void *members = g_malloc0(type->size);
    Error *err = NULL;

    if (qapi_members_from_qdict(type, args, members, &err)) {
        FUZZ_CHECK(!err);
        qapi_free_members(type, members);
    } else {
        FUZZ_CHECK(err && *error_get_pretty(err));
        error_free(err);
        err = NULL;
    }
    g_free(members);

    /* The generated wrapper, as the command code calls it */
    if (qapi_from_qobject_MigrateSetParameters(QOBJECT(args), &params, &err)) {
        FUZZ_CHECK(params && !err);
        qapi_free_MigrateSetParameters(params);
    } else {
        FUZZ_CHECK(!params && err);
        error_free(err);
    }
}

static void convert_dict(QDict *dict)
{
    QObject *member;

    convert_arguments(dict);
    convert(&qapi_type_MigrateSetParameters, QOBJECT(dict));
    convert(&qapi_type_MigrationChannel, QOBJECT(dict));
    member = qdict_get(dict, "channels");
    if (member) {
        convert(&qapi_type_MigrationChannelList, member);
    }
    member = qdict_get(dict, "capabilities");
    if (member) {
        convert(&qapi_type_MigrationCapabilityStatusList, member);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_malloc(size + 1);
    QObject *obj;
    QDict *dict, *args;

    if (size) {
        memcpy(text, data, size);
    }
    text[size] = '\0';
    obj = qobject_from_json(text, NULL);
    dict = qobject_to(QDict, obj);

    if (dict) {
        convert_dict(dict);
        args = qobject_to(QDict, qdict_get(dict, "arguments"));
        if (args) {
            convert_dict(args);
        }
    } else if (qobject_to(QList, obj)) {
        convert(&qapi_type_MigrationChannelList, obj);
        convert(&qapi_type_MigrationCapabilityStatusList, obj);
    }
    qobject_unref(obj);
    g_free(text);
    return 0;
}
