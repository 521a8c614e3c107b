/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The main migration stream: header, configuration record, sections with
 * footers, commands, EOF and the VMDESCRIPTION trailer, on the source and
 * on the destination (wire-format.md section 1).  API and threads:
 * migration/savevm.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/ramblock.h"
#include "migration/global_state.h"
#include "migration/options.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"

/*
 * The outgoing migration's framing state: owned by the migration thread
 * from qemu_savevm_state_header() to qemu_savevm_state_cleanup().
 */
typedef struct SaveVMOutgoing {
    JSONWriter *vmdesc;         /* VMDESCRIPTION being built, or NULL */
} SaveVMOutgoing;

/* The incoming load's command state: one qemu_loadvm_state() call. */
typedef struct LoadVMState {
    bool return_path_open;
    bool postcopy_advised;
} LoadVMState;

static SaveVMOutgoing savevm_out;

/* Length of each command's payload, -1 when variable (wire-format 1.8). */
static const struct {
    int len;
    const char *name;
} mig_cmd_args[MIG_CMD_MAX] = {
    [MIG_CMD_INVALID] = { -1, "INVALID" },
    [MIG_CMD_OPEN_RETURN_PATH] = { 0, "OPEN_RETURN_PATH" },
    [MIG_CMD_PING] = { 4, "PING" },
    [MIG_CMD_POSTCOPY_ADVISE] = { -1, "POSTCOPY_ADVISE" },
    [MIG_CMD_POSTCOPY_LISTEN] = { 0, "POSTCOPY_LISTEN" },
    [MIG_CMD_POSTCOPY_RUN] = { 0, "POSTCOPY_RUN" },
    [MIG_CMD_POSTCOPY_RAM_DISCARD] = { -1, "POSTCOPY_RAM_DISCARD" },
    [MIG_CMD_PACKAGED] = { 4, "PACKAGED" },
    [MIG_CMD_ENABLE_COLO] = { 0, "ENABLE_COLO" },
    [MIG_CMD_POSTCOPY_RESUME] = { 0, "POSTCOPY_RESUME" },
    [MIG_CMD_RECV_BITMAP] = { -1, "RECV_BITMAP" },
    [MIG_CMD_SWITCHOVER_START] = { 0, "SWITCHOVER_START" },
};

/* The file's latched error (0 if none) as @errp, @what as context. */
static int loadvm_file_error(QEMUFile *f, const char *what, Error **errp)
{
    Error *ferr = NULL;
    int ret = qemu_file_get_error_obj(f, &ferr);

    if (ret < 0) {
        if (ferr) {
            error_setg(errp, "%s: %s", what, error_get_pretty(ferr));
        } else {
            error_setg(errp, "%s: %s", what, strerror(-ret));
        }
    }
    return ret;
}

/* Source */

static void save_section_header(QEMUFile *f, SaveStateEntry *se,
                                uint8_t section_type)
{
    qemu_put_byte(f, section_type);
    qemu_put_be32(f, se->section_id);
    if (section_type == QEMU_VM_SECTION_FULL ||
        section_type == QEMU_VM_SECTION_START) {
        size_t len = strlen(se->idstr);

        qemu_put_byte(f, len);
        qemu_put_buffer(f, (const uint8_t *)se->idstr, len);
        qemu_put_be32(f, se->instance_id);
        qemu_put_be32(f, se->version_id);
    }
}

static void save_section_footer(QEMUFile *f, SaveStateEntry *se)
{
    if (migrate_send_section_footer()) {
        qemu_put_byte(f, QEMU_VM_SECTION_FOOTER);
        qemu_put_be32(f, se->section_id);
    }
}

static bool se_is_active(SaveStateEntry *se)
{
    return !se->ops || !se->ops->is_active || se->ops->is_active(se->opaque);
}

/* Old-style FULL section data, and its JSON as QEMU describes it. */
static int save_old_style(QEMUFile *f, SaveStateEntry *se, JSONWriter *vmdesc,
                          Error **errp)
{
    uint64_t start = qemu_file_transferred(f);
    int ret;
    uint64_t size;

    ERRP_GUARD();
    ret = se->ops->save_state(f, se->opaque, errp);
    size = qemu_file_transferred(f) - start;
    if (vmdesc) {
        json_writer_int64(vmdesc, "size", size);
        json_writer_start_array(vmdesc, "fields");
        json_writer_start_object(vmdesc, NULL);
        json_writer_str(vmdesc, "name", "data");
        json_writer_int64(vmdesc, "size", size);
        json_writer_str(vmdesc, "type", "buffer");
        json_writer_end_object(vmdesc);
        json_writer_end_array(vmdesc);
    }
    if (ret < 0 && !*errp) {
        error_setg(errp, "Failed to save '%s': %s", se->idstr, strerror(-ret));
    }
    return ret;
}

