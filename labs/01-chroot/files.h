/* Small file operations for building a root file system (and write_all,
 * which the jail's terminal relay shares); each reports
 * its failing call (err.h) and returns -1, or 0 on success. */
#ifndef LAB01_FILES_H
#define LAB01_FILES_H

#include <stddef.h>
#include <sys/types.h>

/* Write all len bytes of buf to fd (named in messages): a pipe or a
 * terminal may take them in parts. */
int write_all(int fd, const char *buf, size_t len, const char *name);

/* Create path (which must not exist) holding text, with exactly mode. */
int write_file(const char *path, const char *text, mode_t mode);

/* Copy the open file from (read from its start) to a new file to. */
int copy_file(int from, const char *from_name, const char *to, mode_t mode);

/* Create the directory path with exactly mode (not masked by the umask). */
int make_dir(const char *path, mode_t mode);

/* Remove path and everything below it, without following symbolic links. */
int remove_tree(const char *path);

/* Run argv (argv[0] a path) and return its standard output, NUL-terminated
 * and malloc'ed in *out; -1 when it cannot run or does not exit with 0. */
int run_capture(char *const argv[], char **out);

#endif
