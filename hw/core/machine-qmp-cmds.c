/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP commands about machine types: query-machines.
 * Threads: main thread, BQL.
 */
#include "qemu/osdep.h"

#include "hw/boards.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-machine.h"

static CompatPropertyList *machine_compat_props(MachineClass *mc)
{
    CompatPropertyList *head = NULL, **tail = &head;
    guint i;
    size_t j;

    for (i = 0; mc->compat_props && i < mc->compat_props->len; i++) {
        GlobalPropArray *arr = g_ptr_array_index(mc->compat_props, i);

        for (j = 0; j < arr->n; j++) {
            CompatProperty *cp = g_new0(CompatProperty, 1);
            CompatPropertyList *node = g_new0(CompatPropertyList, 1);

            cp->qom_type = g_strdup(arr->props[j].driver);
            cp->property = g_strdup(arr->props[j].property);
            cp->value = g_strdup(arr->props[j].value);
            node->value = cp;
            *tail = node;
            tail = &node->next;
        }
    }
    return head;
}

MachineInfoList *qmp_query_machines(bool has_compat_props, bool compat_props,
                                    Error **errp)
{
    GSList *list = machine_class_list(), *l;
    MachineInfoList *head = NULL;

    /* Prepending reverses the help order, as QEMU's reply does. */
    for (l = list; l; l = l->next) {
        MachineClass *mc = l->data;
        MachineInfo *info = g_new0(MachineInfo, 1);
        MachineInfoList *node = g_new0(MachineInfoList, 1);

        info->name = g_strdup(mc->name);
        info->alias = g_strdup(mc->alias);
        if (mc->is_default) {
            info->has_is_default = true;
            info->is_default = true;
        }
        info->cpu_max = mc->max_cpus;
        info->hotpluggable_cpus = mc->hotpluggable_cpus;
        info->numa_mem_supported = mc->numa_mem_supported;
        info->deprecated = mc->deprecated;
        info->default_cpu_type = g_strdup(mc->default_cpu_type);
        info->default_ram_id = g_strdup(mc->default_ram_id);
        info->acpi = mc->acpi;
        if (has_compat_props && compat_props) {
            info->has_compat_props = true;
            info->compat_props = machine_compat_props(mc);
        }
        node->value = info;
        node->next = head;
        head = node;
    }
    g_slist_free(list);
    return head;
}
