/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqtest: spawn the binary under test and talk QMP and the qtest
 * protocol to it (API and rules: libqtest.h, docs/devel/qtest.md).
 *
 * Process hygiene: every child pid is recorded in a fixed array that the
 * fatal-signal handler and the atexit hook walk to SIGKILL what is left;
 * children also get PR_SET_PDEATHSIG so that even a SIGKILLed test
 * program leaves nothing behind.  Single-threaded (see libqtest.h).
 */
#include "qemu/osdep.h"
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "qapi/error.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "libqtest-internal.h"

#define MAX_CHILDREN 64
#define MAX_TMP_PATHS 256


/* Read by the signal handler: plain fixed arrays, no allocation. */
static volatile pid_t child_pids[MAX_CHILDREN];
static char *tmp_paths[MAX_TMP_PATHS];
static volatile int n_tmp_paths;
static char *tmp_dir;
static bool cleanup_installed;

/*
 * Timeouts and cleanup
 */

int64_t qtest_timeout_ms(void)
{
    const char *env = getenv("QTEST_TIMEOUT");
    long secs = env ? atol(env) : 0;

    return (secs > 0 ? secs : 60) * 1000;
}

int64_t qtest_now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static void kill_children(void)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
        pid_t pid = child_pids[i];

        if (pid > 0) {
            kill(pid, SIGKILL);
        }
    }
}

static void remove_tmp_files(void)
{
    for (int i = 0; i < n_tmp_paths; i++) {
        if (tmp_paths[i]) {
            unlink(tmp_paths[i]);
        }
    }
    if (tmp_dir) {
        rmdir(tmp_dir);
    }
}

static void fatal_signal_handler(int sig)
{
    /* kill(), unlink() and rmdir() are async-signal-safe. */
    kill_children();
    remove_tmp_files();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void cleanup_at_exit(void)
{
    kill_children();
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (child_pids[i] > 0) {
            waitpid(child_pids[i], NULL, 0);
            child_pids[i] = 0;
        }
    }
    remove_tmp_files();
}

static void install_cleanup(void)
{
    static const int sigs[] = {
        SIGABRT, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT,
        SIGHUP, SIGQUIT,
    };
    struct sigaction sa = { .sa_handler = fatal_signal_handler };

    if (cleanup_installed) {
        return;
    }
    cleanup_installed = true;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
    atexit(cleanup_at_exit);
}

static void child_add(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (!child_pids[i]) {
            child_pids[i] = pid;
            return;
        }
    }
    kill(pid, SIGKILL);
    g_error("libqtest: more than %d QEMU processes at once", MAX_CHILDREN);
}

void qtest_child_del(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (child_pids[i] == pid) {
            child_pids[i] = 0;
        }
    }
}

void qtest_remove_at_exit(const char *path)
{
    install_cleanup();
    g_assert(n_tmp_paths < MAX_TMP_PATHS);
    tmp_paths[n_tmp_paths] = g_strdup(path);
    n_tmp_paths++;
}

char *qtest_tmp_path(const char *name)
{
    static unsigned counter;
    char *path;

    install_cleanup();
    if (!tmp_dir) {
        GError *err = NULL;

        tmp_dir = g_dir_make_tmp("qtest-XXXXXX", &err);
        g_assert_no_error(err);
    }
    g_assert(n_tmp_paths < MAX_TMP_PATHS);
    path = g_strdup_printf("%s/%u-%s", tmp_dir, counter++, name);
    tmp_paths[n_tmp_paths] = g_strdup(path);
    n_tmp_paths++;
    return path;
}

/*
 * The binary and its version
 */

const char *qtest_qemu_binary(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    if (!bin || !*bin) {
        printf("SKIP: QTEST_QEMU_BINARY is not set\n");
        exit(77);
    }
    if (access(bin, X_OK) != 0) {
        printf("SKIP: QTEST_QEMU_BINARY %s is not an executable: %s\n", bin,
               strerror(errno));
        exit(77);
    }
    return bin;
}