/* One FULL section (skipped when the entry has nothing to save). */
static int save_full_section(QEMUFile *f, SaveStateEntry *se,
                             JSONWriter *vmdesc, Error **errp)
{
    int ret;

    if ((!se->ops || !se->ops->save_state) && !se->vmsd) {
        return 0;
    }
    if (se->vmsd && !vmstate_section_needed(se->vmsd, se->opaque)) {
        return 0;
    }
    if (vmdesc) {
        json_writer_start_object(vmdesc, NULL);
        json_writer_str(vmdesc, "name", se->idstr);
        json_writer_int64(vmdesc, "instance_id", se->instance_id);
    }
    save_section_header(f, se, QEMU_VM_SECTION_FULL);
    if (se->vmsd) {
        ret = vmstate_save_state(f, se->vmsd, se->opaque, vmdesc, errp);
    } else {
        ret = save_old_style(f, se, vmdesc, errp);
    }
    if (ret < 0) {
        return ret;
    }
    save_section_footer(f, se);
    if (vmdesc) {
        json_writer_end_object(vmdesc);
    }
    return 0;
}

void qemu_savevm_state_header(QEMUFile *f)
{
    json_writer_free(savevm_out.vmdesc);
    savevm_out.vmdesc = json_writer_new();

    qemu_put_be32(f, QEMU_VM_FILE_MAGIC);
    qemu_put_be32(f, QEMU_VM_FILE_VERSION);
    /* The top-level object closes after the devices, at completion. */
    json_writer_start_object(savevm_out.vmdesc, NULL);
    if (migrate_send_configuration()) {
        Error *err = NULL;

        qemu_put_byte(f, QEMU_VM_CONFIGURATION);
        json_writer_start_object(savevm_out.vmdesc, "configuration");
        if (!savevm_configuration_save(f, savevm_out.vmdesc, &err)) {
            qemu_file_set_error_obj(f, -EINVAL, err);
        }
        json_writer_end_object(savevm_out.vmdesc);
    }
}

int qemu_savevm_state_setup(QEMUFile *f, Error **errp)
{
    JSONWriter *vmdesc = savevm_out.vmdesc;
    SaveStateEntry *se;
    int ret;

    ERRP_GUARD();
    if (vmdesc) {
        json_writer_int64(vmdesc, "page_size", TARGET_PAGE_SIZE);
        json_writer_start_array(vmdesc, "devices");
    }
    SAVEVM_FOREACH(se) {
        if (se->vmsd && se->vmsd->early_setup) {
            ret = save_full_section(f, se, vmdesc, errp);
            if (ret < 0) {
                goto fail;
            }
            continue;
        }
        if (!se->ops || !se->ops->save_setup || !se_is_active(se)) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_START);
        ret = se->ops->save_setup(f, se->opaque, errp);
        save_section_footer(f, se);
        if (ret < 0) {
            if (!*errp) {
                error_setg(errp, "Failed to set up '%s' for migration: %s",
                           se->idstr, strerror(-ret));
            }
            goto fail;
        }
    }
    return loadvm_file_error(f, "migration stream error", errp);

fail:
    qemu_file_set_error_obj(f, ret, NULL);
    return ret;
}

int qemu_savevm_state_iterate(QEMUFile *f)
{
    SaveStateEntry *se;
    bool all_finished = true;
    int ret;

    SAVEVM_FOREACH(se) {
        if (!se->ops || !se->ops->save_live_iterate || !se_is_active(se)) {
            continue;
        }
        if (se->ops->is_active_iterate &&
            !se->ops->is_active_iterate(se->opaque)) {
            continue;
        }
        if (qemu_file_rate_limit(f)) {
            return 0;
        }
        save_section_header(f, se, QEMU_VM_SECTION_PART);
        ret = se->ops->save_live_iterate(f, se->opaque);
        save_section_footer(f, se);
        if (ret < 0) {
            Error *err = NULL;

            error_setg(&err, "failed to save SaveStateEntry with id(name): "
                       "%d(%s): %d", se->section_id, se->idstr, ret);
            qemu_file_set_error_obj(f, ret, err);
            return ret;
        }
        if (ret == 0) {
            all_finished = false;
        }
    }
    return all_finished;
}

