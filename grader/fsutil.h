/* Files and trees: the grader copies pristine trees, owns them, and writes
 * its results so that a reader never sees a half-written file. */
#ifndef GRADER_FSUTIL_H
#define GRADER_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

int mkdir_p(const char *path, mode_t mode);
int remove_tree(const char *path);
/* Copy src to dst (a tree or one file), modification times kept (a build
 * in the copy remakes what it would have remade in src); skip(rel, ctx)
 * true leaves rel out. */
int copy_tree(const char *src, const char *dst, bool (*skip)(const char *rel, void *ctx),
              void *ctx);
/* Copy one file; the copy's modification time is now's. */
int copy_file(const char *src, const char *dst);
/* Copy a regular file only: a symlink in a submission could point at a hidden test. */
int copy_regular(const char *src, const char *dst);
int chown_tree(const char *path, uid_t uid, gid_t gid);
int read_file(const char *path, char **data, size_t *len);
/* Write to path.tmp, then rename: a crash leaves the old file or the new one. */
int write_file_atomic(const char *path, const char *data, size_t len);
bool path_exists(const char *path);

#endif
