# interp/interp.mk: the interpreter's own targets, included by the top-level Makefile.
#   make golden   regenerate tests/conformance/*.out/.rc/.err with CPython (the only use of python3);
#                 files whose first line is "# golden: manual" keep their hand-written goldens
#   make fuzz-mutate   test_py_fuzz's mutation run, longer than its smoke test in `make test`
#                 (FUZZ_N programs; `make fuzz` is the libFuzzer campaign of fuzz/fuzz.mk)
#   make conformance   just the conformance corpus against build/bin/minipy

GOLDEN_PY ?= /usr/bin/python3
FUZZ_N ?= 20000

.PHONY: golden fuzz-mutate conformance

golden:
	@for f in tests/conformance/*.py; do \
	  b=$${f%.py}; \
	  if head -n 1 "$$f" | grep -q '^# golden: manual'; then continue; fi; \
	  (cd tests/conformance && timeout 60 $(GOLDEN_PY) "$$(basename $$f)" > "$$(basename $$b).out" 2> "$$(basename $$b).stderr"; \
	   echo $$? > "$$(basename $$b).rc"); \
	  tail -n 1 "$$b.stderr" > "$$b.err"; rm -f "$$b.stderr"; \
	done; echo "golden: regenerated with $$($(GOLDEN_PY) --version)"

conformance: $(BIN)/minipy
	@CRIT_BIN=$(BIN) tests/conformance/run.sh

fuzz-mutate: $(TBIN)/test_py_fuzz
	PY_FUZZ_N=$(FUZZ_N) $(TBIN)/test_py_fuzz
