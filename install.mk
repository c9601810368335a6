# install.mk: `make install` and `make uninstall` for libcrit, included last by the top-level
# Makefile (so LIBCRIT, SAN_FLAGS, say and Q are defined). Installs the library of the variant
# being built (release unless MODE=/SANITIZER= say otherwise) and builds nothing else:
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   writes $(DESTDIR)$(PREFIX)/...
#     include/crit.h             the public header (stands alone: no other crit header needed)
#     include/crit_results.h     the tools-facing header: reading results directories (alone too)
#     include/crit_history.h     the tools-facing header of the history database (alone too)
#     lib/libcrit.a              the static library
#     lib/pkgconfig/crit.pc      from harness/crit.pc.in, with prefix=$(PREFIX) (not DESTDIR)
#   make uninstall [PREFIX=...] [DESTDIR=]        removes those five files
#
# Then `cc bench.c $(pkg-config --cflags --libs crit)` links a benchmark (see examples/hello;
# set PKG_CONFIG_PATH=$(PREFIX)/lib/pkgconfig for a prefix pkg-config does not search).
# PREFIX is made absolute; it must not contain spaces or quotes. CRIT_VERSION sets Version:.

PREFIX       ?= /usr/local
DESTDIR      ?=
CRIT_VERSION ?= 0.1.0
INSTALL      ?= install

CRIT_PREFIX  := $(abspath $(PREFIX))
INSTALL_INC  := $(DESTDIR)$(CRIT_PREFIX)/include
INSTALL_LIB  := $(DESTDIR)$(CRIT_PREFIX)/lib
INSTALL_PC   := $(INSTALL_LIB)/pkgconfig
# sed replacement text: '|' (our delimiter) and '&' (the match) must be escaped.
sed_escape = $(subst |,\|,$(subst &,\&,$(1)))

.PHONY: install uninstall

install: $(LIBCRIT) harness/include/crit.h harness/include/crit_results.h \
         harness/include/crit_history.h harness/crit.pc.in
	$(call say,INSTALL,$(INSTALL_INC)/crit.h)$(INSTALL) -d '$(INSTALL_INC)' && \
	  $(INSTALL) -m 644 harness/include/crit.h '$(INSTALL_INC)/crit.h'
	$(call say,INSTALL,$(INSTALL_INC)/crit_results.h)$(INSTALL) -m 644 \
	  harness/include/crit_results.h '$(INSTALL_INC)/crit_results.h'
	$(call say,INSTALL,$(INSTALL_INC)/crit_history.h)$(INSTALL) -m 644 \
	  harness/include/crit_history.h '$(INSTALL_INC)/crit_history.h'
	$(call say,INSTALL,$(INSTALL_LIB)/libcrit.a)$(INSTALL) -d '$(INSTALL_LIB)' && \
	  $(INSTALL) -m 644 $(LIBCRIT) '$(INSTALL_LIB)/libcrit.a'
	$(call say,INSTALL,$(INSTALL_PC)/crit.pc)$(INSTALL) -d '$(INSTALL_PC)' && \
	  sed -e '/^##/d' -e 's|@PREFIX@|$(call sed_escape,$(CRIT_PREFIX))|g' \
	      -e 's|@VERSION@|$(call sed_escape,$(CRIT_VERSION))|g' \
	      -e 's|@SANITIZER_LIBS@|$(SAN_FLAGS)|g' -e 's| *$$||' \
	      harness/crit.pc.in > '$(INSTALL_PC)/.crit.pc.tmp' && \
	  chmod 644 '$(INSTALL_PC)/.crit.pc.tmp' && mv -f '$(INSTALL_PC)/.crit.pc.tmp' '$(INSTALL_PC)/crit.pc'

uninstall:
	$(call say,RM,$(INSTALL_INC)/crit.h)rm -f '$(INSTALL_INC)/crit.h'
	$(call say,RM,$(INSTALL_INC)/crit_results.h)rm -f '$(INSTALL_INC)/crit_results.h'
	$(call say,RM,$(INSTALL_INC)/crit_history.h)rm -f '$(INSTALL_INC)/crit_history.h'
	$(call say,RM,$(INSTALL_LIB)/libcrit.a)rm -f '$(INSTALL_LIB)/libcrit.a'
	$(call say,RM,$(INSTALL_PC)/crit.pc)rm -f '$(INSTALL_PC)/crit.pc'
