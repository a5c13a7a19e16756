#define _XOPEN_SOURCE 700
#include "CTerminalSafety.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Process-wide state, set before the handlers are installed and only read by them. */
static struct termios saved_modes;
static int have_saved_modes;
static char restore_sequence[512];
static size_t restore_length;
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
#define CRASH_SIGNAL_COUNT (sizeof crash_signals / sizeof crash_signals[0])
static struct sigaction previous[CRASH_SIGNAL_COUNT];
static int installed;

static void restore_terminal(int number, siginfo_t *info, void *context) {
    (void)context;
    /* Only async-signal-safe calls here: tcsetattr, write, sigaction, raise. */
    if (have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    if (restore_length) {
        ssize_t ignored = write(STDOUT_FILENO, restore_sequence, restore_length);
        (void)ignored;
    }
    for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        if (crash_signals[i] == number) sigaction(number, &previous[i], NULL);
    }
    /* A fault returns and happens again, now to the previous handler; a signal that was sent is sent again. */
    if (info == NULL || info->si_code <= 0 || number == SIGABRT) raise(number);
}

void fas_set_restore_sequence(const char *restore) {
    size_t length = restore ? strlen(restore) : 0;
    if (length >= sizeof restore_sequence) length = sizeof restore_sequence - 1;
    restore_length = 0; /* a handler running now sees no half-written sequence */
    if (length) memcpy(restore_sequence, restore, length);
    restore_length = length;
}

void fas_install_crash_restore(const char *restore) {
    if (installed) return;
    have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
    fas_set_restore_sequence(restore);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = restore_terminal;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) sigaction(crash_signals[i], &action, &previous[i]);
    installed = 1;
}

void fas_remove_crash_restore(void) {
    if (!installed) return;
    for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) sigaction(crash_signals[i], &previous[i], NULL);
    installed = 0;
}