static void pending_sum(bool exact, uint64_t *must_precopy,
                        uint64_t *can_postcopy)
{
    SaveStateEntry *se;

    *must_precopy = 0;
    *can_postcopy = 0;
    SAVEVM_FOREACH(se) {
        if (!se->ops || !se_is_active(se)) {
            continue;
        }
        if (exact && se->ops->state_pending_exact) {
            se->ops->state_pending_exact(se->opaque, must_precopy,
                                         can_postcopy);
        } else if (!exact && se->ops->state_pending_estimate) {
            se->ops->state_pending_estimate(se->opaque, must_precopy,
                                            can_postcopy);
        }
    }
}

void qemu_savevm_state_pending_estimate(uint64_t *must_precopy,
                                        uint64_t *can_postcopy)
{
    pending_sum(false, must_precopy, can_postcopy);
}

void qemu_savevm_state_pending_exact(uint64_t *must_precopy,
                                     uint64_t *can_postcopy)
{
    pending_sum(true, must_precopy, can_postcopy);
}

static int complete_iterable(QEMUFile *f, Error **errp)
{
    SaveStateEntry *se;
    int ret;

    SAVEVM_FOREACH(se) {
        if (!se->ops || !se->ops->save_live_complete_precopy ||
            !se_is_active(se)) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_END);
        ret = se->ops->save_live_complete_precopy(f, se->opaque);
        save_section_footer(f, se);
        if (ret < 0) {
            error_setg(errp, "Failed to complete the migration of '%s': %s",
                       se->idstr, strerror(-ret));
            return ret;
        }
    }
    return 0;
}

int qemu_savevm_state_complete_precopy(QEMUFile *f, Error **errp)
{
    JSONWriter *vmdesc = savevm_out.vmdesc;
    SaveStateEntry *se;
    int ret;

    ERRP_GUARD();
    if (migrate_send_switchover_start()) {
        qemu_savevm_send_switchover_start(f);
    }
    ret = complete_iterable(f, errp);
    if (ret < 0) {
        goto fail;
    }
    SAVEVM_FOREACH(se) {
        if (se->vmsd && se->vmsd->early_setup) {
            continue;       /* went out in the setup pass */
        }
        ret = save_full_section(f, se, vmdesc, errp);
        if (ret < 0) {
            error_prepend(errp, "Failed to save '%s': ", se->idstr);
            goto fail;
        }
    }
    qemu_put_byte(f, QEMU_VM_EOF);

    if (vmdesc) {
        const char *json;
        size_t len;

        json_writer_end_array(vmdesc);
        json_writer_end_object(vmdesc);
        json = json_writer_get(vmdesc);
        len = strlen(json);
        qemu_put_byte(f, QEMU_VM_VMDESCRIPTION);
        qemu_put_be32(f, len);
        qemu_put_buffer(f, (const uint8_t *)json, len);
    }
    qemu_fflush(f);
    return loadvm_file_error(f, "migration stream error", errp);

fail:
    qemu_file_set_error_obj(f, ret, NULL);
    return ret;
}

void qemu_savevm_state_cleanup(void)
{
    SaveStateEntry *se;

    SAVEVM_FOREACH(se) {
        if (se->ops && se->ops->save_cleanup) {
            se->ops->save_cleanup(se->opaque);
        }
    }
    json_writer_free(savevm_out.vmdesc);
    savevm_out.vmdesc = NULL;
}

void qemu_savevm_command_send(QEMUFile *f, enum qemu_vm_cmd command,
                              uint16_t len, const uint8_t *data)
{
    qemu_put_byte(f, QEMU_VM_COMMAND);
    qemu_put_be16(f, command);
    qemu_put_be16(f, len);
    if (len) {
        qemu_put_buffer(f, data, len);
    }
    qemu_fflush(f);
}

void qemu_savevm_send_open_return_path(QEMUFile *f)
{
    qemu_savevm_command_send(f, MIG_CMD_OPEN_RETURN_PATH, 0, NULL);
}

void qemu_savevm_send_ping(QEMUFile *f, uint32_t value)
{
    uint8_t buf[4] = { value >> 24, value >> 16, value >> 8, value };

    qemu_savevm_command_send(f, MIG_CMD_PING, sizeof(buf), buf);
}

void qemu_savevm_send_switchover_start(QEMUFile *f)
{
    qemu_savevm_command_send(f, MIG_CMD_SWITCHOVER_START, 0, NULL);
}

