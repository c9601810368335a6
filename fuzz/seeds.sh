# fuzz/seeds.sh: where each fuzz target's committed seeds live, the one place that says so
# (sourced by tools/fuzz.sh, which copies them into the working corpus, and by
# tests/integration/fuzz_regressions.sh, which replays them). The minipy targets start from the
# conformance programs themselves; crit_json from the real result files in fuzz/corpus/crit_json.
fuzz_seed_files() {  # target -> its seed files, one per line (bytewise order)
  case $1 in
    minipy_run | minipy_frontend) LC_ALL=C ls -d tests/conformance/*.py ;;
    *) [ -d "fuzz/corpus/$1" ] && find "fuzz/corpus/$1" -maxdepth 1 -type f | LC_ALL=C sort ;;
  esac
}
