#include "CCommandLine.h"

static int captured_count;
static char **captured_arguments;

/* glibc calls the executable's .init_array functions with main's own argc, argv and envp. */
static void capture(int argc, char **argv, char **envp) {
    (void)envp;
    captured_count = argc;
    captured_arguments = argv;
}

__attribute__((section(".init_array"), used)) static void (*const capture_at_start)(int, char **, char **) = capture;

int fas_captured_argument_count(void) { return captured_arguments ? captured_count : 0; }

const char *fas_captured_argument(int index) {
    if (!captured_arguments || index < 0 || index >= captured_count) return 0;
    return captured_arguments[index];
}
