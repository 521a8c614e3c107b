/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running one QMP request: envelope checks, command lookup, argument
 * conversion (in the marshaller), reply building.
 */
#ifndef QAPI_QMP_DISPATCH_H
#define QAPI_QMP_DISPATCH_H

#include "qapi/qmp-registry.h"

/*
 * Run @request (borrowed) against @cmds and return the reply:
 * {"return": VALUE, "id": ID} or {"error": {"class", "desc"}, "id": ID}
 * ("id" only if the request had one and it could be read).  Returns
 * NULL for a successful command registered with QCO_NO_SUCCESS_RESP.
 *
 * @allow_oob: the client enabled the "oob" capability, so "exec-oob"
 * is a valid key.  @preconfig: the machine is not initialised yet, so
 * only commands with QCO_ALLOW_PRECONFIG may run.
 */
QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    bool allow_oob, bool preconfig);

/* {"error": {"class": ..., "desc": ...}} for @err, which is freed. */
QDict *qmp_error_response(Error *err);

/* Whether @request uses "exec-oob" rather than "execute". */
bool qmp_is_oob(const QDict *request);

#endif /* QAPI_QMP_DISPATCH_H */
