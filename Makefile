# crit: one non-recursive build for libcrit (harness/), libpy (interp/), the bench runner, the
# tools and the tests (MODE=pgo's phase 1 aside). `make bench` and `make test` matter most.
#
#   make                      release build (-O2 -g) of libraries and binaries
#   make MODE=debug           -O0 -g3, objects under build/debug
#   make MODE=lto             release + link-time optimisation (gcc), products under build/lto
#   make MODE=pgo             profile-guided (gcc): instrumented build, training run, optimised
#                             rebuild; products under build/pgo (docs/build-modes.md; a minute)
#   make check-pgo            make MODE=pgo test: every test on the PGO build (not in make test)
#   make SANITIZER=address,undefined   any build with -fsanitize=..., objects under build/san
#   make V=1                  show full command lines
#   make test                 unit + integration (+ conformance) tests, and the fuzz reproducers
#   make fuzz [FUZZ_TIME=60]  the libFuzzer targets of fuzz/ (clang), FUZZ_TIME s each
#                             (docs/fuzzing.md); make fuzz-smoke: 30 s each (CI)
#   make fuzz-mutate [FUZZ_N=20000]   minipy's older mutation fuzz run (test_py_fuzz)
#   make test-browser         the HTML report rendered in headless Chromium
#   make bench [SUITE=regex] [ARGS="--quick ..."]   (make bench-quick: every suite, --quick)
#   make bench-fast [SUITE=] [ARGS=]   every suite until +-1 % precision (BENCH_FAST_ARGS)
#   make power [METHOD=paired|baseline] [SITUATION=noisy|quiet] [ARGS=]   the power and
#                             false-alarm campaign of tests/perf (minutes; a smoke run is in make test)
#   make crash-safety [KILLS=100] [CONCURRENT=50]   kill -9 at random moments and four-way
#                             concurrent saves of one baseline (tests/crash_safety.sh; a
#                             smoke run is in make test)
#   make perfdoc              PERFORMANCE.md's tables from results/ (tools/perfdoc)
#   make install PREFIX=dir   crit.h, crit_results.h, libcrit.a and crit.pc (install.mk)
#   make memcheck             every conformance program under valgrind memcheck (in make check)
#   make check                test, symbols, format-check and memcheck
#   make symbols              prefixed exports, and no include that goes around a module's paths
#   make format / format-check   apply / check .clang-format on every C file (clang-format 14)
#   CFLAGS/LDFLAGS given on the command line are appended last (redis style).

MODE      ?= release
SANITIZER ?=
CC        ?= cc
SUITE     ?=
ARGS      ?=

ifeq ($(MODE),debug)
  OPT := -O0 -g3
else
  OPT := -O2 -g
endif

# Release products live in build/bin, build/lib, build/tests; other variants get their own tree
# (build/debug/..., build/release-san/...) so switching variants never leaves a stale binary.
BUILD   := build
PGO_LTO ?= 0
# A clang build (make CC=clang ...: the sanitizer pass runs with both compilers) gets its own.
CC_TAG  := $(if $(findstring clang,$(notdir $(CC))),-clang)
VARIANT := $(MODE)$(if $(filter pgo,$(MODE)),$(if $(filter 1,$(PGO_LTO)),-lto))$(if $(SANITIZER),-san)$(CC_TAG)
OBJ     := $(BUILD)/obj/$(VARIANT)
ifeq ($(VARIANT),release)
  OUT := $(BUILD)
else
  OUT := $(BUILD)/$(VARIANT)
endif
BIN   := $(OUT)/bin
LIB   := $(OUT)/lib
TBIN  := $(OUT)/tests