/* Destination */

static int qemu_loadvm_state_header(QEMUFile *f, Error **errp)
{
    uint32_t v;

    v = qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        return loadvm_file_error(f, "Failed to read the stream header", errp);
    }
    if (v != QEMU_VM_FILE_MAGIC) {
        error_setg(errp, "Not a migration stream (magic 0x%08" PRIx32 ")", v);
        return -EINVAL;
    }
    v = qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        return loadvm_file_error(f, "Failed to read the stream header", errp);
    }
    if (v == QEMU_VM_FILE_VERSION_COMPAT) {
        error_setg(errp, "SaveVM v2 format is obsolete and don't work "
                   "anymore");
        return -ENOTSUP;
    }
    if (v != QEMU_VM_FILE_VERSION) {
        error_setg(errp, "Unsupported migration stream version %" PRIu32, v);
        return -ENOTSUP;
    }
    if (migrate_send_configuration()) {
        uint8_t type = qemu_get_byte(f);

        if (qemu_file_get_error(f)) {
            return loadvm_file_error(f, "Configuration section missing",
                                     errp);
        }
        if (type != QEMU_VM_CONFIGURATION) {
            error_setg(errp, "Configuration section missing");
            return -EINVAL;
        }
        return savevm_configuration_load(f, errp) ? 0 : -EINVAL;
    }
    return 0;
}

static bool check_section_footer(QEMUFile *f, SaveStateEntry *se,
                                 Error **errp)
{
    uint8_t mark;
    uint32_t id;

    if (!migrate_send_section_footer()) {
        return true;
    }
    mark = qemu_get_byte(f);
    if (qemu_file_get_error(f)) {
        loadvm_file_error(f, "Read section footer failed", errp);
        return false;
    }
    if (mark != QEMU_VM_SECTION_FOOTER) {
        error_setg(errp, "Missing section footer for %s", se->idstr);
        return false;
    }
    id = qemu_get_be32(f);
    if (qemu_file_get_error(f)) {
        loadvm_file_error(f, "Read section footer failed", errp);
        return false;
    }
    if (id != (uint32_t)se->load_section_id) {
        error_setg(errp, "Mismatched section id in footer for %s - read 0x%"
                   PRIx32 " expected 0x%x", se->idstr, id,
                   se->load_section_id);
        return false;
    }
    return true;
}

/* The data of one section of @se (header read). */
static int loadvm_section_data(QEMUFile *f, SaveStateEntry *se,
                               Error **errp)
{
    int ret;

    ERRP_GUARD();
    if (se->vmsd) {
        return vmstate_load_state(f, se->vmsd, se->opaque,
                                  se->load_version_id, errp);
    }
    if (!se->ops->load_state) {
        error_setg(errp, "Section '%s' cannot be loaded here", se->idstr);
        return -EINVAL;
    }
    ret = se->ops->load_state(f, se->opaque, se->load_version_id, errp);
    if (ret >= 0 && qemu_file_get_error(f)) {
        ret = qemu_file_get_error(f);
    }
    if (ret < 0 && !*errp) {
        if (qemu_file_get_error(f)) {
            loadvm_file_error(f, "stream error", errp);
        } else {
            error_setg(errp, "load failed: %s", strerror(-ret));
        }
    }
    return ret;
}

static int qemu_loadvm_section_start_full(QEMUFile *f, Error **errp)
{
    uint32_t section_id, instance_id, version_id;
    char idstr[256];
    SaveStateEntry *se;
    uint8_t len;
    int ret;

    section_id = qemu_get_be32(f);
    len = qemu_get_byte(f);
    qemu_get_buffer(f, (uint8_t *)idstr, len);
    idstr[len] = '\0';
    if (qemu_file_get_error(f)) {
        error_setg(errp, "Unable to read ID string for section %" PRIu32,
                   section_id);
        return qemu_file_get_error(f);
    }
    instance_id = qemu_get_be32(f);
    version_id = qemu_get_be32(f);
    ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(errp, "Failed to read instance/version ID: %d", ret);
        return ret;
    }

    se = find_se(idstr, instance_id);
    if (!se) {
        error_setg(errp, "Unknown savevm section or instance '%s' %" PRIu32
                   ". Make sure that your current VM setup matches your "
                   "saved VM setup, including any hotplugged devices",
                   idstr, instance_id);
        return -EINVAL;
    }
    if (version_id > (uint32_t)se->version_id) {
        error_setg(errp, "savevm: unsupported version %" PRIu32
                   " for '%s' v%d", version_id, idstr, se->version_id);
        return -EINVAL;
    }
    if (section_id > INT32_MAX) {
        error_setg(errp, "Section id 0x%" PRIx32 " of '%s' is out of range",
                   section_id, idstr);
        return -EINVAL;
    }
    se->load_version_id = version_id;
    se->load_section_id = section_id;

    ret = loadvm_section_data(f, se, errp);
    if (ret < 0) {
        error_prepend(errp, "error while loading state for instance 0x%"
                      PRIx32 " of device '%s': ", instance_id, idstr);
        return ret;
    }
    return check_section_footer(f, se, errp) ? 0 : -EINVAL;
}

