# fuzz/fuzz.mk: the libFuzzer targets of fuzz/ (docs/fuzzing.md), included by the top-level
# Makefile.
#   make fuzz [FUZZ_TIME=60] [FUZZ_JOBS=1] [FUZZ_TARGETS="..."]   each target FUZZ_TIME
#                 seconds (tools/fuzz.sh: working corpus build/fuzz/corpus/<target>, crashes in
#                 build/fuzz/crashes/<target>/, one summary line per target; fails on any
#                 crash, timeout, leak or out-of-memory)
#   make fuzz-smoke   the same, 30 s per target (CI)
#   make fuzz-bins    just the libFuzzer binaries, build/fuzz/bin/fuzz_<target>
# The libFuzzer binaries are clang's (-fsanitize=fuzzer,address,undefined,float-cast-overflow):
# every library source is compiled again by clang into build/fuzz/obj, apart from the gcc
# objects. The same target files also link with gcc and fuzz/driver_main.c into
# $(TBIN)/fuzz_<target> (FUZZ_DRIVERS, a prerequisite of `make test`), which replays the
# committed corpus and regressions (tests/integration/fuzz_regressions.sh).

FUZZ_CC      ?= clang-14
FUZZ_TIME    ?= 60
FUZZ_JOBS    ?= 1
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_OBJ     := $(FUZZ_DIR)/obj
FUZZ_BIN     := $(FUZZ_DIR)/bin
FUZZ_SAN     := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
# clang's -Wformat-nonliteral (in -Wformat=2) also flags the v*printf wrappers gcc accepts.
FUZZ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $(WARN) -Wno-format-nonliteral $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link -MMD -MP $(PKG_CFLAGS) \
                -DCRIT_BUILD_MODE='"fuzz"' -DCRIT_BUILD_FLAGS='"-O1 -g $(FUZZ_SAN)"'


FUZZ_CRIT_OBJ := $(CRIT_SRC:%.c=$(FUZZ_OBJ)/%.o) $(FUZZ_OBJ)/gen/history_schema.o
FUZZ_PY_OBJ   := $(PY_SRC:%.c=$(FUZZ_OBJ)/%.o)
FUZZ_BINS     := $(FUZZ_TARGETS:%=$(FUZZ_BIN)/fuzz_%)

.PHONY: fuzz fuzz-smoke fuzz-bins

$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CLANG,$<)$(FUZZ_CC) $(call inc_for,$<) $(FUZZ_CFLAGS) -c $< -o $@

# libcrit's generated source (history's schema.sql as a C string; the Makefile's rule makes it).
$(FUZZ_OBJ)/gen/history_schema.o: $(SCHEMA_C)
	@mkdir -p $(dir $@)
	$(call say,CLANG,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# Each binary links only what it calls (libpy or libcrit), as objects: no archive of gcc's.
$(FUZZ_BIN)/fuzz_minipy_run $(FUZZ_BIN)/fuzz_minipy_frontend: $(FUZZ_BIN)/%: $(FUZZ_OBJ)/fuzz/%.o \
                                                            $(FUZZ_PY_OBJ)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) $^ -lm -o $@

$(FUZZ_BIN)/fuzz_crit_json: $(FUZZ_OBJ)/fuzz/fuzz_crit_json.o $(FUZZ_CRIT_OBJ)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) $^ $(LIBS) -o $@

fuzz-bins: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@nice tools/fuzz.sh --time $(FUZZ_TIME) --jobs $(FUZZ_JOBS) --bin $(FUZZ_BIN) \
	  --work $(FUZZ_DIR) $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BINS)
	@tools/fuzz.sh --time 30 --jobs 2 --bin $(FUZZ_BIN) --work $(FUZZ_DIR) \
	  $(FUZZ_TARGETS)

# The gcc replay programs of the current variant (sanitized under SANITIZER=...).
$(FUZZ_DRIVERS): $(TBIN)/fuzz_%: $(OBJ)/fuzz/fuzz_%.o $(OBJ)/fuzz/driver_main.o $(LIBCRIT) \
                 $(if $(PY_SRC),$(LIBPY))
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@

-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)
