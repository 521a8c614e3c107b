/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration record of the main stream (wire-format.md 1.5): the
 * machine type and the subsections QEMU 10.2 sends (target-page-bits,
 * capabilities, uuid), and their checks on the destination.  Called by
 * migration/savevm.c; API in migration/savevm.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/uuid.h"
#include "hw/boards.h"
#include "system/system.h"
#include "migration/options.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"

/* Target page bits of x86, and the legacy value a missing subsection means. */
#define SAVEVM_PAGE_BITS TARGET_PAGE_BITS
#define SAVEVM_PAGE_BITS_LEGACY 12

/*
 * The configuration record's state.  One instance for the outgoing
 * migration (migration thread), one for the incoming one (incoming
 * thread): the name buffer is reallocated by each.
 */
typedef struct SaveConfig {
    uint32_t len;
    uint8_t *name;              /* len bytes, no NUL on the wire */
    uint32_t target_page_bits;
    uint32_t caps_count;
    MigrationCapability *capabilities;
    QemuUUID uuid;
} SaveConfig;

/* Outgoing (migration thread) and incoming (incoming thread) copies. */
static SaveConfig savevm_config_out;
static SaveConfig savevm_config_in;

static const char *savevm_machine_name(void)
{
    return current_machine ? MACHINE_GET_CLASS(current_machine)->name : NULL;
}

/* Capabilities whose on/off state both sides must agree on. */
static bool should_validate_capability(int capability)
{
    return capability == MIGRATION_CAPABILITY_X_IGNORE_SHARED ||
           capability == MIGRATION_CAPABILITY_MAPPED_RAM;
}

static uint32_t validated_capabilities_count(void)
{
    MigrationState *s = migrate_get_current();
    uint32_t n = 0;
    int i;

    for (i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        n += should_validate_capability(i) && s->capabilities[i];
    }
    return n;
}

static int configuration_pre_save(void *opaque)
{
    SaveConfig *c = opaque;
    MigrationState *s = migrate_get_current();
    const char *name = savevm_machine_name();
    int i, j;

    name = name ? name : "";
    g_free(c->name);
    c->len = strlen(name);
    c->name = (uint8_t *)g_strdup(name);
    c->target_page_bits = SAVEVM_PAGE_BITS;
    c->caps_count = validated_capabilities_count();
    g_free(c->capabilities);
    c->capabilities = g_new0(MigrationCapability, c->caps_count + 1);
    for (i = j = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (should_validate_capability(i) && s->capabilities[i]) {
            c->capabilities[j++] = i;
        }
    }
    c->uuid = qemu_uuid;
    return 0;
}

static int configuration_pre_load(void *opaque)
{
    SaveConfig *c = opaque;

    /* No target-page-bits subsection: the source uses the legacy value. */
    c->target_page_bits = SAVEVM_PAGE_BITS_LEGACY;
    c->caps_count = 0;
    return 0;
}

static bool configuration_validate_capabilities(SaveConfig *c, Error **errp)
{
    MigrationState *s = migrate_get_current();
    bool source[MIGRATION_CAPABILITY__MAX] = { false };
    g_autoptr(GString) msg = g_string_new(NULL);
    uint32_t i;

    for (i = 0; i < c->caps_count; i++) {
        source[c->capabilities[i]] = true;
    }
    /* Every mismatch is reported, not just the first. */
    for (i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (!should_validate_capability(i) || source[i] == s->capabilities[i]) {
            continue;
        }
        g_string_append_printf(msg, "%sCapability %s is %s, but received "
                               "capability is %s", msg->len ? "; " : "",
                               MigrationCapability_str(i),
                               s->capabilities[i] ? "on" : "off",
                               source[i] ? "on" : "off");
    }
    if (msg->len) {
        error_setg(errp, "%s", msg->str);
        return false;
    }
    return true;
}

static bool configuration_post_load(void *opaque, int version_id,
                                    Error **errp)
{
    SaveConfig *c = opaque;
    const char *local = savevm_machine_name();
    bool ok = false;

    if (!local) {
        error_setg(errp, "No machine to check the incoming machine type "
                   "'%.*s' against", (int)c->len, (char *)c->name);
    } else if (c->len && strncmp((char *)c->name, local, c->len) != 0) {
        /* Only len bytes are compared: QEMU's prefix quirk (1.5). */
        error_setg(errp, "Machine type received is '%.*s' and local is '%s'",
                   (int)c->len, (char *)c->name, local);
    } else if (c->target_page_bits != SAVEVM_PAGE_BITS) {
        error_setg(errp, "Received TARGET_PAGE_BITS is %" PRIu32
                   " but local is %d", c->target_page_bits, SAVEVM_PAGE_BITS);
    } else {
        ok = configuration_validate_capabilities(c, errp);
    }
    g_free(c->name);
    c->name = NULL;
    c->len = 0;
    g_free(c->capabilities);
    c->capabilities = NULL;
    c->caps_count = 0;
    return ok;
}

