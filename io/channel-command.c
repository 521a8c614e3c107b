/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QIOChannelCommand: the child process channel kind (exec: migration):
 * spawning with pipes, pipe I/O, and reaping the child on close with
 * its exit status turned into an error.
 */
#include "qemu/osdep.h"
#include <sys/wait.h>
#include "qapi/error.h"
#include "io/channel-command.h"

static const QIOChannelClass qio_channel_command_class;

bool qio_channel_is_command(QIOChannel *ioc)
{
    return ioc->klass == &qio_channel_command_class;
}

static void close_pair(int fds[2])
{
    if (fds[0] >= 0) {
        close(fds[0]);
    }
    if (fds[1] >= 0) {
        close(fds[1]);
    }
}

/*
 * In the child, between fork() and exec: only async-signal-safe calls
 * (the parent may have other threads holding locks).
 */
static G_NORETURN void child_exec(const char *const argv[], int in, int out)
{
    sigset_t all;

    /* Our SIGPIPE handling (ignored) is not the command's business. */
    signal(SIGPIPE, SIG_DFL);
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0) {
        _exit(127);
    }
    /* Everything else of ours stays out (most fds are CLOEXEC anyway). */
    close_range(3, ~0U, 0);
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

QIOChannelCommand *qio_channel_command_new_spawn(const char *const argv[],
                                                 int flags, Error **errp)
{
    int acc = flags & O_ACCMODE;
    int to_child[2] = { -1, -1 }, from_child[2] = { -1, -1 };
    int devnull = -1;
    QIOChannelCommand *cioc;
    pid_t pid;

    if (acc != O_WRONLY) {
        if (pipe2(from_child, O_CLOEXEC) < 0) {
            error_setg_errno(errp, errno, "Unable to open pipe");
            goto fail;
        }
    }
    if (acc != O_RDONLY) {
        if (pipe2(to_child, O_CLOEXEC) < 0) {
            error_setg_errno(errp, errno, "Unable to open pipe");
            goto fail;
        }
    }
    if (acc != O_RDWR) {
        devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devnull < 0) {
            error_setg_errno(errp, errno, "Unable to open /dev/null");
            goto fail;
        }
    }
    /*
     * A child that exits early must cost us EPIPE, not our life: ignore
     * SIGPIPE process-wide as QEMU does at start-up (the child gets the
     * default back before exec).
     */
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
        error_setg_errno(errp, errno, "Unable to ignore SIGPIPE");
        goto fail;
    }
    pid = fork();
    if (pid < 0) {
        error_setg_errno(errp, errno, "cannot fork child process");
        goto fail;
    }
    if (pid == 0) {
        child_exec(argv, to_child[0] >= 0 ? to_child[0] : devnull,
                   from_child[1] >= 0 ? from_child[1] : devnull);
    }

    cioc = g_new0(QIOChannelCommand, 1);
    qio_channel_init(QIO_CHANNEL(cioc), &qio_channel_command_class);
    cioc->pid = pid;
    cioc->command = g_strjoinv(" ", (char **)argv);
    cioc->readfd = from_child[0];
    cioc->writefd = to_child[1];
    if (from_child[1] >= 0) {
        close(from_child[1]);
    }
    if (to_child[0] >= 0) {
        close(to_child[0]);
    }
    if (devnull >= 0) {
        close(devnull);
    }
    return cioc;

fail:
    close_pair(to_child);
    close_pair(from_child);
    if (devnull >= 0) {
        close(devnull);
    }
    return NULL;
}

QIOChannelCommand *qio_channel_command_new_shell(const char *command,
                                                 int flags, Error **errp)
{
    const char *argv[] = { "/bin/sh", "-c", command, NULL };
    QIOChannelCommand *cioc = qio_channel_command_new_spawn(argv, flags,
                                                            errp);

    if (cioc) {
        g_free(cioc->command);
        cioc->command = g_strdup(command);
    }
    return cioc;
}

