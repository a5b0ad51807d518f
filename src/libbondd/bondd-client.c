/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BonddClient.  bondd exports its bonds as NetworkManager device objects
 * with the extra interface org.bondd.Device.Bond, under the ObjectManager
 * at /org/freedesktop of org.freedesktop.NetworkManager
 * (docs/dbus-surface.md §2, §7).  A generated ObjectManager client follows
 * that tree, including bondd's restarts (it watches the name's owner); a
 * device object that has bondd's interface is a bond.
 */
#include "bondd-bond-private.h"

#define BONDD_BUS_NAME         "org.freedesktop.NetworkManager"
#define BONDD_MANAGER_PATH     "/org/freedesktop"
#define BONDD_BOND_INTERFACE   "org.bondd.Device.Bond"
#define BONDD_DEVICE_INTERFACE "org.freedesktop.NetworkManager.Device"

enum {
    PROP_0,
    PROP_DAEMON_RUNNING,
    N_PROPS,
};

static GParamSpec *props[N_PROPS];

enum {
    SIGNAL_BOND_ADDED,
    SIGNAL_BOND_REMOVED,
    N_SIGNALS,
};

static guint signals[N_SIGNALS];

struct _BonddClient {
    GObject parent_instance;
    GDBusObjectManager *manager;
    GHashTable *bonds;       /* object path -> BonddBond */
    gboolean daemon_running; /* last value notified */
};

static void bondd_client_initable_iface_init(GInitableIface *iface);
static void bondd_client_async_initable_iface_init(GAsyncInitableIface *iface);

G_DEFINE_TYPE_WITH_CODE(BonddClient, bondd_client, G_TYPE_OBJECT,
                        G_IMPLEMENT_INTERFACE(G_TYPE_INITABLE, bondd_client_initable_iface_init)
                            G_IMPLEMENT_INTERFACE(G_TYPE_ASYNC_INITABLE,
                                                  bondd_client_async_initable_iface_init))

/* A device object is a bond while it has bondd's interface (and the
 * device's, which names it: the object manager may announce them apart). */
static void
consider_object(BonddClient *self, GDBusObject *object)
{
    const char *path = g_dbus_object_get_object_path(object);
    BonddBond *bond = g_hash_table_lookup(self->bonds, path);

    if (bond) {
        bondd_bond_rebind(bond);
        return;
    }
    if (!BONDD_DBUS_IS_OBJECT(object) ||
        !bondd_dbus_object_peek_device_bond(BONDD_DBUS_OBJECT(object)) ||
        !bondd_dbus_object_peek_nmdevice(BONDD_DBUS_OBJECT(object)))
        return;
    bond = bondd_bond_new(BONDD_DBUS_OBJECT(object));
    g_hash_table_insert(self->bonds, g_strdup(path), bond);
    g_signal_emit(self, signals[SIGNAL_BOND_ADDED], 0, bond);
}

static void
forget_object(BonddClient *self, GDBusObject *object)
{
    const char *path = g_dbus_object_get_object_path(object);
    g_autoptr(BonddBond) bond = NULL;
    g_autofree char *key = NULL;

    if (!g_hash_table_steal_extended(self->bonds, path, (gpointer *)&key, (gpointer *)&bond))
        return;
    g_signal_emit(self, signals[SIGNAL_BOND_REMOVED], 0, bond);
}

static void
on_object_added(GDBusObjectManager *manager, GDBusObject *object, BonddClient *self)
{
    consider_object(self, object);
}

static void
on_object_removed(GDBusObjectManager *manager, GDBusObject *object, BonddClient *self)
{
    forget_object(self, object);
}

static void
on_interface_added(GDBusObjectManager *manager, GDBusObject *object, GDBusInterface *iface,
                   BonddClient *self)
{
    consider_object(self, object);
}

static void
on_interface_removed(GDBusObjectManager *manager, GDBusObject *object, GDBusInterface *iface,
                     BonddClient *self)
{
    GDBusInterfaceInfo *info = g_dbus_interface_get_info(iface);

    if (info && (g_str_equal(info->name, BONDD_BOND_INTERFACE) ||
                 g_str_equal(info->name, BONDD_DEVICE_INTERFACE)))
        forget_object(self, object);
}

