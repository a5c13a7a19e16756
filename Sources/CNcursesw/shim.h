#ifndef FLASH_ATTN_SETUP_CNCURSESW_SHIM_H
#define FLASH_ATTN_SETUP_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, which is what turns on the wide-character API. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <sys/ioctl.h>

/* Swift 6 rejects ncurses' global variables as shared mutable state; these read them. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }

static inline SCREEN *cn_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_color_pair(int n) { return COLOR_PAIR(n); }

/* The terminal's size from the kernel (TIOCGWINSZ); 0 on success. */
static inline int cn_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/* 1 when the terminal on fd can be driven by curses (known to terminfo and able to move the cursor),
   else 0 with *why set: setupterm's error code, or -2 for a terminal without cursor addressing (TERM=dumb). */
static inline int cn_probe_terminal(int fd, int *why) {
    int err = 0;
    if (setupterm(NULL, fd, &err) != OK) { *why = err; return 0; }
    const char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    cur_term = NULL;
    if (!ok) { *why = -2; return 0; }
    return 1;
}
#endif