# ---- LTO and PGO (docs/build-modes.md) ------------------------------------
# MODE=lto compiles and links with -flto. Objects carry both LTO bytecode and ordinary code
# (-ffat-lto-objects), so build/lto/lib/*.a still link into programs built without -flto (make
# install, tools/time_interp.sh's stages program); gcc-ar indexes the archives' bytecode through
# gcc's linker plugin.
# MODE=pgo is two phases. Phase 1 is the internal variant MODE=pgo-gen (build/pgo-gen, every
# object instrumented with -fprofile-generate), built by a recursive make; tools/pgo_train.sh
# runs the training workload through it (the conformance corpus, the interpreter's stage and
# cold-start benchmarks) into build/pgo-profile/data. Phase 2 compiles build/pgo with
# -fprofile-use. The two phases write their objects to different directories, but gcc names a
# profile after the object's auxiliary name (from -o), and also hashes it into the profile id of
# every static function: with different names the profiles of static functions (the VM's
# dispatch loop, the parser's helpers) would silently not be found. So both phases give each
# object the same auxiliary name, its source's relative path (-dumpbase interp/vm.c: interp/vm;
# gcc writes nothing there unless asked for dumps), and -fprofile-prefix-path cuts the profile's
# name to interp#vm.gcda whatever BUILD is.
# The stamp build/pgo-profile/trained depends on every source, header and conformance program
# and on this Makefile: a change retrains, so a profile is never used on other source than it
# was recorded from (gcc's -Wcoverage-mismatch, an error by default, cannot fire); the
# instrumented objects also depend on this Makefile, so a change of flags cannot leave phase 1
# compiled differently from phase 2 (gcc then only warns "Missing counts for called function",
# with no option to make it an error, and drops those profiles). Objects no
# training reaches (the tools, the unit tests) have no profile: -Wno-missing-profile, and
# -fprofile-partial-training compiles their functions as if there were no profile at all
# instead of for size. PGO_LTO=1 adds -flto (variant pgo-lto, build/pgo-lto): measured, it
# adds nothing over PGO alone here (docs/build-modes.md), so the plain pgo variant leaves it out.
MODES := release debug lto pgo pgo-gen
ifeq ($(filter $(MODE),$(MODES)),)
  $(error MODE=$(MODE) is not one of: $(MODES))
endif
LTO_FLAGS   := -flto=auto -ffat-lto-objects
PGO_DIR     := $(BUILD)/pgo-profile
PGO_DATA    := $(PGO_DIR)/data
PGO_STAMP   := $(PGO_DIR)/trained
PGO_GEN_BIN := $(BUILD)/pgo-gen/bin
ARCHIVER    := ar
LINK_OPT    :=
OBJ_DEPS    :=
OBJ_FLAGS   :=
ifneq ($(filter lto pgo pgo-gen,$(MODE)),)
  ifeq ($(findstring gcc version,$(shell $(CC) -v 2>&1 | tail -n 1)),)
    $(error MODE=$(MODE) needs gcc; CC=$(CC) is not gcc)
  endif
  ARCHIVER := gcc-ar
endif
ifeq ($(MODE),lto)
  OPT += $(LTO_FLAGS)
endif
ifeq ($(MODE),pgo-gen)
  OPT += -fprofile-generate=$(abspath $(PGO_DATA)) -fprofile-update=prefer-atomic
  OBJ_DEPS := Makefile
endif
ifeq ($(MODE),pgo)
  OPT += -fprofile-use=$(abspath $(PGO_DATA)) -fprofile-partial-training -Wno-missing-profile \
         $(if $(filter 1,$(PGO_LTO)),$(LTO_FLAGS))
  OBJ_DEPS := $(PGO_STAMP)
endif
ifneq ($(filter lto pgo pgo-gen,$(MODE)),)
  LINK_OPT := $(OPT)
endif
# The flags as results/ records them (context "flags"): without this machine's paths.
OPT_DESC := $(subst =$(abspath $(PGO_DATA)),,$(OPT))
ifneq ($(filter pgo pgo-gen,$(MODE)),)
  OPT += -fprofile-prefix-path=$(CURDIR)
  OBJ_FLAGS = -dumpbase $*.c -dumpbase-ext .c
