/* fuzz.h: the one entry point every fuzz target in fuzz/ defines (libFuzzer's), so the same
 * target file links either with clang's -fsanitize=fuzzer (make fuzz) or with driver_main.c
 * into an ordinary program that replays files (make test, tests/integration/fuzz_regressions.sh). */
#ifndef CRIT_FUZZ_H
#define CRIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Runs the target on one input of size bytes at data (borrowed for the call only). Returns 0;
 * a bug shows as a crash, a sanitizer report, a leak or an abort(), never as a return value. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
