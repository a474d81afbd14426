# ledger-tools - see README.  POSIX make + GNU make features (wildcard).
PREFIX ?= /usr/local
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DOCDIR ?= $(PREFIX)/share/doc/ledger-tools
CC ?= cc
CPPFLAGS ?=
CFLAGS ?= -O2 -g
LDFLAGS ?=
BUILD ?= build
BINDIR ?= bin
LT_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Iinclude -I$(BUILD)
LDLIBS = -lcsv -lyaml -lz -lexpat -lfreexl -lxlsxwriter -lpthread -lm

LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/embedded.o
TOOLS = $(notdir $(basename $(wildcard cmd/*.c)))
BINS = $(TOOLS:%=$(BINDIR)/%)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNITS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED_IN = etc/config.yaml etc/ledger.yaml etc/roster.yaml \
	etc/geo/provinces.csv etc/geo/cities.csv etc/geo/areas.csv
HDR = $(wildcard include/*.h include/lt/*.h lib/*.h)

all: $(BINS) $(BUILD)/libledger.a

$(BUILD)/lib/%.o: lib/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The built-in YAML and division tables are compiled in as strings.
$(BUILD)/embed: scripts/embed.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ scripts/embed.c
$(BUILD)/embedded.c: $(BUILD)/embed $(EMBED_IN)
	$(BUILD)/embed lt_builtin_config etc/config.yaml \
		lt_builtin_ledger etc/ledger.yaml \
		lt_builtin_roster etc/roster.yaml \
		lt_builtin_provinces etc/geo/provinces.csv \
		lt_builtin_cities etc/geo/cities.csv \
		lt_builtin_areas etc/geo/areas.csv > $@.tmp && mv $@.tmp $@
$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $(BUILD)/embedded.c

$(BUILD)/libledger.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BINDIR)/%: cmd/%.c $(BUILD)/libledger.a $(HDR)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libledger.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libledger.a $(HDR)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Ilib -o $@ $< $(BUILD)/libledger.a $(LDLIBS)

units: $(UNITS)

deps:
	@scripts/install-deps

demo: deps
	@$(MAKE) all
	@scripts/demo

# The whole suite, then again under ASan + UBSan.
check: deps
	@$(MAKE) all units
	@scripts/check
	@$(MAKE) BUILD=build-san BINDIR=build-san/bin \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" all units
	@ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		scripts/check --build build-san --bin build-san/bin

bench: deps
	@$(MAKE) all
	@scripts/bench

# A city's ledger: 10,000,000 rows (about 2.2 GB in bench/out-city), the
# streaming tools once each, time and peak memory.  Not part of make check.
bench-city: deps
	@$(MAKE) all
	@scripts/bench --city

# The tools, wednesday-update, the man pages, bash completion (one file,
# a symlink per command name: bash-completion loads completions/COMMAND)
# and the example cron file.  Every step's failure fails the install.
install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(DOCDIR)/examples/cron.d
	cp $(BINS) scripts/wednesday-update $(DESTDIR)$(PREFIX)/bin/
	cp man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	cp completion/ledger-tools.bash $(DESTDIR)$(BASHCOMPDIR)/ledger-tools
	for t in $(TOOLS) wednesday-update; do \
		ln -sf ledger-tools $(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; \
	done
	sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
		examples/wednesday-update.cron.in \
		> $(DESTDIR)$(DOCDIR)/examples/cron.d/wednesday-update
	chmod 644 $(DESTDIR)$(DOCDIR)/examples/cron.d/wednesday-update

# ledger-tools_VERSION_ARCH.deb in dist/ (see scripts/make-deb); not part
# of make check.
deb:
	@scripts/make-deb

clean:
	rm -rf $(BUILD) build-san $(BINDIR) dist

.PHONY: all units deps demo check bench bench-city install deb clean

# Benchmark helpers (bench/, libc and libcsv only, no libledger): the data
# generator, the bare libcsv parse (the floor for a libcsv tool), a
# quote-aware memchr scanner (the ceiling for any CSV reader) and a
# getrusage wrapper for peak RSS.  scripts/bench builds them.
BENCH_TOOLS = $(BUILD)/gen $(BUILD)/csvcount $(BUILD)/scan $(BUILD)/peakrss
gen: $(BUILD)/gen
bench-tools: $(BENCH_TOOLS)
$(BUILD)/gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/gen.c
$(BUILD)/csvcount: bench/csvcount.c
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/csvcount.c -lcsv
$(BUILD)/scan: bench/scan.c
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/scan.c
$(BUILD)/peakrss: bench/peakrss.c
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/peakrss.c
.PHONY: gen bench-tools

# Fuzzing (SPEC 7; README "Fuzzing").  fuzz/T.c with fuzz/common.c is a
# target.  make units links each with fuzz/replay.c into $(BUILD)/fuzz/T,
# a plain program scripts/check runs on fuzz/corpus/T and fuzz/regress/T
# (so the replay needs neither clang nor libFuzzer).  make fuzz builds the
# libFuzzer binaries with clang into build-fuzz/ and, with FUZZ_SECONDS=N,
# runs each of FUZZ_TARGETS for N seconds (scripts/fuzz).
FUZZ_ALL = reader table validators yaml workbook hmap split
FUZZ_TARGETS = $(FUZZ_ALL)
FUZZ_SECONDS =
FUZZ_BUILD = build-fuzz
FUZZ_CC = clang
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_DEP = fuzz/common.c fuzz/fuzz.h $(BUILD)/libledger.a $(HDR)
units: $(FUZZ_ALL:%=$(BUILD)/fuzz/%)
# The targets read with the reader's small buffers (LT_FUZZ_BUFS): its
# objects come before the library, whose own are then not linked.
FUZZ_BUFS = $(BUILD)/fuzz/reader-bufs.o $(BUILD)/fuzz/bytesrc-bufs.o \
	$(BUILD)/fuzz/csvsplit-bufs.o
$(BUILD)/fuzz/%-bufs.o: lib/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) -DLT_FUZZ_BUFS -c -o $@ $<
$(BUILD)/fuzz/%: fuzz/%.c fuzz/replay.c $(FUZZ_BUFS) $(FUZZ_DEP)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Ifuzz -o $@ $< \
		fuzz/common.c fuzz/replay.c $(FUZZ_BUFS) \
		$(BUILD)/libledger.a $(LDLIBS)
# Only made by make fuzz (BUILD=$(FUZZ_BUILD), CC=$(FUZZ_CC)).
$(BUILD)/fuzzer/%: fuzz/%.c $(FUZZ_BUFS) $(FUZZ_DEP)
	@mkdir -p $(@D)
	$(CC) $(LT_CFLAGS) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -Ifuzz -o $@ $< \
		fuzz/common.c $(FUZZ_BUFS) \
		$(BUILD)/libledger.a $(LDLIBS)
fuzz:
	@FUZZ_CC=$(FUZZ_CC) scripts/install-deps --fuzz
	@$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" \
		$(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzzer/%)
	@if [ -n "$(FUZZ_SECONDS)" ]; then \
		scripts/fuzz --seconds "$(FUZZ_SECONDS)" \
		    --build $(FUZZ_BUILD) $(FUZZ_TARGETS); fi
clean: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_BUILD)
.PHONY: fuzz clean-fuzz