static gboolean
has_name_owner(GDBusObjectManager *manager)
{
    g_autofree char *owner =
        g_dbus_object_manager_client_get_name_owner(G_DBUS_OBJECT_MANAGER_CLIENT(manager));

    return owner != NULL;
}

/* The manager notifies name-owner more than once around a change (before
 * and after it has read the new owner's objects): notify only real
 * changes. */
static void
on_name_owner(GObject *manager, GParamSpec *pspec, BonddClient *self)
{
    gboolean running = has_name_owner(self->manager);

    if (running == self->daemon_running)
        return;
    self->daemon_running = running;
    g_object_notify_by_pspec(G_OBJECT(self), props[PROP_DAEMON_RUNNING]);
}

static void
follow_manager(BonddClient *self, GDBusObjectManager *manager)
{
    g_autolist(GDBusObject) objects = NULL;

    self->manager = manager;
    self->daemon_running = has_name_owner(manager);
    g_signal_connect(manager, "object-added", G_CALLBACK(on_object_added), self);
    g_signal_connect(manager, "object-removed", G_CALLBACK(on_object_removed), self);
    g_signal_connect(manager, "interface-added", G_CALLBACK(on_interface_added), self);
    g_signal_connect(manager, "interface-removed", G_CALLBACK(on_interface_removed), self);
    g_signal_connect(manager, "notify::name-owner", G_CALLBACK(on_name_owner), self);
    objects = g_dbus_object_manager_get_objects(manager);
    for (GList *l = objects; l; l = l->next)
        consider_object(self, l->data);
}

static gboolean
bondd_client_initable_init(GInitable *initable, GCancellable *cancellable, GError **error)
{
    BonddClient *self = BONDD_CLIENT(initable);
    GDBusObjectManager *manager = bondd_dbus_object_manager_client_new_for_bus_sync(
        G_BUS_TYPE_SYSTEM, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE, BONDD_BUS_NAME,
        BONDD_MANAGER_PATH, cancellable, error);

    if (!manager)
        return FALSE;
    follow_manager(self, manager);
    return TRUE;
}

static void
bondd_client_initable_iface_init(GInitableIface *iface)
{
    iface->init = bondd_client_initable_init;
}

static void
manager_ready(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    GDBusObjectManager *manager =
        bondd_dbus_object_manager_client_new_for_bus_finish(result, &error);

    if (!manager) {
        g_task_return_error(task, error);
        return;
    }
    follow_manager(g_task_get_source_object(task), manager);
    g_task_return_boolean(task, TRUE);
}

static void
bondd_client_init_async(GAsyncInitable *initable, int io_priority, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new(initable, cancellable, callback, user_data);

    g_task_set_source_tag(task, bondd_client_init_async);
    bondd_dbus_object_manager_client_new_for_bus(
        G_BUS_TYPE_SYSTEM, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE, BONDD_BUS_NAME,
        BONDD_MANAGER_PATH, cancellable, manager_ready, task);
}

static gboolean
bondd_client_init_finish(GAsyncInitable *initable, GAsyncResult *result, GError **error)
{
    return g_task_propagate_boolean(G_TASK(result), error);
}

static void
bondd_client_async_initable_iface_init(GAsyncInitableIface *iface)
{
    iface->init_async = bondd_client_init_async;
    iface->init_finish = bondd_client_init_finish;
}

