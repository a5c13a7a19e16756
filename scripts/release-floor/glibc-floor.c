// Linked into the release binary only (scripts/release), to keep its floor at glibc 2.28 (RHEL/Rocky/Alma 8,
// Debian 11, Ubuntu 20.04) while it is linked against Debian 11's libc (2.31) as sysroot.
//
// exp, log, pow, exp2 and log2 got new symbol versions in glibc 2.29, and their float forms in 2.27 (the same
// functions without the SVID error handling); a program linked against a newer libc binds them to those versions
// and will not start on an older one (2.28 for the doubles; 2.26, Amazon Linux 2, for the floats). These
// definitions bind every call to the versions every x86_64 glibc has (GLIBC_2.2.5), which compute the same
// values; the static Swift libraries' calls resolve to them, as the executable's own definitions come first.
#define _GNU_SOURCE

#if defined(__x86_64__)
#define OLD_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define OLD_VERSION "GLIBC_2.17"
#endif

#define BIND_TO_OLD(name, old) __asm__(".symver " #old "," #name "@" OLD_VERSION)

double old_exp(double);
double old_log(double);
double old_pow(double, double);
double old_exp2(double);
double old_log2(double);
BIND_TO_OLD(exp, old_exp);
BIND_TO_OLD(log, old_log);
BIND_TO_OLD(pow, old_pow);
BIND_TO_OLD(exp2, old_exp2);
BIND_TO_OLD(log2, old_log2);

float old_expf(float);
float old_logf(float);
float old_powf(float, float);
float old_exp2f(float);
float old_log2f(float);
BIND_TO_OLD(expf, old_expf);
BIND_TO_OLD(logf, old_logf);
BIND_TO_OLD(powf, old_powf);
BIND_TO_OLD(exp2f, old_exp2f);
BIND_TO_OLD(log2f, old_log2f);

double exp(double x) { return old_exp(x); }
double log(double x) { return old_log(x); }
double pow(double x, double y) { return old_pow(x, y); }
double exp2(double x) { return old_exp2(x); }
double log2(double x) { return old_log2(x); }
float expf(float x) { return old_expf(x); }
float logf(float x) { return old_logf(x); }
float powf(float x, float y) { return old_powf(x, y); }
float exp2f(float x) { return old_exp2f(x); }
float log2f(float x) { return old_log2f(x); }

// The Swift runtime's static libraries were compiled against GCC 12's libstdc++ headers and call
// std::__throw_bad_array_new_length(), which GCC 10's libstdc++ (Debian 11's) lacks. Where the runtime would throw
// std::bad_array_new_length it throws its base class, std::bad_alloc: both end a Swift program as an
// uncaught exception would.
extern void throw_bad_alloc(void) __asm__("_ZSt17__throw_bad_allocv") __attribute__((noreturn));
void throw_bad_array_new_length(void) __asm__("_ZSt28__throw_bad_array_new_lengthv") __attribute__((noreturn));
void throw_bad_array_new_length(void) { throw_bad_alloc(); }

// CoreFoundation's CFPlatform.c (linked in whole with Foundation) calls posix_spawn_file_actions_addchdir_np, new
// in glibc 2.29, for Foundation.Process's working directory. This tool starts its children through its own
// CChildSpawn, never through Foundation.Process; the definition below hands the call to the libc's own where it has
// one (2.29 and newer) and answers ENOSYS on 2.28, so the reference no longer raises the floor.
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>

int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path) {
    typedef int (*addchdir)(posix_spawn_file_actions_t *, const char *);
    addchdir libc = (addchdir)dlvsym(RTLD_NEXT, "posix_spawn_file_actions_addchdir_np", "GLIBC_2.29");
    return libc ? libc(actions, path) : ENOSYS;
}
