#ifndef FLASH_ATTN_SETUP_TERMINAL_SAFETY_H
#define FLASH_ATTN_SETUP_TERMINAL_SAFETY_H

/* A net for crashes while curses owns the terminal: on SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT or SIGFPE it puts
   back the terminal modes saved before curses started and writes `restore` (the terminal's own rmcup, cnorm and
   sgr0 strings), then hands the signal on to whoever had it before (Swift's backtracer, or the default). */
void fas_install_crash_restore(const char *restore);
void fas_remove_crash_restore(void);
/* Sets the sequence written on a crash (it is known only once curses has read the terminal's description). */
void fas_set_restore_sequence(const char *restore);

#endif
