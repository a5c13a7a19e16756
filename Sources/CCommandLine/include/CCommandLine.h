#ifndef FLASH_ATTN_SETUP_COMMAND_LINE_H
#define FLASH_ATTN_SETUP_COMMAND_LINE_H

/* The program's arguments as the kernel passed them to main, captured before main runs. A Swift binary linked with
   the static standard library reads CommandLine.arguments from /proc/self/cmdline, which is empty where /proc is not
   mounted (a chroot, a minimal container): there it would see no arguments at all and start the wizard. */
int fas_captured_argument_count(void);
/* The argument at `index`, or NULL outside 0..<count. */
const char *fas_captured_argument(int index);

#endif