endif

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wpointer-arith -Wcast-qual -Wwrite-strings -Wformat=2 -Wundef -Wvla \
        -Wno-unused-parameter
comma := ,
# gcc's -fsanitize=undefined leaves out float-cast-overflow (a double out of an integer type's
# range cast to it); the sanitizer pass asks for it too.
SAN_FLAGS := $(if $(SANITIZER),-fsanitize=$(SANITIZER)$(if $(findstring undefined,$(SANITIZER)),$(comma)float-cast-overflow) -fno-omit-frame-pointer -fno-sanitize-recover=all)

PKGS := libcjson gsl sqlite3
# On a fresh machine the first `make` installs the Debian packages before anything else is evaluated
# (tools/install-deps.sh: apt-get as root, otherwise it prints the apt-get line and make stops).
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
  DEPS_OK := $(shell pkg-config --exists $(PKGS) cmocka 2>/dev/null && command -v jq >/dev/null && command -v sqlite3 >/dev/null && command -v valgrind >/dev/null && command -v clang-format >/dev/null && command -v clang >/dev/null && echo yes)
  ifneq ($(DEPS_OK),yes)
    $(info make: missing dependencies, running tools/install-deps.sh)
    DEPS_RC := $(shell tools/install-deps.sh >&2; echo $$?)
    ifneq ($(DEPS_RC),0)
      $(error dependencies are missing (see the apt-get line above))
    endif
  endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

BUILD_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(SAN_FLAGS) \
                -MMD -MP $(PKG_CFLAGS) \
                -DCRIT_BUILD_MODE='"$(MODE)$(if $(SANITIZER),+$(SANITIZER))"' \
                -DCRIT_BUILD_FLAGS='"$(OPT_DESC) $(SAN_FLAGS)"'
