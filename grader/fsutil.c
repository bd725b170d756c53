/* Files and trees. */
#define _GNU_SOURCE
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			err_sys("mkdir %s", p);
			free(p);
			return -1;
		}
		if (c == '\0')
			break;
		*s = c;
	}
	free(p);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	int r = flag == FTW_DP ? rmdir(path) : unlink(path);
	return r < 0 && errno != ENOENT ? err_sys("remove %s", path) : 0;
}

int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : err_sys("stat %s", path);
	/* A student may have left a directory without write or search bits. */
	if (S_ISDIR(st.st_mode))
		chown_tree(path, getuid(), getgid());
	return nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) < 0 ? -1 : 0;
}

/* keep_times: dst gets src's modification time, so that make, in a copied
 * tree, remakes exactly what it would have remade in the original. */
static int copy_contents(const char *src, const char *dst, bool keep_times)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return err_sys("open %s", src);
	struct stat st;
	if (fstat(in, &st) < 0) {
		close(in);
		return err_sys("stat %s", src);
	}
	unlink(dst);
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777);
	if (out < 0) {
		close(in);
		return err_sys("create %s", dst);
	}
	char chunk[65536];
	ssize_t n;
	int r = 0;
	while ((n = read(in, chunk, sizeof(chunk))) > 0) {
		if (write(out, chunk, n) != n) {
			r = err_sys("write %s", dst);
			break;
		}
	}
	if (n < 0)
		r = err_sys("read %s", src);
	struct timespec times[2] = { st.st_atim, st.st_mtim };
	if (r == 0 && keep_times && futimens(out, times) < 0)
		r = err_sys("set the times of %s", dst);
	close(in);
	if (close(out) < 0 && r == 0)
		r = err_sys("close %s", dst);
	return r;
}

int copy_file(const char *src, const char *dst)
{
	return copy_contents(src, dst, false);
}

int copy_regular(const char *src, const char *dst)
{
	struct stat st;
	if (lstat(src, &st) < 0)
		return err_sys("stat %s", src);
	if (!S_ISREG(st.st_mode))
		return err_set("%s: not a regular file (symlinks and devices are refused)", src);
	return copy_file(src, dst);
}

static int copy_rec(const char *src, const char *dst, const char *rel,
                    bool (*skip)(const char *, void *), void *ctx)
{
	if (*rel && skip && skip(rel, ctx))
		return 0;
	struct stat st;
	if (lstat(src, &st) < 0)
		return err_sys("stat %s", src);
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(src, target, sizeof(target) - 1);
		if (n < 0)
			return err_sys("readlink %s", src);
		target[n] = '\0';
		unlink(dst);
		return symlink(target, dst) < 0 ? err_sys("symlink %s", dst) : 0;
	}
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? copy_contents(src, dst, true) : 0;
	if (mkdir(dst, st.st_mode & 07777) < 0 && errno != EEXIST)
		return err_sys("mkdir %s", dst);
	DIR *d = opendir(src);
	if (!d)
		return err_sys("opendir %s", src);
	int r = 0;
	struct dirent *e;
	while (r == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *s = xasprintf("%s/%s", src, e->d_name);
		char *t = xasprintf("%s/%s", dst, e->d_name);
		char *r2 = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		r = copy_rec(s, t, r2, skip, ctx);
		free(s);
		free(t);
		free(r2);
	}
	closedir(d);
	return r;
}

int copy_tree(const char *src, const char *dst, bool (*skip)(const char *, void *), void *ctx)
{
	return copy_rec(src, dst, "", skip, ctx);
}

static uid_t chown_uid;
static gid_t chown_gid;

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (lchown(path, chown_uid, chown_gid) < 0)
		return err_sys("chown %s", path);
	/* Give the owner back the bits a student may have removed; take away
	 * group and other write, and set-id bits a build may have left. */
	mode_t mode = (st->st_mode & 0755) | (flag == FTW_D ? 0700 : 0);
	if (flag != FTW_SL && chmod(path, mode) < 0)
		return err_sys("chmod %s", path);
	return 0;
}

int chown_tree(const char *path, uid_t uid, gid_t gid)
{
	chown_uid = uid;
	chown_gid = gid;
	return nftw(path, chown_one, 32, FTW_PHYS) < 0 ? -1 : 0;
}

int read_file(const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys("open %s", path);
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, n);
	int saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		free(b.p);
		return err_sys("read %s", path);
	}
	if (len)
		*len = b.len;
	*data = buf_take(&b);
	return 0;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_sys("create %s", tmp);
		free(tmp);
		return -1;
	}
	int r = 0;
	if (write(fd, data, len) != (ssize_t)len)
		r = err_sys("write %s", tmp);
	if (close(fd) < 0 && r == 0)
		r = err_sys("close %s", tmp);
	if (r == 0 && rename(tmp, path) < 0)
		r = err_sys("rename %s to %s", tmp, path);
	free(tmp);
	return r;
}

bool path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}