const char *qtest_get_arch(void)
{
    const char *bin = qtest_qemu_binary();
    const char *name = strrchr(bin, '/');
    const char *arch = strstr(name ? name : bin, "qemu-system-");

    g_assert(arch);
    return arch + strlen("qemu-system-");
}

/* fork/exec @argv with stdout/stderr to pipes if @out/@err; registered. */
static pid_t spawn(char **argv, int *out_fd, int *err_fd)
{
    int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
    pid_t pid;

    install_cleanup();
    if (out_fd) {
        g_assert(pipe2(out_pipe, O_CLOEXEC) == 0);
    }
    if (err_fd) {
        g_assert(pipe2(err_pipe, O_CLOEXEC) == 0);
    }
    pid = fork();
    g_assert(pid >= 0);
    if (pid == 0) {
        /* Die with the test program whatever kills it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() == 1) {
            _exit(127);
        }
        if (out_fd) {
            dup2(out_pipe[1], STDOUT_FILENO);
        }
        if (err_fd) {
            dup2(err_pipe[1], STDERR_FILENO);
        }
        execv(argv[0], argv);
        fprintf(stderr, "libqtest: cannot run %s: %s\n", argv[0],
                strerror(errno));
        _exit(127);
    }
    child_add(pid);
    if (out_fd) {
        close(out_pipe[1]);
        *out_fd = out_pipe[0];
    }
    if (err_fd) {
        close(err_pipe[1]);
        *err_fd = err_pipe[0];
    }
    return pid;
}

/* waitpid with a deadline; SIGKILL once it passes.  Returns the status. */
static int reap(pid_t pid, int64_t timeout_ms)
{
    int64_t deadline = qtest_now_ms() + timeout_ms;
    int status = 0;

    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);

        if (r == pid) {
            break;
        }
        g_assert(r == 0 || errno == EINTR);
        if (qtest_now_ms() > deadline) {
            fprintf(stderr, "libqtest: QEMU %d did not exit, killing it\n",
                    (int)pid);
            kill(pid, SIGKILL);
            g_assert(waitpid(pid, &status, 0) == pid);
            break;
        }
        g_usleep(10 * 1000);
    }
    qtest_child_del(pid);
    return status;
}

int qtest_run_qemu(const char *args, char **out, char **err)
{
    g_autoptr(GString) obuf = g_string_new(NULL);
    g_autoptr(GString) ebuf = g_string_new(NULL);
    g_autofree char *cmdline = g_strdup_printf("%s %s", qtest_qemu_binary(),
                                               args);
    g_auto(GStrv) argv = NULL;
    GError *gerr = NULL;
    int fds[2];
    int64_t deadline = qtest_now_ms() + qtest_timeout_ms();
    pid_t pid;
    int open_fds = 2;

    g_shell_parse_argv(cmdline, NULL, &argv, &gerr);
    g_assert_no_error(gerr);
    pid = spawn(argv, &fds[0], &fds[1]);
    while (open_fds && qtest_now_ms() < deadline) {
        struct pollfd pfd[2] = {
            { .fd = fds[0], .events = POLLIN },
            { .fd = fds[1], .events = POLLIN },
        };
        char buf[4096];

        if (poll(pfd, 2, 100) < 0) {
            g_assert(errno == EINTR);
            continue;
        }
        for (int i = 0; i < 2; i++) {
            ssize_t n;

            if (fds[i] < 0 || !pfd[i].revents) {
                continue;
            }
            n = read(fds[i], buf, sizeof(buf));
            if (n > 0) {
                g_string_append_len(i ? ebuf : obuf, buf, n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i]);
                fds[i] = -1;
                open_fds--;
            }
        }
    }
    for (int i = 0; i < 2; i++) {
        if (fds[i] >= 0) {
            close(fds[i]);
        }
    }
    if (out) {
        *out = g_strdup(obuf->str);
    }
    if (err) {
        *err = g_strdup(ebuf->str);
    }
    return reap(pid, MAX(deadline - qtest_now_ms(), 0));
}

static int peer_major = -1, peer_minor, peer_micro;
static char peer_version_str[64];

