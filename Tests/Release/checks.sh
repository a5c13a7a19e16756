# What the release tests share: counting checks, and showing what a failed one saw. Sourced, not run.
# EXCERPT is how much of the text a failed `expect` prints: the start of a command's answer, or the end of a log.
passed=0
failed=0
EXCERPT=(head -30)
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAILED: $*"; failed=$((failed + 1)); }
expect() {  # expect DESCRIPTION TEXT NEEDLE
    if grep -qF -- "$3" <<<"$2"; then ok "$1"; else bad "$1: no '$3' in:"; sed 's/^/    /' <<<"$2" | "${EXCERPT[@]}"; fi
}
# The last line of a test: the counts, and its exit status (1 where a check failed).
finish() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
