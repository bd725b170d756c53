/*
 * How the toolkit says no.  A function that can refuse what it is given (a
 * size, a payload, a port access the device does not model) returns NULL
 * when all is well, or a one-line reason made by refuse(), which names the
 * value at fault.  The caller passes the reason up to the one place that
 * prints it: vm_fail(), or the test that expected it.  One static buffer
 * serves all: the monitor runs one vCPU and stops at the first refusal.
 */
#ifndef VLAB_VMM_REFUSE_H
#define VLAB_VMM_REFUSE_H

const char *refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
