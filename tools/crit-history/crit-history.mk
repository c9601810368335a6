# tools/crit-history/crit-history.mk: builds build/bin/crit-history (the history database's
# command line: list, show, import, report, check); included by the top-level Makefile.

CRIT_HISTORY_SRC := $(wildcard tools/crit-history/*.c)
CRIT_HISTORY_OBJ := $(CRIT_HISTORY_SRC:%.c=$(OBJ)/%.o)

all: $(BIN)/crit-history

$(BIN)/crit-history: $(CRIT_HISTORY_OBJ) $(LIBCRIT)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(ALL_LDFLAGS) $^ $(LIBS) -o $@