static void
bondd_client_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
    BonddClient *self = BONDD_CLIENT(object);

    switch (prop_id) {
        case PROP_DAEMON_RUNNING:
            g_value_set_boolean(value, bondd_client_get_daemon_running(self));
            break;
        default:
            G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void
bondd_client_dispose(GObject *object)
{
    BonddClient *self = BONDD_CLIENT(object);

    if (self->manager)
        g_signal_handlers_disconnect_by_data(self->manager, self);
    g_hash_table_remove_all(self->bonds);
    g_clear_object(&self->manager);
    G_OBJECT_CLASS(bondd_client_parent_class)->dispose(object);
}

static void
bondd_client_finalize(GObject *object)
{
    g_hash_table_unref(BONDD_CLIENT(object)->bonds);
    G_OBJECT_CLASS(bondd_client_parent_class)->finalize(object);
}

static void
bondd_client_class_init(BonddClientClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->get_property = bondd_client_get_property;
    object_class->dispose = bondd_client_dispose;
    object_class->finalize = bondd_client_finalize;

    /**
     * BonddClient:daemon-running:
     *
     * Whether bondd is running (owns its bus name).  When it stops, every
     * bond is removed; when it starts, its bonds are added.
     */
    props[PROP_DAEMON_RUNNING] =
        g_param_spec_boolean("daemon-running", NULL, "Whether bondd is running", FALSE,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties(object_class, N_PROPS, props);

    /**
     * BonddClient::bond-added:
     * @client: the client
     * @bond: the bond
     *
     * bondd manages a new bond (or bondd started).
     */
    signals[SIGNAL_BOND_ADDED] =
        g_signal_new("bond-added", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 1, BONDD_TYPE_BOND);
    /**
     * BonddClient::bond-removed:
     * @client: the client
     * @bond: the bond
     *
     * A bond is gone (or bondd stopped).
     */
    signals[SIGNAL_BOND_REMOVED] =
        g_signal_new("bond-removed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                     NULL, G_TYPE_NONE, 1, BONDD_TYPE_BOND);
}

static void
bondd_client_init(BonddClient *self)
{
    self->bonds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * bondd_client_new:
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Connects to the system bus and reads the bonds bondd manages.  Blocks:
 * see bondd_client_new_async().  Succeeds when bondd is not running (see
 * #BonddClient:daemon-running); its bonds then appear when it starts.
 *
 * Returns: (transfer full): a new client, or %NULL with @error set
 */
BonddClient *
bondd_client_new(GCancellable *cancellable, GError **error)
{
    return g_initable_new(BONDD_TYPE_CLIENT, cancellable, error, NULL);
}

/**
 * bondd_client_new_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the client is ready
 * @user_data: for @callback
 *
 * Makes a client without blocking; finish with bondd_client_new_finish().
 */
void
bondd_client_new_async(GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
    g_async_initable_new_async(BONDD_TYPE_CLIENT, G_PRIORITY_DEFAULT, cancellable, callback,
                               user_data, NULL);
}

/**
 * bondd_client_new_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a new client, or %NULL with @error set
 */
BonddClient *
bondd_client_new_finish(GAsyncResult *result, GError **error)
{
    g_autoptr(GObject) source = g_async_result_get_source_object(result);
    GObject *client = g_async_initable_new_finish(G_ASYNC_INITABLE(source), result, error);

    return client ? BONDD_CLIENT(client) : NULL;
}

/**
 * bondd_client_get_daemon_running:
 * @client: a client
 *
 * Returns: whether bondd is running
 */
gboolean
bondd_client_get_daemon_running(BonddClient *client)
{
    g_autofree char *owner = NULL;

    g_return_val_if_fail(BONDD_IS_CLIENT(client), FALSE);
    owner =
        g_dbus_object_manager_client_get_name_owner(G_DBUS_OBJECT_MANAGER_CLIENT(client->manager));
    return owner != NULL;
}

static int
compare_bonds(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(bondd_bond_get_name(*(BonddBond **)a), bondd_bond_get_name(*(BonddBond **)b));
}

/**
 * bondd_client_get_bonds:
 * @client: a client
 *
 * Returns: (transfer container) (element-type BonddBond): the bonds bondd
 *   manages, sorted by name
 */
GPtrArray *
bondd_client_get_bonds(BonddClient *client)
{
    GPtrArray *bonds;
    GHashTableIter iter;
    gpointer bond;

    g_return_val_if_fail(BONDD_IS_CLIENT(client), NULL);
    bonds = g_ptr_array_new_with_free_func(g_object_unref);
    g_hash_table_iter_init(&iter, client->bonds);
    while (g_hash_table_iter_next(&iter, NULL, &bond))
        g_ptr_array_add(bonds, g_object_ref(bond));
    g_ptr_array_sort(bonds, compare_bonds);
    return bonds;
}

/**
 * bondd_client_get_bond:
 * @client: a client
 * @name: a bond's interface name
 *
 * Returns: (transfer none) (nullable): the bond called @name
 */
BonddBond *
bondd_client_get_bond(BonddClient *client, const char *name)
{
    GHashTableIter iter;
    gpointer bond;

    g_return_val_if_fail(BONDD_IS_CLIENT(client), NULL);
    g_hash_table_iter_init(&iter, client->bonds);
    while (g_hash_table_iter_next(&iter, NULL, &bond)) {
        if (g_strcmp0(bondd_bond_get_name(bond), name) == 0)
            return bond;
    }
    return NULL;
}