void qtest_peer_version(int *major, int *minor, int *micro)
{
    if (peer_major < 0) {
        g_autofree char *out = NULL;
        const char *v;
        int status = qtest_run_qemu("--version", &out, NULL);

        g_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        v = strstr(out, "version ");
        if (!v || sscanf(v + 8, "%d.%d.%d", &peer_major, &peer_minor,
                         &peer_micro) != 3) {
            g_error("libqtest: cannot find the version in '%s'", out);
        }
        snprintf(peer_version_str, sizeof(peer_version_str), "%d.%d.%d",
                 peer_major, peer_minor, peer_micro);
    }
    *major = peer_major;
    *minor = peer_minor;
    *micro = peer_micro;
}

bool qtest_peer_at_least(int major, int minor)
{
    int ma, mi, mc;

    qtest_peer_version(&ma, &mi, &mc);
    return ma > major || (ma == major && mi >= minor);
}

const char *qtest_shared_machine(void)
{
    return qtest_peer_at_least(10, 0) ? "none" : "pc";
}

const char *qtest_peer_version_str(void)
{
    int ma, mi, mc;

    qtest_peer_version(&ma, &mi, &mc);
    return peer_version_str;
}

bool qtest_peer_has_accel(const char *accel)
{
    static GHashTable *cache;
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;
    gpointer hit;
    bool found = false;

    if (!cache) {
        cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    if (g_hash_table_lookup_extended(cache, accel, NULL, &hit)) {
        return GPOINTER_TO_INT(hit);
    }
    qtest_run_qemu("-accel help", &out, NULL);
    lines = g_strsplit(out, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        found |= !strcmp(g_strstrip(lines[i]), accel);
    }
    g_hash_table_insert(cache, g_strdup(accel), GINT_TO_POINTER(found));
    return found;
}

typedef struct SinceTest {
    int major, minor;
    void (*fn)(void);
} SinceTest;

static void run_since_test(gconstpointer opaque)
{
    const SinceTest *t = opaque;

    if (!qtest_peer_at_least(t->major, t->minor)) {
        g_autofree char *why = g_strdup_printf(
            "needs QEMU >= %d.%d behaviour, the binary is %s", t->major,
            t->minor, qtest_peer_version_str());
        g_test_skip(why);
        return;
    }
    t->fn();
}

void qtest_add_func_since(const char *path, int major, int minor,
                          void (*fn)(void))
{
    SinceTest *t = g_new(SinceTest, 1);

    t->major = major;
    t->minor = minor;
    t->fn = fn;
    g_test_add_data_func(path, t, run_since_test);
}

/*
 * Starting and stopping
 */

static void qmp_emit(void *opaque, QObject *obj, Error *err)
{
    QTestState *s = opaque;
    QDict *dict;

    if (err) {
        g_error("libqtest: QEMU sent bad JSON: %s", error_get_pretty(err));
    }
    dict = qobject_to(QDict, obj);
    if (!dict) {
        g_autoptr(GString) json = qobject_to_json(obj);

        g_error("libqtest: QEMU sent a non-object: %s", json->str);
    }
    g_queue_push_tail(s->qmp_msgs, dict);
}

static void qtest_dump_cmdline(GPtrArray *args)
{
    if (getenv("QTEST_LOG")) {
        g_autofree char *line = g_strjoinv(" ", (char **)args->pdata);

        fprintf(stderr, "libqtest: starting %s\n", line);
    }
}

QTestState *qtest_init_with_opts(const QTestOptions *opts)
{
    QTestState *s = g_new0(QTestState, 1);
    g_autofree char *qtest_path = NULL;
    g_autofree char *qmp_path = NULL;
    g_auto(GStrv) extra = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    int qtest_listen = -1, qmp_listen = -1;
    GError *gerr = NULL;

    if (opts->extra_args && *opts->extra_args) {
        g_shell_parse_argv(opts->extra_args, NULL, &extra, &gerr);
        g_assert_no_error(gerr);
    }
    g_ptr_array_add(args, g_strdup(qtest_qemu_binary()));
    if (!opts->no_qtest) {
        qtest_path = qtest_tmp_path("qtest.sock");
        qtest_listen = qtest_unix_listen(qtest_path);
        g_ptr_array_add(args, g_strdup("-qtest"));
        g_ptr_array_add(args, g_strdup_printf("unix:%s", qtest_path));
        g_ptr_array_add(args, g_strdup("-qtest-log"));
        g_ptr_array_add(args, g_strdup(getenv("QTEST_LOG") ? "/dev/fd/2"
                                                          : "/dev/null"));
    }
    if (!opts->no_qmp) {
        qmp_path = qtest_tmp_path("qmp.sock");
        qmp_listen = qtest_unix_listen(qmp_path);
        g_ptr_array_add(args, g_strdup("-chardev"));
        g_ptr_array_add(args, g_strdup_printf("socket,path=%s,id=char0",
                                              qmp_path));
        g_ptr_array_add(args, g_strdup("-mon"));
        g_ptr_array_add(args, g_strdup("chardev=char0,mode=control"));
    }
    g_ptr_array_add(args, g_strdup("-display"));
    g_ptr_array_add(args, g_strdup("none"));
    /* Options older binaries lack (-audio none needs 9.0's syntax). */
    if (qtest_peer_at_least(9, 0)) {
        g_ptr_array_add(args, g_strdup("-audio"));
        g_ptr_array_add(args, g_strdup("none"));
    }
    if (qtest_peer_at_least(9, 1)) {
        g_ptr_array_add(args, g_strdup("-run-with"));
        g_ptr_array_add(args, g_strdup("exit-with-parent=on"));
    }
    /* Older machines add default NICs, serial and disks: keep them out. */
    if (!qtest_peer_at_least(10, 0)) {
        g_ptr_array_add(args, g_strdup("-nodefaults"));
    }
    for (int i = 0; extra && extra[i]; i++) {
        g_ptr_array_add(args, g_strdup(extra[i]));
    }
    /*
     * The qtest accelerator where it exists (our tree; QEMU >= 10 lists
     * it in neither -accel help nor needs the probe); Debian's 7.2 is
     * built without it and then runs its default accelerator.
     */
    if (!opts->no_accel &&
        (qtest_peer_at_least(10, 0) || qtest_peer_has_accel("qtest"))) {
        g_ptr_array_add(args, g_strdup("-accel"));
        g_ptr_array_add(args, g_strdup("qtest"));
    }
    g_ptr_array_add(args, NULL);
    qtest_dump_cmdline(args);

    s->qtest_fd = -1;
    s->qmp_fd = -1;
    s->qtest_buf = g_string_new(NULL);
    s->qmp_msgs = g_queue_new();
    s->events = g_queue_new();
    s->responses = g_queue_new();
    s->parser = json_message_parser_new(qmp_emit, s, NULL);
    s->pid = spawn((char **)args->pdata, NULL, NULL);

    if (qtest_listen >= 0) {
        s->qtest_fd = qtest_accept_from(qtest_listen, s->pid, "qtest");
        close(qtest_listen);
        unlink(qtest_path);
    }
    if (qmp_listen >= 0) {
        s->qmp_fd = qtest_accept_from(qmp_listen, s->pid, "QMP");
        close(qmp_listen);
        unlink(qmp_path);
        s->greeting = qtest_qmp_receive_any(s);
        g_assert(qdict_haskey(s->greeting, "QMP"));
        if (!opts->no_handshake) {
            qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
        }
    }
    return s;
}

QTestState *qtest_init(const char *extra_args)
{
    QTestOptions opts = { .extra_args = extra_args };

    return qtest_init_with_opts(&opts);
}

QTestState *qtest_init_without_qmp_handshake(const char *extra_args)
{
    QTestOptions opts = { .extra_args = extra_args, .no_handshake = true };

    return qtest_init_with_opts(&opts);
}

pid_t qtest_pid(QTestState *s)
{
    return s->pid;
}

void qtest_kill(QTestState *s, int sig)
{
    g_assert(!s->reaped);
    kill(s->pid, sig);
}

QDict *qtest_qmp_greeting(QTestState *s)
{
    return s->greeting;
}

int qtest_wait_qemu(QTestState *s)
{
    if (!s->reaped) {
        s->wstatus = reap(s->pid, qtest_timeout_ms());
        s->reaped = true;
    }
    return s->wstatus;
}

static void free_queue(GQueue *q)
{
    QDict *d;

    while ((d = g_queue_pop_head(q))) {
        qobject_unref(d);
    }
    g_queue_free(q);
}

void qtest_quit(QTestState *s)
{
    int status;

    if (!s) {
        return;
    }
    if (!s->reaped) {
        kill(s->pid, SIGTERM);
    }
    status = qtest_wait_qemu(s);
    if (s->qtest_fd >= 0) {
        close(s->qtest_fd);
    }
    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
    }
    json_message_parser_free(s->parser);
    free_queue(s->qmp_msgs);
    free_queue(s->events);
    free_queue(s->responses);
    qobject_unref(s->greeting);
    g_string_free(s->qtest_buf, true);
    g_free(s);
    /* A crash (or sanitizer report) must not pass unnoticed. */
    if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM) {
        g_error("libqtest: QEMU died of signal %d (%s)", WTERMSIG(status),
                strsignal(WTERMSIG(status)));
    }
}

