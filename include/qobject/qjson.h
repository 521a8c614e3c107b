/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Convert between JSON text and QObjects. */
#ifndef QOBJECT_QJSON_H
#define QOBJECT_QJSON_H

#include "qobject/qobject.h"

/*
 * Parse one complete JSON value from @string (QEMU's leniency: single
 * quotes accepted).  Returns NULL and sets @errp ("JSON parse error, ...")
 * on malformed input or trailing garbage.  An empty string gives NULL
 * without an error, as in QEMU.
 */
QObject *qobject_from_json(const char *string, Error **errp);

/*
 * Build a QObject from JSON text with %-interpolation (%i: a bool passed
 * as int, as in QEMU; %d, %ld, %lld, %" PRId64 ", %u, %lu, %llu, %" PRIu64 ", %f, %s, %p (a QObject *, ref
 * taken by the result), %%, %q (a C string as a JSON string)).  Aborts on
 * malformed input: for tests and literal templates only.
 */
QObject *qobject_from_jsonf_nofail(const char *string, ...);
QDict *qdict_from_jsonf_nofail(const char *string, ...);

/* Compact JSON: {"a": 1, "b": [1, 2]} -- ASCII only. */
GString *qobject_to_json(const QObject *obj);
/* @pretty: 4-space indented, one member per line ("\n" line ends). */
GString *qobject_to_json_pretty(const QObject *obj, bool pretty);

#endif /* QOBJECT_QJSON_H */