static int qemu_loadvm_section_part_end(QEMUFile *f, Error **errp)
{
    uint32_t section_id = qemu_get_be32(f);
    SaveStateEntry *se;
    int ret;

    ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(errp, "Failed to read section ID: %d", ret);
        return ret;
    }
    se = section_id > INT32_MAX ? NULL :
         savevm_find_by_load_section_id(section_id);
    if (!se) {
        error_setg(errp, "Unknown savevm section %" PRIu32, section_id);
        return -EINVAL;
    }
    ret = loadvm_section_data(f, se, errp);
    if (ret < 0) {
        error_prepend(errp, "error while loading state section id %" PRIu32
                      "(%s): ", section_id, se->idstr);
        return ret;
    }
    return check_section_footer(f, se, errp) ? 0 : -EINVAL;
}

static int loadvm_handle_advise(QEMUFile *f, LoadVMState *lv, uint16_t len,
                                Error **errp)
{
    if (lv->postcopy_advised) {
        error_setg(errp, "CMD_POSTCOPY_ADVISE in wrong postcopy state (1)");
        return -EINVAL;
    }
    lv->postcopy_advised = true;
    switch (len) {
    case 0:
        /* Only dirty-bitmap postcopy: nothing for RAM to do. */
        if (migrate_postcopy_ram()) {
            error_setg(errp, "RAM postcopy is enabled but have 0 byte "
                       "advise");
            return -EINVAL;
        }
        return 0;
    case 16:
        if (!migrate_postcopy_ram()) {
            error_setg(errp, "RAM postcopy is disabled but have 16 byte "
                       "advise");
            return -EINVAL;
        }
        error_setg(errp, "Postcopy is not supported by this build");
        return -ENOTSUP;
    default:
        error_setg(errp, "CMD_POSTCOPY_ADVISE invalid length (%d)", len);
        return -EINVAL;
    }
}

static int loadvm_process_command(QEMUFile *f, LoadVMState *lv,
                                  Error **errp)
{
    uint16_t cmd = qemu_get_be16(f);
    uint16_t len = qemu_get_be16(f);
    uint32_t value;

    if (qemu_file_get_error(f)) {
        return loadvm_file_error(f, "Failed to read a command", errp);
    }
    if (cmd >= MIG_CMD_MAX || cmd == MIG_CMD_INVALID) {
        error_setg(errp, "MIG_CMD 0x%x unknown (len 0x%x)", cmd, len);
        return -EINVAL;
    }
    if (mig_cmd_args[cmd].len != -1 && mig_cmd_args[cmd].len != len) {
        error_setg(errp, "loadvm_process_command received bad length for "
                   "%s: %d expected %d", mig_cmd_args[cmd].name, len,
                   mig_cmd_args[cmd].len);
        return -EINVAL;
    }

    switch (cmd) {
    case MIG_CMD_OPEN_RETURN_PATH:
        if (lv->return_path_open) {
            warn_report("CMD_OPEN_RETURN_PATH called when RP already open");
            return 0;
        }
        if (!migration_incoming_open_return_path(errp)) {
            error_prepend(errp, "CMD_OPEN_RETURN_PATH failed: ");
            return -EINVAL;
        }
        lv->return_path_open = true;
        return 0;
    case MIG_CMD_PING:
        value = qemu_get_be32(f);
        if (qemu_file_get_error(f)) {
            return loadvm_file_error(f, "Failed to read CMD_PING", errp);
        }
        if (!lv->return_path_open) {
            error_setg(errp, "CMD_PING (0x%" PRIx32 ") received with no "
                       "return path", value);
            return -EINVAL;
        }
        migration_incoming_send_pong(value);
        return 0;
    case MIG_CMD_POSTCOPY_ADVISE:
        return loadvm_handle_advise(f, lv, len, errp);
    case MIG_CMD_SWITCHOVER_START:
        /* No local device needs to prepare for the switchover. */
        return 0;
    case MIG_CMD_ENABLE_COLO:
        if (!migrate_colo()) {
            error_setg(errp, "ENABLE_COLO command come in migration stream, "
                       "but x-colo capability is not set");
        } else {
            error_setg(errp, "COLO is not supported by this build");
        }
        return -EINVAL;
    default:
        /* LISTEN, RUN, RAM_DISCARD, PACKAGED, RESUME, RECV_BITMAP */
        error_setg(errp, "MIG_CMD %s (0x%x) received, but postcopy is not "
                   "supported by this build", mig_cmd_args[cmd].name, cmd);
        return -ENOTSUP;
    }
}

