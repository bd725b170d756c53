/* File operations for mkrootfs.  Modes are set with fchmod()/chmod()
 * after creation because the umask would otherwise take bits away: /tmp
 * must be exactly 1777 whatever umask the caller has. */
#define _GNU_SOURCE
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"

int write_all(int fd, const char *buf, size_t len, const char *name)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sys_fail("write", name, NULL);
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int create(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return sys_fail("open", path, NULL);
	if (fchmod(fd, mode) < 0) {
		sys_fail("fchmod", path, NULL);
		close(fd);
		return -1;
	}
	return fd;
}

static int finish(int fd, int rc, const char *path)
{
	if (close(fd) < 0 && rc == 0)
		return sys_fail("close", path, NULL);
	return rc;
}

int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = create(path, mode);
	if (fd < 0)
		return -1;
	return finish(fd, write_all(fd, text, strlen(text), path), path);
}

int copy_file(int from, const char *from_name, const char *to, mode_t mode)
{
	int fd = create(to, mode);
	if (fd < 0)
		return -1;
	char buf[65536];
	int rc = 0;
	for (off_t at = 0;;) {
		ssize_t n = pread(from, buf, sizeof(buf), at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = sys_fail("read", from_name, NULL);
		if (n <= 0 || (rc = write_all(fd, buf, (size_t)n, to)) < 0)
			break;
		at += n;
	}
	return finish(fd, rc, to);
}

int make_dir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) < 0)
		return sys_fail("mkdir", path, NULL);
	if (chmod(path, mode) < 0)
		return sys_fail("chmod", path, NULL);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0)
		return sys_fail(type == FTW_DP ? "rmdir" : "unlink", path, NULL);
	return 0;
}

int remove_tree(const char *path)
{
	/* Depth first (FTW_DEPTH) so directories are empty when removed;
	 * FTW_PHYS so an applet link is removed, never what it points to. */
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

int run_capture(char *const argv[], char **out)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return sys_fail("pipe2", argv[0], NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return sys_fail("fork", argv[0], NULL);
	}
	if (pid == 0) {
		if (dup2(p[1], 1) < 0) {
			sys_fail("dup2", argv[0], NULL);
			_exit(126);
		}
		execv(argv[0], argv);
		sys_fail("execv", argv[0], NULL);
		_exit(127);
	}
	size_t len = 0, cap = 0;
	char *text = NULL;
	int rc = close(p[1]) < 0 ? sys_fail("close", "pipe", NULL) : 0;
	while (rc == 0) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 16384;
			char *bigger = realloc(text, cap);
			if (!bigger) {
				rc = fail("out of memory reading %s", argv[0]);
				break;
			}
			text = bigger;
		}
		ssize_t n = read(p[0], text + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = sys_fail("read", argv[0], NULL);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (close(p[0]) < 0 && rc == 0)
		rc = sys_fail("close", "pipe", NULL);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 0;
			rc = sys_fail("waitpid", argv[0], NULL);
			break;
		}
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		rc = fail("%s exited with status %d", argv[0], WEXITSTATUS(status));
	if (rc == 0 && WIFSIGNALED(status))
		rc = fail("%s was killed by signal %d", argv[0], WTERMSIG(status));
	if (rc < 0) {
		free(text);
		return -1;
	}
	text[len] = '\0';
	*out = text;
	return 0;
}