static ssize_t command_result(ssize_t ret, const char *what, Error **errp)
{
    if (ret >= 0) {
        return ret;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return QIO_CHANNEL_ERR_BLOCK;
    }
    error_setg_errno(errp, errno, "Unable to %s command", what);
    return -1;
}

static ssize_t command_readv(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, int **fds, size_t *nfds, int flags,
                             Error **errp)
{
    QIOChannelCommand *cioc = (QIOChannelCommand *)ioc;
    ssize_t ret;

    if (cioc->readfd < 0) {
        error_setg(errp, "Command '%s' was not opened for reading",
                   cioc->command);
        return -1;
    }
    do {
        ret = readv(cioc->readfd, iov, niov);
    } while (ret < 0 && errno == EINTR);
    return command_result(ret, "read from", errp);
}

static ssize_t command_writev(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, const int *fds, size_t nfds,
                              Error **errp)
{
    QIOChannelCommand *cioc = (QIOChannelCommand *)ioc;
    ssize_t ret;

    if (cioc->writefd < 0) {
        error_setg(errp, "Command '%s' was not opened for writing",
                   cioc->command);
        return -1;
    }
    /* SIGPIPE is ignored since the spawn: a gone child gives EPIPE. */
    do {
        ret = writev(cioc->writefd, iov, niov);
    } while (ret < 0 && errno == EINTR);
    return command_result(ret, "write to", errp);
}

static bool command_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelCommand *cioc = (QIOChannelCommand *)ioc;
    bool was_reader_only = cioc->readfd >= 0 && cioc->writefd < 0;
    int status;
    pid_t ret;

    /* Closing first lets the child see end of file (or EPIPE) and exit. */
    if (cioc->readfd >= 0) {
        close(cioc->readfd);
        cioc->readfd = -1;
    }
    if (cioc->writefd >= 0) {
        close(cioc->writefd);
        cioc->writefd = -1;
    }
    if (cioc->pid < 0) {
        return true;
    }
    do {
        ret = waitpid(cioc->pid, &status, 0);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        error_setg_errno(errp, errno, "Failed to wait for pid %lld",
                         (long long)cioc->pid);
        cioc->pid = -1;
        return false;
    }
    cioc->pid = -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        error_setg(errp, "Command '%s' exited with status %d",
                   cioc->command, WEXITSTATUS(status));
        return false;
    }
    if (WIFSIGNALED(status) &&
        !(was_reader_only && WTERMSIG(status) == SIGPIPE)) {
        error_setg(errp, "Command '%s' was killed by signal %d (%s)",
                   cioc->command, WTERMSIG(status),
                   strsignal(WTERMSIG(status)));
        return false;
    }
    return true;
}

static bool command_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    QIOChannelCommand *cioc = (QIOChannelCommand *)ioc;
    int fds[2] = { cioc->readfd, cioc->writefd };
    int i;

    for (i = 0; i < 2; i++) {
        int flags = fds[i] >= 0 ? fcntl(fds[i], F_GETFL) : 0;

        if (fds[i] < 0) {
            continue;
        }
        if (flags < 0 ||
            fcntl(fds[i], F_SETFL,
                  enabled ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) < 0) {
            error_setg_errno(errp, errno, "Unable to set command %s",
                             enabled ? "blocking" : "non-blocking");
            return false;
        }
    }
    return true;
}

static int command_get_fd(QIOChannel *ioc, GIOCondition condition)
{
    QIOChannelCommand *cioc = (QIOChannelCommand *)ioc;

    return condition & G_IO_OUT ? cioc->writefd : cioc->readfd;
}

static void command_finalize(QIOChannel *ioc)
{
    g_free(((QIOChannelCommand *)ioc)->command);
}

static const QIOChannelClass qio_channel_command_class = {
    .type_name = "qio-channel-command",
    .io_readv = command_readv,
    .io_writev = command_writev,
    .io_close = command_close,
    .io_set_blocking = command_set_blocking,
    .io_get_fd = command_get_fd,
    .io_finalize = command_finalize,
};