static bool vmstate_target_page_bits_needed(void *opaque)
{
    return SAVEVM_PAGE_BITS > SAVEVM_PAGE_BITS_LEGACY;
}

static const VMStateDescription vmstate_target_page_bits = {
    .name = "configuration/target-page-bits",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = vmstate_target_page_bits_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(target_page_bits, SaveConfig),
        VMSTATE_END_OF_LIST()
    }
};

/* A capability on the wire: counted string with its QAPI name. */
static int get_capability(QEMUFile *f, void *pv, size_t size,
                          const VMStateField *field, Error **errp)
{
    MigrationCapability *capability = pv;
    char name[UINT8_MAX + 1];
    uint8_t len = qemu_get_byte(f);
    int i;

    qemu_get_buffer(f, (uint8_t *)name, len);
    name[len] = '\0';
    if (qemu_file_get_error(f)) {
        return qemu_file_get_error(f);
    }
    for (i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (!strcmp(MigrationCapability_str(i), name)) {
            *capability = i;
            return 0;
        }
    }
    error_setg(errp, "Received unknown capability %s", name);
    return -EINVAL;
}

static int put_capability(QEMUFile *f, void *pv, size_t size,
                          const VMStateField *field, JSONWriter *vmdesc,
                          Error **errp)
{
    const char *name = MigrationCapability_str(*(MigrationCapability *)pv);
    size_t len = strlen(name);

    qemu_put_byte(f, len);
    qemu_put_buffer(f, (const uint8_t *)name, len);
    return 0;
}

static const VMStateInfo vmstate_info_capability = {
    .name = "capability",
    .get = get_capability,
    .put = put_capability,
};

static bool vmstate_capabilities_needed(void *opaque)
{
    return validated_capabilities_count() > 0;
}

static const VMStateDescription vmstate_capabilities = {
    .name = "configuration/capabilities",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = vmstate_capabilities_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_V(caps_count, SaveConfig, 1),
        VMSTATE_VARRAY_UINT32_ALLOC(capabilities, SaveConfig, caps_count, 1,
                                    vmstate_info_capability,
                                    MigrationCapability,
                                    MIGRATION_CAPABILITY__MAX),
        VMSTATE_END_OF_LIST()
    }
};

static bool vmstate_uuid_needed(void *opaque)
{
    return qemu_uuid_set && migrate_validate_uuid();
}

static bool vmstate_uuid_post_load(void *opaque, int version_id,
                                   Error **errp)
{
    SaveConfig *c = opaque;
    char uuid_src[UUID_STR_LEN];
    char uuid_dst[UUID_STR_LEN];

    qemu_uuid_unparse(&c->uuid, uuid_src);
    if (!qemu_uuid_set) {
        /* The user may not know the UUID (an old snapshot, say). */
        warn_report("UUID is received %s, but local uuid isn't set",
                    uuid_src);
        return true;
    }
    if (!qemu_uuid_is_equal(&c->uuid, &qemu_uuid)) {
        qemu_uuid_unparse(&qemu_uuid, uuid_dst);
        error_setg(errp, "UUID received is %s and local is %s", uuid_src,
                   uuid_dst);
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_uuid = {
    .name = "configuration/uuid",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = vmstate_uuid_needed,
    .post_load_errp = vmstate_uuid_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_ARRAY(uuid.data, SaveConfig, sizeof(QemuUUID), 1,
                      vmstate_info_uint8, uint8_t),
        VMSTATE_END_OF_LIST()
    }
};

/* Machine names are short; a longer length cannot match any local one. */
#define SAVEVM_MACHINE_NAME_MAX 256

static const VMStateDescription vmstate_configuration = {
    .name = "configuration",
    .version_id = 1,
    .pre_load = configuration_pre_load,
    .post_load_errp = configuration_post_load,
    .pre_save = configuration_pre_save,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(len, SaveConfig),
        VMSTATE_VBUFFER_ALLOC_UINT32(name, SaveConfig, 0, NULL, len,
                                     SAVEVM_MACHINE_NAME_MAX),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_target_page_bits,
        &vmstate_capabilities,
        &vmstate_uuid,
        NULL
    }
};

bool savevm_configuration_save(QEMUFile *f, JSONWriter *vmdesc, Error **errp)
{
    return vmstate_save_state(f, &vmstate_configuration, &savevm_config_out,
                              vmdesc, errp) == 0;
}

bool savevm_configuration_load(QEMUFile *f, Error **errp)
{
    /* No version on the wire: loaded as version 0. */
    return vmstate_load_state(f, &vmstate_configuration, &savevm_config_in,
                              0, errp) == 0;
}