/*
 * QMP
 */

typedef struct JsonfResult {
    QObject *obj;
    Error *err;
} JsonfResult;

static void jsonf_emit(void *opaque, QObject *obj, Error *err)
{
    JsonfResult *r = opaque;

    if (r->obj || r->err) {
        qobject_unref(obj);
        error_free(err);
        g_error("libqtest: QMP template holds more than one value");
    }
    r->obj = obj;
    r->err = err;
}

/* Parse @fmt with the tree's JSON parser, interpolating @ap. */
static QObject *qtest_jsonf(const char *fmt, va_list ap)
{
    JsonfResult r = { 0 };
    JSONMessageParser *p;
    va_list copy;

    va_copy(copy, ap);
    p = json_message_parser_new(jsonf_emit, &r, &copy);
    json_message_parser_feed(p, fmt, strlen(fmt));
    json_message_parser_flush(p);
    json_message_parser_free(p);
    va_end(copy);
    if (r.err) {
        g_error("libqtest: bad QMP template '%s': %s", fmt,
                error_get_pretty(r.err));
    }
    g_assert(r.obj);
    return r.obj;
}

static void qmp_write(QTestState *s, const char *text)
{
    g_assert(s->qmp_fd >= 0);
    if (getenv("QTEST_LOG")) {
        fprintf(stderr, "[%d] -> %s\n", (int)s->pid, text);
    }
    qtest_socket_write(s->qmp_fd, text);
}

