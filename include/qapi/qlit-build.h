/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Constant JSON values written as a flat array of steps, so that the
 * generator can wrap any part in #if (used for query-qmp-schema).
 *
 * Steps: QLIT_DICT / QLIT_LIST open a container, QLIT_END closes it,
 * QLIT_KEY names the next value inside a dict, QLIT_STR / QLIT_TRUE /
 * QLIT_NULL are values.  The array holds exactly one top-level value.
 */
#ifndef QAPI_QLIT_BUILD_H
#define QAPI_QLIT_BUILD_H

typedef enum QLitStep {
    QLIT_END,
    QLIT_DICT,
    QLIT_LIST,
    QLIT_KEY,
    QLIT_STR,
    QLIT_TRUE,
    QLIT_NULL,
} QLitStep;

typedef struct QLitOp {
    QLitStep step;
    const char *str;        /* QLIT_KEY, QLIT_STR */
} QLitOp;

/* Build the value described by @ops (a new reference). */
QObject *qlit_build(const QLitOp *ops);

#endif /* QAPI_QLIT_BUILD_H */
