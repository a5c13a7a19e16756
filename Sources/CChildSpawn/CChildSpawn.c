#define _GNU_SOURCE
#include "CChildSpawn.h"

#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

short child_spawn_setsid_flag(void) {
#ifdef POSIX_SPAWN_SETSID
    return POSIX_SPAWN_SETSID;
#else
    return 0;
#endif
}

typedef int (*addclosefrom_function)(posix_spawn_file_actions_t *, int);

int child_spawn_close_from_three(posix_spawn_file_actions_t *actions) {
    // Looked up at run time: a binary built against a newer glibc still starts on an older one.
    static addclosefrom_function addclosefrom = NULL;
    static int looked = 0;
    if (!looked) {
        addclosefrom = (addclosefrom_function)dlsym(RTLD_DEFAULT, "posix_spawn_file_actions_addclosefrom_np");
        looked = 1;
    }
    if (addclosefrom == NULL) return -1;
    return addclosefrom(actions, 3) == 0 ? 0 : -1;
}

int child_exit_descriptor(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    return fd;
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}
