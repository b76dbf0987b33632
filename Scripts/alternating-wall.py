#!/usr/bin/env python3
"""Wall and CPU time of short commands, run in turn round after round.

    python3 Scripts/alternating-wall.py ROUNDS NAME=COMMAND...

Runs every COMMAND (split on spaces; standard output and error to /dev/null) once per round, in
the order given, after three warm-up runs each, and prints per command the median and mean wall
time, the mean user+system CPU of the process and its children, and the median wall time as a
fraction of the first command's. Alternating keeps a drifting machine load from favouring one
command, which back-to-back series (hyperfine's) do not; use it for start-up figures on a busy
machine. A command's program is looked up on this script's PATH: run under pyenv, `python3` is
then the interpreter itself, not pyenv's shim (name the shim's path to include it). Example
(BENCHMARKS.md, issue 14):

    python3 Scripts/alternating-wall.py 40 "lxml=python3 ../shared/bench/peers/lxml_audit.py $F" \\
      "now=.build-rel/release/darkshare audit $F" "base=/tmp/darkshare-base audit $F"
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or not all("=" in a for a in sys.argv[2:]):
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = dict(argument.split("=", 1) for argument in sys.argv[2:])
    commands = {name: command.split() for name, command in commands.items()}
    wall = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    with open(os.devnull, "w") as devnull:
        for command in commands.values():
            for _ in range(3):
                subprocess.run(command, stdout=devnull, stderr=devnull)
        for _ in range(rounds):
            for name, command in commands.items():
                before, start = os.times(), time.perf_counter()
                subprocess.run(command, stdout=devnull, stderr=devnull)
                end, after = time.perf_counter(), os.times()
                wall[name].append((end - start) * 1e3)
                cpu[name].append((after.children_user - before.children_user + after.children_system - before.children_system) * 1e3)
    reference = statistics.median(next(iter(wall.values())))
    for name in commands:
        print(f"{name:14s} wall median {statistics.median(wall[name]):7.1f} ms, mean {statistics.mean(wall[name]):7.1f} "
              f"± {statistics.stdev(wall[name]):5.1f} ms; CPU mean {statistics.mean(cpu[name]):6.1f} ms; "
              f"median ÷ {next(iter(commands))} {statistics.median(wall[name]) / reference:.3f}")


if __name__ == "__main__":
    main()
