/* Paths inside a root file system, as seen from outside it. */
#ifndef LAB01_PATH_H
#define LAB01_PATH_H

#include <stddef.h>

/* Write ROOT followed by PATH into buf (size bytes), as one clean path:
 * single slashes, no "." component, no trailing slash ("rootfs/" and
 * "/etc//passwd" give "rootfs/etc/passwd"; PATH "/" gives ROOT itself).
 * PATH is read as relative to ROOT whether or not it starts with '/'.
 * Returns 0, or -1 with errno set: EINVAL when PATH is empty or has a ".."
 * component (it could name a file outside ROOT), ENAMETOOLONG when the
 * result does not fit. */
int path_join(char *buf, size_t size, const char *root, const char *path);

#endif