void qtest_qmp_send_raw(QTestState *s, const char *text)
{
    qmp_write(s, text);
}

static void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
{
    g_autoptr(QObject) obj = qtest_jsonf(fmt, ap);
    g_autoptr(GString) json = qobject_to_json(obj);

    qmp_write(s, json->str);
}

void qtest_qmp_send(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qtest_qmp_vsend(s, fmt, ap);
    va_end(ap);
}

/* The next message from the socket (not from the set-aside queues). */
static QDict *qmp_next(QTestState *s)
{
    g_assert(s->qmp_fd >= 0);
    while (g_queue_is_empty(s->qmp_msgs)) {
        char buf[4096];
        ssize_t n;

        qtest_wait_readable(s->qmp_fd, "a QMP message");
        n = read(s->qmp_fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("libqtest: QEMU closed the QMP connection");
        }
        if (getenv("QTEST_LOG")) {
            fprintf(stderr, "[%d] <- %.*s", (int)s->pid, (int)n, buf);
        }
        json_message_parser_feed(s->parser, buf, n);
    }
    return g_queue_pop_head(s->qmp_msgs);
}

QDict *qtest_qmp_receive(QTestState *s)
{
    if (!g_queue_is_empty(s->responses)) {
        return g_queue_pop_head(s->responses);
    }
    for (;;) {
        QDict *msg = qmp_next(s);

        if (!qdict_haskey(msg, "event")) {
            return msg;
        }
        g_queue_push_tail(s->events, msg);
    }
}

