"""cpython_timer.py: CPython's side of the cpython_pure_* benchmarks (benches/baselines.c).

The bench runner starts this once per benchmark and drives it through the harness's custom
timing loop: it writes "<kind> <iterations>" lines on stdin, and for each this script runs that
many iterations between two perf_counter_ns() reads and answers with the elapsed ns on a line.
CPython therefore gets the same warm-up, linear sampling, bootstrap and files as minipy.

  exec N   exec(compile("2 + 3", "<string>", "exec"), g)   -- CPython's whole in-process path
  vm N     exec(code, g) with code compiled once            -- CPython's VM alone

The loop is timeit's (for _ in itertools.repeat(None, N)), so its few ns per iteration of loop
overhead are included, as in timeit and pyperf. g is one dict reused across iterations, as
minipy's benchmarks reuse one state. A malformed request gets "error ..." and the script goes on.
"""
import itertools
import sys
import time

SOURCE = "2 + 3"


def run(kind, n, code, g):
    perf = time.perf_counter_ns
    loop = itertools.repeat(None, n)
    if kind == "exec":
        comp, ex, src = compile, exec, SOURCE
        t0 = perf()
        for _ in loop:
            ex(comp(src, "<string>", "exec"), g)
        t1 = perf()
    else:
        ex = exec
        t0 = perf()
        for _ in loop:
            ex(code, g)
        t1 = perf()
    return t1 - t0


def main():
    code = compile(SOURCE, "<string>", "exec")
    g = {"__builtins__": __builtins__}
    out = sys.stdout
    for line in sys.stdin:
        words = line.split()
        if len(words) != 2 or words[0] not in ("exec", "vm") or not words[1].isdigit():
            out.write("error: expected 'exec N' or 'vm N', got %r\n" % line.strip())
        else:
            out.write("%d\n" % run(words[0], int(words[1]), code, g))
        out.flush()


if __name__ == "__main__":
    main()
