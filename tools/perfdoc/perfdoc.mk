# tools/perfdoc/perfdoc.mk: builds build/bin/perfdoc (PERFORMANCE.md tables from results JSON)
# and the `make perfdoc` target; included by the top-level Makefile.
#   make perfdoc [RESULTS=dir]   evaluate the gates (tools/gates.sh --json, exit status ignored)
#                                into $(BUILD)/gates.json, then rewrite the marked regions of
#                                PERFORMANCE.md from RESULTS (default: $CRIT_HOME, else results;
#                                several directories, "results-1 results-2 ...", are the shards
#                                of one `bench --shard K/N` run, read as one)

RESULTS ?= $(or $(CRIT_HOME),results)
PERFDOC_SRC := $(wildcard tools/perfdoc/*.c)
PERFDOC_OBJ := $(PERFDOC_SRC:%.c=$(OBJ)/%.o)

.PHONY: perfdoc

all: $(BIN)/perfdoc

$(BIN)/perfdoc: $(PERFDOC_OBJ) $(LIBCRIT)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@

# A stale gates.json is removed when there is no gates script, so the section says
# "not evaluated" instead of showing old verdicts.
perfdoc: $(BIN)/perfdoc
	@mkdir -p $(BUILD)
	$(Q)if [ -x tools/gates.sh ]; then tools/gates.sh --json $(RESULTS) > $(BUILD)/gates.json || true; \
	  else rm -f $(BUILD)/gates.json; fi
	$(Q)$(BIN)/perfdoc $(addprefix --results ,$(RESULTS)) --gates $(BUILD)/gates.json --out PERFORMANCE.md