ALL_CFLAGS  := $(BUILD_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(LINK_OPT) $(SAN_FLAGS) $(LDFLAGS)
LIBS := $(PKG_LIBS) -lpthread -lm

ifeq ($(V),1)
  Q :=
  say :=
else
  Q := @
  say = @printf '  %-7s %s\n' $(1) $(2);
endif

# ---- module boundaries ---------------------------------------------------
# Each source folder sees only the headers of the modules it may use (docs/architecture.md):
# a module that includes another's private header does not compile. INC.<folder> is the -I
# list of the sources directly in <folder>; a folder without an entry is a build error.
H := harness
INC.$(H)/stats    := -I$(H)/stats
INC.$(H)/core     := -I$(H)/include -I$(H)/core
INC.$(H)/analysis := $(INC.$(H)/core) -I$(H)/stats -I$(H)/analysis
INC.$(H)/store    := $(INC.$(H)/core) -I$(H)/store
INC.$(H)/measure  := $(INC.$(H)/core) -I$(H)/store -I$(H)/measure
INC.$(H)/report   := $(INC.$(H)/core) -I$(H)/stats -I$(H)/analysis -I$(H)/store -I$(H)/report
INC.$(H)/export   := $(INC.$(H)/core) -I$(H)/store -I$(H)/export
INC.$(H)/results  := $(INC.$(H)/core) -I$(H)/analysis -I$(H)/store -I$(H)/results
INC.$(H)/history  := $(INC.$(H)/core) -I$(H)/stats -I$(H)/store -I$(H)/export -I$(H)/report \
                     -I$(H)/history
HARNESS_ALL := -I$(H)/include $(patsubst %,-I$(H)/%,core stats analysis store measure report export history run)
INC.$(H)/run      := $(HARNESS_ALL)
INC.interp        := -Iinterp
INC.benches       := -I$(H)/include -Iinterp
INC.benches/harness := $(HARNESS_ALL) -Ibenches
INC.tools         := -I$(H)/include
INC.tools/perfdoc := -I$(H)/include
INC.tools/crit-history := -I$(H)/include
INC.tests/unit    := $(HARNESS_ALL) -Iinterp
INC.fuzz          := $(HARNESS_ALL) -Iinterp
INC.examples/allocs := -I$(H)/include
INC.tests/fixtures/usage := -I$(H)/include -Iinterp
inc_for = $(or $(INC.$(patsubst %/,%,$(dir $(1)))),$(error $(1): no include rule for its folder in the Makefile))

# ---- sources -------------------------------------------------------------
CRIT_SRC  := $(wildcard harness/*/*.c)
# history's schema.sql, embedded as a C string (the rule below), is part of libcrit too.
SCHEMA_C  := $(OBJ)/gen/history_schema.c
CRIT_OBJ  := $(CRIT_SRC:%.c=$(OBJ)/%.o) $(SCHEMA_C:.c=.o)
PY_SRC    := $(filter-out interp/main.c,$(wildcard interp/*.c))
PY_OBJ    := $(PY_SRC:%.c=$(OBJ)/%.o)
BENCH_SRC := $(wildcard benches/*.c benches/harness/*.c)
BENCH_OBJ := $(BENCH_SRC:%.c=$(OBJ)/%.o)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(TBIN)/%)
TOOL_SRC  := $(wildcard tools/*.c)
TOOL_BIN  := $(TOOL_SRC:tools/%.c=$(BIN)/%)
# fuzz/fuzz_<target>.c; each also links with gcc into $(TBIN)/fuzz_<target> (fuzz/fuzz.mk)
FUZZ_ALL     := minipy_run minipy_frontend crit_json
FUZZ_DRIVERS := $(FUZZ_ALL:%=$(TBIN)/fuzz_%)

LIBCRIT := $(LIB)/libcrit.a
LIBPY   := $(LIB)/libpy.a
PRODUCTS := $(LIBCRIT) $(BIN)/bench $(TOOL_BIN)
ifneq ($(PY_SRC),)
  PRODUCTS += $(LIBPY)
endif
ifneq ($(wildcard interp/main.c),)
  PRODUCTS += $(BIN)/minipy
endif

.PHONY: all deps test check-pgo unit integration test-browser bench bench-quick bench-fast power \
        crash-safety check memcheck symbols \
        format format-check clean help
.DEFAULT_GOAL := all

all: $(PRODUCTS)

deps:
	@tools/install-deps.sh

$(OBJ)/%.o: %.c $(OBJ_DEPS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(call inc_for,$<) $(ALL_CFLAGS) $(OBJ_FLAGS) -c $< -o $@

# The history schema's one source is harness/history/schema.sql: od writes its bytes into
# crit_history_schema_sql[] (NUL-terminated), so the library never carries a second copy.
$(SCHEMA_C): harness/history/schema.sql
	@mkdir -p $(dir $@)
	$(call say,GEN,$@){ echo '/* generated from $< by the Makefile: do not edit */'; \
	  echo 'extern const char crit_history_schema_sql[];'; \
	  echo 'const char crit_history_schema_sql[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'; } > $@.tmp && mv $@.tmp $@

$(SCHEMA_C:.c=.o): $(SCHEMA_C)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBCRIT): $(CRIT_OBJ)
	@mkdir -p $(dir $@)
	$(call say,AR,$@)rm -f $@ && $(ARCHIVER) rcs $@ $^

$(LIBPY): $(PY_OBJ)
	@mkdir -p $(dir $@)
	$(call say,AR,$@)rm -f $@ && $(ARCHIVER) rcs $@ $^

$(BIN)/minipy: $(OBJ)/interp/main.o $(LIBPY)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ -o $@ -lm

BENCH_LIBS := $(LIBCRIT) $(if $(PY_SRC),$(LIBPY))
$(BIN)/bench: $(BENCH_OBJ) $(BENCH_LIBS)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $(BENCH_OBJ) $(BENCH_LIBS) $(LIBS) -o $@

$(BIN)/%: $(OBJ)/tools/%.o $(LIBCRIT)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@

# Unit tests link both libraries (an unused archive costs nothing) and cmocka.
$(TBIN)/%: $(OBJ)/tests/unit/%.o $(LIBCRIT) $(if $(PY_SRC),$(LIBPY))
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) $(CMOCKA_LIBS) -o $@

# Programs the integration tests run against this variant's libcrit: examples/allocs
# (--count-allocs), tests/fixtures/usage (CPU time, a command's rusage; minipy allocating in
# every iteration). touch64 is the command whose peak RSS is checked, built without sanitizers
# (their shadow memory would add to it).
TEST_PROGS := $(TBIN)/example_allocs $(TBIN)/usage_bench $(TBIN)/touch64 \
              $(if $(PY_SRC),$(TBIN)/py_allocs)
$(TBIN)/example_allocs: $(OBJ)/examples/allocs/allocs.o $(LIBCRIT)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@
$(TBIN)/usage_bench: $(OBJ)/tests/fixtures/usage/usage_bench.o $(LIBCRIT)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@
$(TBIN)/py_allocs: $(OBJ)/tests/fixtures/usage/py_allocs.o $(LIBCRIT) $(LIBPY)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@
$(TBIN)/touch64: tests/fixtures/usage/touch64.c
	@mkdir -p $(dir $@)
	$(call say,CC,$@)$(CC) -std=c11 -O2 $< -o $@

# ---- PGO phase 1 (MODE=pgo only) -------------------------------------------
# The instrumented minipy and bench (a recursive make of the pgo-gen variant, which keeps its own
# objects up to date), then the training run; every object of build/pgo depends on the stamp.
ifeq ($(MODE),pgo)
PGO_INPUTS := Makefile tools/pgo_train.sh \
              $(wildcard harness/include/*.h harness/*/*.[ch] interp/*.[ch] benches/*.[ch] \
                         benches/harness/*.[ch] tests/conformance/*)
$(PGO_STAMP): $(PGO_INPUTS)
	$(call say,PGO,"phase 1: instrumented minipy and bench in $(BUILD)/pgo-gen")
	$(Q)$(MAKE) --no-print-directory MODE=pgo-gen $(PGO_GEN_BIN)/minipy $(PGO_GEN_BIN)/bench
	$(call say,PGO,"training run into $(PGO_DATA)")
	$(Q)tools/pgo_train.sh $(PGO_GEN_BIN) $(PGO_DIR)
	$(Q)touch $@
	$(call say,PGO,"phase 2: $(BUILD)/$(VARIANT) with -fprofile-use")
endif

# ---- tests ---------------------------------------------------------------
# Scripts find the binaries of the variant under test through CRIT_BIN.
test: all $(UNIT_BIN) $(FUZZ_DRIVERS) $(TEST_PROGS)
	@CRIT_BIN=$(BIN) CRIT_TBIN=$(TBIN) tests/run.sh $(UNIT_BIN)

# The PGO build and every test on its binaries (a few minutes; not part of `make test`).
check-pgo:
	$(Q)$(MAKE) --no-print-directory MODE=pgo test

unit: all $(UNIT_BIN) $(TEST_PROGS)
	@CRIT_BIN=$(BIN) tests/run.sh --unit-only $(UNIT_BIN)

# The HTML report in a real browser (installs Debian's chromium when missing; not part of
# `make test`, which must not need a browser). Screenshots land in build/browser/.
test-browser: all
	@CRIT_BIN=$(BIN) tests/browser/run.sh $(BUILD)/browser

# ---- benchmarks ----------------------------------------------------------
bench: all
	$(BIN)/bench $(SUITE) $(ARGS)

bench-quick: all
	$(BIN)/bench $(SUITE) --quick $(ARGS)

# Precision-based stopping (docs/results-format.md): each benchmark samples until its estimate
# is within +-1 % (95 % interval), at most 1.5 s after a 0.3 s warm-up. ARGS come last and win.
BENCH_FAST_ARGS := --target-precision 0.01 --warm-up-time 0.3 --measurement-time 1.5
bench-fast: all
	$(BIN)/bench $(SUITE) $(BENCH_FAST_ARGS) $(ARGS)

# The power and false-alarm campaign (tests/perf/README.md): 10 tries per cell, about 1.5 min
# per method and situation; it installs this tree's release libcrit into its work directory.
METHOD    ?= paired
SITUATION ?= noisy
power: all
	bash tests/perf/power.sh --method $(METHOD) --situation $(SITUATION) $(ARGS)

# Issue 13's crash-safety campaign (tests/crash_safety.sh): KILLS runs of bench killed by
# SIGKILL at random moments, CONCURRENT rounds of four runs saving one baseline at once; every
# new/ and baseline must stay whole and from one run, and no temporary may outlive the next run.
KILLS      ?= 100
CONCURRENT ?= 50
crash-safety: all
	CRIT_BIN=$(BIN) bash tests/crash_safety.sh --kills $(KILLS) --concurrent $(CONCURRENT)

# The project's C files: git's list (tracked, and new files it does not ignore), else find.
C_FILES = $(or $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null),\
               $(shell find harness interp benches tools tests examples -name '*.[ch]'))

# The one legitimate exception to the prefix rule: harness/measure/allocs.c defines the allocator
# itself (--count-allocs interposes malloc & co. in every program linking libcrit.a), so these
# names, and only these, are exported from libcrit unprefixed.
ALLOC_INTERPOSED := malloc|calloc|realloc|free|posix_memalign|aligned_alloc|memalign|valloc|pvalloc

# Every exported symbol of the libraries carries its prefix, and no source reaches a header
# around its folder's include paths ("../store/fs.h", "store/fs.h" or <../store/fs.h>): with
# INC.<folder> that is the only way a module could use a header it may not.
symbols: $(LIBCRIT) $(if $(PY_SRC),$(LIBPY))
	@bad=$$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*("[^"]*/|<[^>]*\.\.)' $(C_FILES)); \
	  if [ -n "$$bad" ]; then echo "symbols: includes with a path (use the folder's include rule):"; echo "$$bad"; exit 1; fi
	@bad=$$(nm -g --defined-only $(LIBCRIT) | awk 'NF==3 && $$2 ~ /[TDBR]/ {print $$3}' | grep -v '^crit_' | grep -vxE '$(ALLOC_INTERPOSED)' ; \
	  if [ -n "$(PY_SRC)" ]; then nm -g --defined-only $(LIBPY) | awk 'NF==3 && $$2 ~ /[TDBR]/ {print $$3}' | grep -v '^py_'; fi); \
	  if [ -n "$$bad" ]; then echo "symbols: unprefixed exports:"; echo "$$bad"; exit 1; else echo "symbols: ok"; fi

# Every tracked C file (and new ones not ignored) in .clang-format's style.
format:
	$(Q)clang-format -i $(C_FILES)

format-check:
	$(Q)clang-format --dry-run --Werror $(C_FILES) && echo "format-check: ok"

# Every conformance program under valgrind's memcheck (the release minipy; a few minutes).
memcheck: all
	$(if $(SANITIZER),$(error make memcheck: valgrind cannot run a SANITIZER build))
	@MINIPY=$(abspath $(BIN))/minipy tests/conformance/memcheck.sh

# What a change should pass before review: CI's checks plus the memcheck corpus.
check: test symbols format-check memcheck

clean:
	rm -rf $(BUILD)

help:
	@sed -n '1,30p' Makefile

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# The interpreter's own targets (golden files, the mutation fuzz run) live beside it.
-include interp/interp.mk

# The libFuzzer targets (make fuzz, fuzz-smoke) and their gcc replay programs.
-include fuzz/fuzz.mk

# Tools of more than one file keep their rules beside them (each adds itself to `all`).
-include tools/perfdoc/perfdoc.mk
-include tools/crit-history/crit-history.mk
-include install.mk