QDict *qtest_qmp_receive_any(QTestState *s)
{
    if (!g_queue_is_empty(s->events)) {
        return g_queue_pop_head(s->events);
    }
    if (!g_queue_is_empty(s->responses)) {
        return g_queue_pop_head(s->responses);
    }
    return qmp_next(s);
}

QDict *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
{
    qtest_qmp_vsend(s, fmt, ap);
    return qtest_qmp_receive(s);
}

QDict *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return rsp;
}

static QObject *assert_success(QDict *rsp, const char *fmt)
{
    QObject *ret;

    if (!qdict_haskey(rsp, "return")) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("libqtest: '%s' failed: %s", fmt, json->str);
    }
    ret = qobject_ref(qdict_get(rsp, "return"));
    qobject_unref(rsp);
    return ret;
}

QObject *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return assert_success(rsp, fmt);
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    qobject_unref(assert_success(rsp, fmt));
}

void qtest_assert_error(QDict *rsp, const char *cls, const char *desc)
{
    QDict *error = qdict_get_qdict(rsp, "error");
    const char *got_cls = error ? qdict_get_try_str(error, "class") : NULL;
    const char *got_desc = error ? qdict_get_try_str(error, "desc") : NULL;

    if (g_strcmp0(got_cls, cls) || (desc && g_strcmp0(got_desc, desc))) {
        g_autoptr(GString) json = qobject_to_json(QOBJECT(rsp));

        g_error("libqtest: expected error %s '%s', got %s", cls,
                desc ? desc : "*", json->str);
    }
    qobject_unref(rsp);
}

char *qtest_qmp_expect_error(QTestState *s, const char *cls,
                             const char *desc, const char *fmt, ...)
{
    va_list ap;
    QDict *rsp;
    char *got = NULL;

    va_start(ap, fmt);
    rsp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    if (qdict_get_qdict(rsp, "error")) {
        got = g_strdup(qdict_get_try_str(qdict_get_qdict(rsp, "error"),
                                         "desc"));
    }
    qtest_assert_error(rsp, cls, desc);
    return got;
}

static bool is_event(QDict *msg, const char *name)
{
    return !g_strcmp0(qdict_get_try_str(msg, "event"), name);
}

QDict *qtest_qmp_event_ref(QTestState *s, const char *name)
{
    for (GList *l = s->events->head; l; l = l->next) {
        if (is_event(l->data, name)) {
            QDict *ev = l->data;

            g_queue_delete_link(s->events, l);
            return ev;
        }
    }
    return NULL;
}

QDict *qtest_qmp_eventwait_ref(QTestState *s, const char *name)
{
    QDict *ev = qtest_qmp_event_ref(s, name);

    while (!ev) {
        QDict *msg = qmp_next(s);

        if (is_event(msg, name)) {
            ev = msg;
        } else if (qdict_haskey(msg, "event")) {
            g_queue_push_tail(s->events, msg);
        } else {
            g_queue_push_tail(s->responses, msg);
        }
    }
    return ev;
}

void qtest_qmp_eventwait(QTestState *s, const char *name)
{
    qobject_unref(qtest_qmp_eventwait_ref(s, name));
}

void qtest_qmp_clear_events(QTestState *s)
{
    QDict *d;

    while ((d = g_queue_pop_head(s->events))) {
        qobject_unref(d);
    }
}

char *qtest_hmp(QTestState *s, const char *fmt, ...)
{
    g_autofree char *cmd = NULL;
    g_autoptr(QObject) ret = NULL;
    QString *str;
    va_list ap;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ret = qtest_qmp_assert_success_ref(
        s, "{'execute': 'human-monitor-command',"
        " 'arguments': {'command-line': %s}}", cmd);
    str = qobject_to(QString, ret);
    g_assert(str);
    return g_strdup(qstring_get_str(str));
}