static int qemu_loadvm_state_main(QEMUFile *f, LoadVMState *lv,
                                  Error **errp)
{
    for (;;) {
        uint8_t type = qemu_get_byte(f);
        int ret;

        if (qemu_file_get_error(f)) {
            return loadvm_file_error(f, "Failed to read the next record",
                                     errp);
        }
        switch (type) {
        case QEMU_VM_SECTION_START:
        case QEMU_VM_SECTION_FULL:
            ret = qemu_loadvm_section_start_full(f, errp);
            break;
        case QEMU_VM_SECTION_PART:
        case QEMU_VM_SECTION_END:
            ret = qemu_loadvm_section_part_end(f, errp);
            break;
        case QEMU_VM_COMMAND:
            ret = loadvm_process_command(f, lv, errp);
            break;
        case QEMU_VM_EOF:
            return 0;
        default:
            error_setg(errp, "Unknown savevm section type %d", type);
            return -EINVAL;
        }
        if (ret < 0) {
            return ret;
        }
    }
}

static int qemu_loadvm_state_setup(QEMUFile *f, Error **errp)
{
    SaveStateEntry *se;
    int ret;

    ERRP_GUARD();
    SAVEVM_FOREACH(se) {
        se->load_section_id = -1;
        se->load_version_id = 0;
        if (!se->ops || !se->ops->load_setup || !se_is_active(se)) {
            continue;
        }
        ret = se->ops->load_setup(f, se->opaque, errp);
        if (ret < 0) {
            if (!*errp) {
                error_setg(errp, "Load state of device %s failed",
                           se->idstr);
            }
            return ret;
        }
    }
    return 0;
}

static void qemu_loadvm_state_cleanup(void)
{
    SaveStateEntry *se;

    SAVEVM_FOREACH(se) {
        if (se->ops && se->ops->load_cleanup) {
            se->ops->load_cleanup(se->opaque);
        }
    }
}

/* After EOF: read and drop the VMDESCRIPTION trailer if there is one. */
static void qemu_loadvm_skip_vmdesc(QEMUFile *f)
{
    uint8_t buf[4096];
    uint32_t size;
    int type = qemu_peek_byte(f, 0);

    if (qemu_file_get_error(f)) {
        return;
    }
    if (type != QEMU_VM_VMDESCRIPTION) {
        /* A valid state without the trailer only earns a warning. */
        warn_report("Expected vmdescription section, but got %d", type);
        return;
    }
    qemu_file_skip(f, 1);
    size = qemu_get_be32(f);
    while (size > 0 && !qemu_file_get_error(f)) {
        uint32_t chunk = MIN(size, sizeof(buf));

        qemu_get_buffer(f, buf, chunk);
        size -= chunk;
    }
}

int qemu_loadvm_state(QEMUFile *f, Error **errp)
{
    LoadVMState lv = { 0 };
    int ret;

    ERRP_GUARD();
    if (savevm_state_blocked(errp)) {
        return -EINVAL;
    }
    global_state_reset_received();
    ret = qemu_loadvm_state_header(f, errp);
    if (ret == 0) {
        ret = qemu_loadvm_state_setup(f, errp);
    }
    if (ret == 0) {
        ret = qemu_loadvm_state_main(f, &lv, errp);
    }
    if (ret == 0) {
        qemu_loadvm_skip_vmdesc(f);
    }
    qemu_loadvm_state_cleanup();
    if (ret < 0) {
        if (!*errp) {
            error_setg(errp, "Loading VM state failed: %d", ret);
        }
        qemu_file_set_error_obj(f, ret, error_copy(*errp));
    }
    return ret;
}
