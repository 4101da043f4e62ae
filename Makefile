# Shortcuts over CMake. `make run` and `make test` are the two Quick-start commands:
# each installs missing Debian packages, builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
# ctest's parallel runs (default: JOBS).
TEST_JOBS ?= $(JOBS)
CMAKE_FLAGS ?=

# For `make test`: what to put before ctest (environment settings) and after it (a filter).
TEST_ENV ?=
CTEST_ARGS ?=

.PHONY: deps configure build run test asan tsan fuzz bench clean

deps:
	@./scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

# TARGETS: build only these (default: everything).
TARGETS ?=
build: configure
	cmake --build $(BUILD) -j $(JOBS) $(if $(TARGETS),--target $(TARGETS))

# The main job: logistic MF on the built-in synthetic data, its test metrics and a
# few users' top-5 lists.
run: build
	./$(BUILD)/recgrad train

# Without RECGRAD_ML100K the MovieLens floors are skipped: ctest lists them, and the
# banner after it says so, so that a green run cannot be mistaken for a checked one.
test: build
	cd $(BUILD) && $(TEST_ENV) ctest --output-on-failure -j $(TEST_JOBS) $(CTEST_ARGS)
	@if [ -z "$$RECGRAD_ML100K" ]; then \
	  echo "****************************************************************************"; \
	  echo "* SKIPPED: the MovieLens 100K quality floors (RECGRAD_ML100K is not set).    *"; \
	  echo "* Set RECGRAD_ML100K=path/to/ml-100k (data/download_movielens.sh ml-100k) to  *"; \
	  echo "* run them; .ci/run does.                                                   *"; \
	  echo "****************************************************************************"; \
	fi

# The sanitizer trees take RelWithDebInfo with -g1: line tables are all a report needs, and
# full debug info made their build ~40% slower.
SAN_FLAGS = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DRECGRAD_BUILD_BENCH=OFF

# The suite under AddressSanitizer + UndefinedBehaviorSanitizer (the xsimd kernels without
# use-after-scope and null/alignment checks: CMakeLists.txt says why). Left out: the quality
# floors (tests/quality: ML-100K, the built-in data over three seeds, other data shapes; many
# CPU-minutes under ASan): they only train and evaluate the same models through the same code
# as the models, training, files and evaluation suites do on synthetic data, just on more rows; `make test` keeps them, and the data suite still loads the
# real ML-100K files under ASan. Also left out: the test that caps the address space to make
# an allocation fail: ASan's shadow memory cannot start under that cap, and its operator new
# reports and aborts instead of throwing std::bad_alloc, so there is nothing of ours to check.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS='$(SAN_FLAGS) -DRECGRAD_SANITIZE=ON' \
	  CTEST_ARGS="-E '^quality:|^use:running out of memory the estimate did not foresee'"

# The threaded code under ThreadSanitizer (its own tree: TSan and ASan cannot share one):
# the training suite, whose concurrent-scoring test scores every trained model from 1, 2 and
# 8 OpenMP threads, as the evaluator and `recommend --all-users` do. Only that suite is built.
# GCC's OpenMP runtime is invisible to TSan, hence one OpenMP thread by default and the
# suppressions: tests/tsan.supp explains both. With one OpenMP thread the other suites start no
# second thread, so TSan has nothing to check in them; those that do pick thread counts of
# their own (kernels, evaluation, data) run OpenMP teams without that test's mutex and would
# report libgomp's unseen synchronisation, not our races. Within the suite the baseline beside
# every model is left out: a serial check (2 minutes under TSan) the other two builds run.
tsan:
	$(MAKE) test BUILD=build-tsan CMAKE_FLAGS='$(SAN_FLAGS) -DRECGRAD_TSAN=ON' TARGETS=recgrad_tests_training \
	  TEST_ENV="OMP_NUM_THREADS=1 TSAN_OPTIONS='suppressions=$(CURDIR)/tests/tsan.supp'" \
	  CTEST_ARGS="-R '^training:' -E 'stands beside the registry'"

# The libFuzzer harnesses (fuzz/), each run FUZZ_SECONDS over a scratch copy of its seed corpus
# (fuzz/run.sh), in a clang tree of their own: the library built for libFuzzer with ASan + UBSan.
# Installs clang 14 and libFuzzer when missing. Fails when any harness stops on a finding.
FUZZ_SECONDS ?= 300
FUZZ_BUILD ?= build-fuzz
fuzz:
	@./scripts/install-deps.sh fuzz
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DRECGRAD_FUZZ=ON -DRECGRAD_BUILD_TESTS=OFF \
	  -DRECGRAD_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_harnesses
	./fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build
	./$(BUILD)/bench_kernels
	for m in $$(./$(BUILD)/recgrad models --names --gradient); do ./$(BUILD)/recgrad bench --model $$m --json || exit 1; done
	./$(BUILD)/bench_topk
	./$(BUILD)/bench_hnsw --items 100000

clean:
	rm -rf build build-asan build-tsan build-fuzz
