#ifndef CCHILDSPAWN_H
#define CCHILDSPAWN_H

#include <spawn.h>
#include <sys/types.h>

/// POSIX_SPAWN_SETSID, which glibc declares only under _GNU_SOURCE (Swift's Glibc module lacks it); 0 where the
/// C library has no such flag.
short child_spawn_setsid_flag(void);

/// Asks posix_spawn to close every descriptor from 3 up in the child, so nothing the tool holds open (a socket, the
/// log) reaches a step. Returns 0 on success, -1 where the C library cannot (glibc before 2.34).
int child_spawn_close_from_three(posix_spawn_file_actions_t *actions);

/// A descriptor that becomes readable when the process exits (pidfd_open, Linux 5.3 and later); -1 where the
/// kernel has none, and the caller falls back to polling waitpid.
int child_exit_descriptor(pid_t pid);

#endif
